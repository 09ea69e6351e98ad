import { describe, expect, test } from "bun:test";
import { LineSplitter } from "../../src/tools/line-splitter.ts";
import { TailWindow, cutLine, truncateHead } from "../../src/tools/truncate.ts";

describe("truncateHead", () => {
  test("keeps everything under the limits", () => {
    expect(truncateHead(["a", "b"])).toEqual({ text: "a\nb", keptLines: 2, truncated: false });
  });

  test("stops at 2000 lines", () => {
    const result = truncateHead(Array.from({ length: 2001 }, (_, i) => String(i)));
    expect(result.keptLines).toBe(2000);
    expect(result.truncated).toBe(true);
  });

  test("stops before 50 KB, on a line boundary", () => {
    const line = "x".repeat(1023); // 1 KB with its newline
    const result = truncateHead(Array.from({ length: 60 }, () => line));
    expect(result.keptLines).toBe(50);
    expect(Buffer.byteLength(result.text)).toBeLessThanOrEqual(50 * 1024);
  });
});

describe("cutLine", () => {
  test("cuts past 2000 characters and says how many were cut", () => {
    expect(cutLine("a".repeat(2000))).toBe("a".repeat(2000));
    expect(cutLine("a".repeat(2001))).toBe(`${"a".repeat(2000)}… [line cut: 1 more chars]`);
  });
});

describe("TailWindow", () => {
  test("keeps the last 2000 lines, hands the dropped ones to onEvict in order, and counts all", () => {
    const evicted: string[] = [];
    const window = new TailWindow((line) => evicted.push(line));
    for (let i = 1; i <= 10_000; i++) window.push(String(i));
    expect(window.totalLines).toBe(10_000);
    expect(window.keptLines).toBe(2000);
    expect(window.text().split("\n")[0]).toBe("8001");
    expect(evicted).toHaveLength(8000);
    expect(evicted[0]).toBe("1");
    expect(evicted[7999]).toBe("8000");
  });

  test("keeps at most 50 KB", () => {
    const window = new TailWindow();
    for (let i = 0; i < 100; i++) window.push(`${i}`.padEnd(1023, "."));
    expect(window.keptLines).toBe(50);
    expect(window.text().startsWith("50.")).toBe(true);
  });
});

describe("LineSplitter", () => {
  test("returns whole lines across chunks, strips CR before LF, and flushes the rest", () => {
    const splitter = new LineSplitter();
    expect(splitter.push("ab")).toEqual([]);
    expect(splitter.push("c\r\nd\ne")).toEqual(["abc", "d"]);
    expect(splitter.flush()).toBe("e");
    expect(splitter.flush()).toBeUndefined();
  });

  test("holds at most 2000 characters of a line and marks what it dropped", () => {
    const splitter = new LineSplitter();
    for (let i = 0; i < 100; i++) splitter.push("z".repeat(1000));
    expect(splitter.push("\nnext\n")).toEqual([`${"z".repeat(2000)}… [line cut: 98000 more chars]`, "next"]);
  });
});
