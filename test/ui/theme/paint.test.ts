import { describe, expect, test } from "bun:test";
import { ThemeRegistry } from "../../../src/ui/theme/registry.ts";
import { paintText } from "../../../src/ui/theme/paint.ts";

describe("paint", () => {
  test("per colour level: truecolor, 256, basic, none", () => {
    expect(paintText("truecolor", "#ff8000", "x")).toBe("\x1b[38;2;255;128;0mx\x1b[39m");
    expect(paintText("256", "#ff8000", "x")).toBe("\x1b[38;5;208mx\x1b[39m");
    expect(paintText("basic", "#ff0000", "x")).toBe("\x1b[91mx\x1b[39m");
    expect(paintText("none", "#ff0000", "x", { bold: true, bg: "#000000" })).toBe("x");
  });

  test("attributes and background close only what they opened", () => {
    expect(paintText("truecolor", undefined, "x", { bold: true, italic: true })).toBe("\x1b[1m\x1b[3mx\x1b[23m\x1b[22m");
    expect(paintText("truecolor", "#000000", "x", { bg: "#ffffff" })).toBe("\x1b[38;2;0;0;0m\x1b[48;2;255;255;255mx\x1b[49m\x1b[39m");
  });

  test("nested painting: the outer colour comes back after the inner text", () => {
    const inner = paintText("truecolor", "#00ff00", "green");
    const outer = paintText("truecolor", "#ff0000", `red ${inner} red`);
    expect(outer).toBe("\x1b[38;2;255;0;0mred \x1b[38;2;0;255;0mgreen\x1b[39m\x1b[38;2;255;0;0m red\x1b[39m");
    const bold = paintText("truecolor", undefined, `a ${paintText("truecolor", undefined, "b", { bold: true })} c`, { bold: true });
    expect(bold).toBe("\x1b[1ma \x1b[1mb\x1b[22m\x1b[1m c\x1b[22m");
  });

  test("empty text stays empty", () => {
    expect(paintText("truecolor", "#ff0000", "")).toBe("");
  });

  test("a theme paints with its slots; without colour it paints nothing", () => {
    const registry = new ThemeRegistry();
    const theme = registry.resolveTheme("nord", true, "truecolor");
    expect(theme.fg("primary", "p")).toBe(theme.paint(theme.primary, "p"));
    expect(theme.fg("primary", "p")).toContain("\x1b[38;2;");
    expect(theme.bg(theme.codeBackground, "c")).toContain("\x1b[48;2;");
    expect(theme.style("s", { underline: true })).toBe("\x1b[4ms\x1b[24m");
    const none = registry.resolveTheme("nord", true, "none");
    expect(none.fg("primary", "p", { bold: true })).toBe("p");
    expect(none.bg(none.codeBackground, "c")).toBe("c");
    expect(none.style("s", { bold: true })).toBe("s");
  });
});
