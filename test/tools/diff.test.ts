import { describe, expect, test } from "bun:test";
import { unifiedDiff } from "../../src/tools/diff.ts";

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe("unifiedDiff", () => {
  test("separate changes get separate hunks with three lines of context, as diff -u writes them", () => {
    const before = `${lines(20).join("\n")}\n`;
    const after = before.replace("line 3\n", "line three\n").replace("line 10\n", "line 10\nnew\n").replace("line 18\n", "");
    const result = unifiedDiff(before, after, "f.txt");
    expect(result.diff).toBe(
      [
        "--- a/f.txt",
        "+++ b/f.txt",
        "@@ -1,6 +1,6 @@",
        " line 1",
        " line 2",
        "-line 3",
        "+line three",
        " line 4",
        " line 5",
        " line 6",
        "@@ -8,6 +8,7 @@",
        " line 8",
        " line 9",
        " line 10",
        "+new",
        " line 11",
        " line 12",
        " line 13",
        "@@ -15,6 +16,5 @@",
        " line 15",
        " line 16",
        " line 17",
        "-line 18",
        " line 19",
        " line 20",
        "",
      ].join("\n"),
    );
    expect(result).toMatchObject({ firstChangedLine: 3, added: 2, removed: 2 });
  });

  test("nearby changes share one hunk", () => {
    const before = lines(10).join("\n");
    const after = before.replace("line 4", "four").replace("line 7", "seven");
    const { diff } = unifiedDiff(before, after, "f");
    expect(diff.match(/^@@/gm)).toHaveLength(1);
    expect(diff).toContain("@@ -1,10 +1,10 @@");
  });

  test("empty ranges name the line before them", () => {
    expect(unifiedDiff("", "a\nb\n", "f").diff).toBe("--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    expect(unifiedDiff("a\n", "", "f").diff).toBe("--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n");
  });

  test("equal texts give no diff", () => {
    expect(unifiedDiff("same\n", "same\n", "f")).toEqual({ diff: "", firstChangedLine: undefined, added: 0, removed: 0 });
  });

  test("changes far apart in a large file are each their own small hunk", () => {
    const before = `${lines(3000).join("\n")}\n`;
    const after = before.replace("line 1\n", "first\n").replace("line 3000\n", "last\n");
    const result = unifiedDiff(before, after, "f");
    expect(result).toMatchObject({ firstChangedLine: 1, added: 2, removed: 2 });
    expect(result.diff.match(/^@@.*@@$/gm)).toEqual(["@@ -1,4 +1,4 @@", "@@ -2997,4 +2997,4 @@"]);
  });

  test("many rewritten blocks (past what one Myers run may take) are split at unchanged lines: each block is its own hunk", () => {
    const before = lines(20_000);
    // Every 2,000 lines, 300 lines rewritten: 6,000 changed lines in all, far past one run's bound.
    const after = before.map((l, i) => (i % 2000 < 300 ? `new ${i}` : l));
    const result = unifiedDiff(`${before.join("\n")}\n`, `${after.join("\n")}\n`, "f");
    expect(result).toMatchObject({ firstChangedLine: 1, added: 3000, removed: 3000 });
    expect(result.diff.match(/^@@/gm)).toHaveLength(10);
    expect(result.diff).toContain("@@ -1998,306 +1998,306 @@");
  });

  test("a huge rewritten region is shown as removed then added", () => {
    const before = Array.from({ length: 3000 }, (_, i) => `a${i}`).join("\n");
    const after = Array.from({ length: 3000 }, (_, i) => `b${i}`).join("\n");
    const result = unifiedDiff(before, after, "f");
    expect(result).toMatchObject({ added: 3000, removed: 3000, firstChangedLine: 1 });
    expect(result.diff.indexOf("-a2999")).toBeLessThan(result.diff.indexOf("+b0"));
  });
});
