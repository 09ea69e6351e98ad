import { describe, expect, test } from "bun:test";
import { bgSgr, colorize, detectColorLevel, fgSgr, parseHex, rgbTo256, rgbToBasic } from "../../src/ui/terminal/colors.ts";

describe("detectColorLevel", () => {
  test.each([
    [{ NO_COLOR: "1", COLORTERM: "truecolor" }, "none"],
    [{ NO_COLOR: "", TERM: "xterm-256color" }, "256"],
    [{ TERM: "dumb" }, "none"],
    [{ COLORTERM: "truecolor", TERM: "xterm-256color" }, "truecolor"],
    [{ COLORTERM: "24bit" }, "truecolor"],
    [{ TERM: "xterm-kitty" }, "truecolor"],
    [{ TERM: "xterm-256color", TERM_PROGRAM: "iTerm.app" }, "truecolor"],
    [{ TERM: "screen-256color" }, "256"],
    [{ TERM: "xterm" }, "basic"],
    [{}, "basic"],
    [{ FORCE_COLOR: "0", COLORTERM: "truecolor" }, "none"],
    [{ FORCE_COLOR: "3", TERM: "xterm" }, "truecolor"],
    [{ FORCE_COLOR: "2" }, "256"],
  ] as [Record<string, string>, string][])("%j is %s", (env, level) => {
    expect(detectColorLevel(env)).toBe(level as never);
  });
});

describe("hex colours to SGR", () => {
  test("parseHex", () => {
    expect(parseHex("#ff8000")).toEqual({ r: 255, g: 128, b: 0 });
    expect(parseHex("#F80")).toEqual({ r: 255, g: 136, b: 0 });
    expect(() => parseHex("orange")).toThrow(/not a colour/);
  });

  test("truecolor keeps the exact colour", () => {
    expect(fgSgr("#0a141e", "truecolor")).toBe("\x1b[38;2;10;20;30m");
    expect(bgSgr("#0a141e", "truecolor")).toBe("\x1b[48;2;10;20;30m");
  });

  test("256 colours: cube and grey ramp", () => {
    expect(rgbTo256({ r: 255, g: 0, b: 0 })).toBe(196);
    expect(rgbTo256({ r: 0, g: 0, b: 0 })).toBe(16);
    expect(rgbTo256({ r: 255, g: 255, b: 255 })).toBe(231);
    expect(rgbTo256({ r: 128, g: 128, b: 128 })).toBe(244);
    expect(rgbTo256({ r: 95, g: 135, b: 175 })).toBe(67);
    expect(fgSgr("#ff0000", "256")).toBe("\x1b[38;5;196m");
    expect(bgSgr("#808080", "256")).toBe("\x1b[48;5;244m");
  });

  test("basic: nearest of the 16 ANSI colours", () => {
    expect(rgbToBasic({ r: 250, g: 10, b: 10 })).toBe(9);
    expect(rgbToBasic({ r: 0, g: 0, b: 0 })).toBe(0);
    expect(rgbToBasic({ r: 0, g: 180, b: 0 })).toBe(2);
    expect(fgSgr("#ff0000", "basic")).toBe("\x1b[91m");
    expect(fgSgr("#00b400", "basic")).toBe("\x1b[32m");
    expect(bgSgr("#ffffff", "basic")).toBe("\x1b[107m");
  });

  test("none writes no colour", () => {
    expect(fgSgr("#ff0000", "none")).toBe("");
    expect(colorize("text", "#ff0000", "none")).toBe("text");
    expect(colorize("text", "#ff0000", "truecolor")).toBe("\x1b[38;2;255;0;0mtext\x1b[39m");
  });
});
