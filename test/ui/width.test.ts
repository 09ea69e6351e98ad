import { describe, expect, test } from "bun:test";
import { StyleState, stripAnsi } from "../../src/ui/ansi.ts";
import { expandTabs, invertColumn, padEnd, truncate, visibleWidth, wrapLine } from "../../src/ui/width.ts";

/** Each line must be self-contained: the style it opens, it closes. */
function expectClosed(line: string): void {
  const state = new StyleState();
  for (const match of line.matchAll(/\x1b\[[0-9;:]*m|\x1b\]8;[^\x07]*\x07/g)) state.apply(match[0]);
  expect(state.active).toBe(false);
}

describe("visibleWidth", () => {
  test.each([
    ["", 0],
    ["abc", 3],
    ["漢字", 4],
    ["日本語のテキスト", 16],
    ["한국어", 6],
    ["👍", 2],
    ["👍🏽", 2],
    ["👨‍👩‍👧‍👦", 2],
    ["🇫🇷", 2],
    ["❤️", 2],
    ["é", 1],
    ["e\u0301", 1],
    ["\x1b[31mred\x1b[0m", 3],
    ["\x1b[38;2;10;20;30m漢\x1b[39m", 2],
    ["\x1b]8;;https://example.com\x07link\x1b]8;;\x07", 4],
    ["a\tb", 5],
    ["\tx", 5],
    ["abcd\tx", 9],
  ] as [string, number][])("%j is %d columns", (text, width) => {
    expect(visibleWidth(text)).toBe(width);
  });

  test("tabs expand to the next multiple of 4, measured in columns", () => {
    expect(expandTabs("a\tb")).toBe("a   b");
    expect(expandTabs("漢\tb")).toBe("漢  b");
    expect(expandTabs("\x1b[1mab\x1b[0m\tc")).toBe("\x1b[1mab\x1b[0m  c");
    expect(expandTabs("x\ty", 8)).toBe("x       y");
  });
});

describe("wrapLine", () => {
  test("word wrap at spaces, hard break for long words", () => {
    expect(wrapLine("hello world foo", 5)).toEqual(["hello", "world", "foo"]);
    expect(wrapLine("the quick brown fox", 10)).toEqual(["the quick", "brown fox"]);
    expect(wrapLine("abcdefghij", 3)).toEqual(["abc", "def", "ghi", "j"]);
    expect(wrapLine("aaaa bbbbbbbbbbbb", 6)).toEqual(["aaaa", "bbbbbb", "bbbbbb"]);
    expect(wrapLine("abcdefghij", 3, { wordWrap: false })).toEqual(["abc", "def", "ghi", "j"]);
    expect(wrapLine("ab cd ef", 4, { wordWrap: false })).toEqual(["ab c", "d ef"]);
  });

  test("newlines, empty text, indentation", () => {
    expect(wrapLine("", 10)).toEqual([""]);
    expect(wrapLine("a\n\nb", 10)).toEqual(["a", "", "b"]);
    expect(wrapLine("  indented text", 10)).toEqual(["  indented", "text"]);
    expect(wrapLine("fits", 4)).toEqual(["fits"]);
  });

  test("CJK and emoji wrap by columns, never split", () => {
    expect(wrapLine("漢字漢字漢字", 5)).toEqual(["漢字", "漢字", "漢字"]);
    expect(wrapLine("👍👍👍", 4)).toEqual(["👍👍", "👍"]);
    expect(wrapLine("漢", 1)).toEqual(["漢"]);
    for (const line of wrapLine("日本語のテキストと English words が混ざる文章 👍🏽 emoji", 11)) expect(visibleWidth(line)).toBeLessThanOrEqual(11);
  });

  test("styles carry across wrapped lines and every line closes what it opens", () => {
    const lines = wrapLine("\x1b[1m\x1b[31mhello world\x1b[39m foo bar\x1b[22m", 7);
    expect(lines.map(stripAnsi)).toEqual(["hello", "world", "foo bar"]);
    expect(lines[1]!.startsWith("\x1b[1;31m")).toBe(true);
    expect(lines[2]!.startsWith("\x1b[1m")).toBe(true);
    for (const line of lines) expectClosed(line);
  });

  test("256-colour, truecolor, background and hyperlinks are reopened", () => {
    const lines = wrapLine("\x1b[38;5;208m\x1b[48;2;1;2;3morange on dark\x1b[0m", 6);
    expect(lines.map(stripAnsi)).toEqual(["orange", "on", "dark"]);
    for (const line of lines.slice(1)) expect(line.startsWith("\x1b[38;5;208;48;2;1;2;3m")).toBe(true);
    const link = wrapLine("\x1b]8;;https://x.dev\x07click here\x1b]8;;\x07", 5);
    expect(link.map(stripAnsi)).toEqual(["click", "here"]);
    expect(link[1]!.startsWith("\x1b]8;;https://x.dev\x07")).toBe(true);
    for (const line of [...lines, ...link]) expectClosed(line);
  });

  test("a style opened on one line and closed on a later one", () => {
    const lines = wrapLine("plain \x1b[4munderlined text\n still\x1b[24m plain", 10);
    expect(lines.map(stripAnsi)).toEqual(["plain", "underlined", "text", " still", "plain"]);
    expect(lines[3]!.startsWith("\x1b[4m")).toBe(true);
    for (const line of lines) expectClosed(line);
  });

  test("a reset inside the text ends the carried style", () => {
    const lines = wrapLine("\x1b[31mred\x1b[0m and plain words", 9);
    expect(lines.map(stripAnsi)).toEqual(["red and", "plain", "words"]);
    expect(lines[1]).toBe("plain");
  });
});

describe("truncate", () => {
  test("cuts to the width with an ellipsis inside the style", () => {
    expect(truncate("hello world", 20)).toBe("hello world");
    expect(truncate("hello world", 8)).toBe("hello w…");
    expect(truncate("\x1b[31mhello\x1b[39m world", 7)).toBe("\x1b[31mhello\x1b[39m …");
    expect(truncate("\x1b[31mhello world", 5)).toBe("\x1b[31mhell…\x1b[39m");
    expect(truncate("abc", 0)).toBe("");
  });

  test("never splits a wide character or exceeds the width", () => {
    expect(truncate("漢字漢字", 5)).toBe("漢字…");
    expect(truncate("漢字漢字", 5, "")).toBe("漢字");
    expect(truncate("👍👍👍", 3, "")).toBe("👍");
    for (let w = 1; w < 12; w++) expect(visibleWidth(truncate("日本語 text 👍 more", w))).toBeLessThanOrEqual(w);
  });
});

describe("padEnd, invertColumn", () => {
  test("padEnd pads to a width in columns", () => {
    expect(padEnd("漢", 4)).toBe("漢  ");
    expect(padEnd("\x1b[1mab\x1b[0m", 3)).toBe("\x1b[1mab\x1b[0m ");
    expect(padEnd("abcd", 2)).toBe("abcd");
  });

  test("invertColumn marks the grapheme under a column", () => {
    expect(invertColumn("abc", 1)).toBe("a\x1b[7mb\x1b[27mc");
    expect(invertColumn("漢字", 3)).toBe("漢\x1b[7m字\x1b[27m");
    expect(invertColumn("ab", 4)).toBe("ab  \x1b[7m \x1b[27m");
    expect(invertColumn("\x1b[1mab", 0)).toBe("\x1b[1m\x1b[7ma\x1b[27m\x1b[1mb");
    expect(stripAnsi(invertColumn("\x1b[31mred", 5))).toBe("red   ");
  });
});
