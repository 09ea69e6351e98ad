import { describe, expect, test } from "bun:test";
import { printableLine, printableText } from "../../src/ui/ansi.ts";

describe("printable text", () => {
  test("a line loses whole escape sequences (OSC title, CSI clear, OSC 8) and every control character", () => {
    expect(printableLine("a\x1b]0;pwned\x07b\x1b[2Jc\nd\te\x9bf\x1b]8;;x\x1b\\g\rh\x1b")).toBe("abcdefgh");
  });

  test("text of several lines keeps tabs and line feeds", () => {
    expect(printableText("# name\x1b]0;t\x07\n\tbody\x1b[31m red\r\x07")).toBe("# name\n\tbody red");
  });

  test("ordinary text (CJK, emoji, accents) is left as it is", () => {
    expect(printableLine("héllo 日本 🙂 ./a/b.ts")).toBe("héllo 日本 🙂 ./a/b.ts");
  });
});
