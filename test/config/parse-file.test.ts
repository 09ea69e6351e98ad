/**
 * The shared parser of the files kit reads: where an error is (line and column, also for JSON, whose
 * parser does not say), and the aliases it refuses.
 */
import { describe, expect, test } from "bun:test";
import { FileParseError, MAX_ALIAS_COUNT, parseJson, parseYaml } from "../../src/config/parse-file.ts";

function errorOf(fn: () => unknown): FileParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FileParseError) return err;
    throw err;
  }
  throw new Error("expected a FileParseError");
}

const opts = { what: "thing" };

describe("parseJson", () => {
  test.each([
    ['{"a": 1,}', 1, 9],
    ['{\n  "a": 1,\n  "b": tru\n}', 3, 8],
    ['{"a":\n1', 2, 2],
    ["[1, 2", 1, 6],
    ['{"a" 1}', 1, 6],
    ["", 1, 1],
    ['{"s": "a\\qb"}', 1, 10],
  ])("%j fails at line %d, column %d", (text, line, column) => {
    const err = errorOf(() => parseJson(text, "/p/x.json", opts));
    expect([err.line, err.column]).toEqual([line, column]);
    expect(err.message).toStartWith(`/p/x.json:${line}:${column}: invalid thing: `);
    expect(err.exitCode).toBe(2);
  });

  test("finds the place past a string of megabytes (which defeats a regular expression)", () => {
    const big = JSON.stringify({ long: "y".repeat(3_000_000), list: Array.from({ length: 1_000 }, (_, i) => ({ i, ok: true })) }, null, 1);
    const broken = big.replace(/\n}$/, ",\n}");
    expect(errorOf(() => parseJson(broken, "/p/big.json", opts)).line).toBe(broken.split("\n").length);
  });
});

describe("parseYaml", () => {
  test("an alias naming no anchor, at its line and column", () => {
    const err = errorOf(() => parseYaml("a: 1\nb: *nope\n", "/p/c.yml", { what: "config", hint: "Fix it" }));
    expect(err.message).toBe("/p/c.yml:2:4: invalid config: the alias *nope names no anchor (&nope) before it. Fix it");
  });

  test("an alias inside the node it names", () => {
    expect(errorOf(() => parseYaml("a: &x [1, *x]\n", "/p/c.yml", opts)).message).toBe(
      "/p/c.yml:1:11: invalid thing: the alias *x refers to the node that contains it",
    );
  });

  test("an alias bomb stops at the limit, at the first alias; a few reuses of an anchor are fine", () => {
    const level = (name: string, of: string) => `${name}: &${name} [${Array(9).fill(`*${of}`).join(", ")}]\n`;
    const bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + level("b", "a") + level("c", "b") + level("d", "c");
    const err = errorOf(() => parseYaml(bomb, "/p/c.yml", opts));
    expect([err.line, err.column]).toEqual([2, 8]);
    expect(err.problem).toContain(`more than ${MAX_ALIAS_COUNT} expansions`);
    expect(parseYaml("a: &a { k: v }\nb: *a\nc: *a\n", "/p/c.yml", opts).value).toEqual({ a: { k: "v" }, b: { k: "v" }, c: { k: "v" } });
  });

  test("lines count from where the text starts in its file (front matter starts on line 2)", () => {
    expect(errorOf(() => parseYaml("name: x\nbad: *nope\n", "/p/s.md", { what: "front matter", firstLine: 2 })).line).toBe(3);
  });

  test("nesting deeper than the parser's stack is an error, not a crash", () => {
    const err = errorOf(() => parseYaml(`a: ${"[".repeat(12_000)}\n`, "/p/c.yml", opts));
    expect(err.line).toBeGreaterThanOrEqual(1);
  });
});
