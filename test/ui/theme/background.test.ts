import { describe, expect, test } from "bun:test";
import { backgroundFromColorFgBg, detectBackground, OSC11_QUERY, parseBackgroundReply } from "../../../src/ui/theme/background.ts";

describe("terminal background", () => {
  test("the query is OSC 11", () => {
    expect(OSC11_QUERY).toBe("\x1b]11;?\x07");
  });

  test.each([
    ["\x1b]11;rgb:0000/0000/0000\x07", "dark"],
    ["\x1b]11;rgb:ffff/ffff/ffff\x1b\\", "light"],
    ["\x1b]11;rgb:1e1e/1e1e/2e2e\x07", "dark"],
    ["\x1b]11;rgb:fd/f6/e3\x07", "light"],
    ["\x1b]11;rgb:f/f/f\x07", "light"],
    ["\x1b]11;rgba:2828/2a2a/3636/ffff\x07", "dark"],
    ["\x1b]11;rgb:8080/8080/8080\x07", "light"],
    ["\x1b]11;rgb:5050/5050/5050\x07", "dark"],
  ] as const)("%j is %s", (reply, expected) => {
    expect(parseBackgroundReply(reply)!.background).toBe(expected);
  });

  test("components are scaled from their digits and the reply is found inside other input", () => {
    const data = "ab\x1b]11;rgb:ffff/8080/0000\x07\x1b[A";
    const reply = parseBackgroundReply(new TextEncoder().encode(data))!;
    expect(reply.rgb).toEqual({ r: 255, g: 128, b: 0 });
    expect(data.slice(reply.start, reply.end)).toBe("\x1b]11;rgb:ffff/8080/0000\x07");
  });

  test("no reply, or an incomplete one, gives undefined", () => {
    expect(parseBackgroundReply("")).toBeUndefined();
    expect(parseBackgroundReply("\x1b]11;rgb:ffff/ffff")).toBeUndefined();
    expect(parseBackgroundReply("\x1b]10;rgb:ffff/ffff/ffff\x07")).toBeUndefined();
  });

  test.each([
    ["15;0", "dark"],
    ["0;15", "light"],
    ["7;8", "dark"],
    ["0;7", "light"],
    ["15;default;0", "dark"],
    ["12;4", "dark"],
    ["0;11", "light"],
  ] as const)("COLORFGBG=%s is %s", (value, expected) => {
    expect(backgroundFromColorFgBg(value)).toBe(expected);
  });

  test("COLORFGBG unset or not understood", () => {
    expect(backgroundFromColorFgBg(undefined)).toBeUndefined();
    expect(backgroundFromColorFgBg("default;default")).toBeUndefined();
    expect(backgroundFromColorFgBg("0;200")).toBeUndefined();
  });

  test("the reply wins, then COLORFGBG, then dark", () => {
    expect(detectBackground({ reply: "\x1b]11;rgb:ffff/ffff/ffff\x07", env: { COLORFGBG: "15;0" } })).toBe("light");
    expect(detectBackground({ reply: "garbage", env: { COLORFGBG: "0;15" } })).toBe("light");
    expect(detectBackground({ env: {} })).toBe("dark");
  });
});
