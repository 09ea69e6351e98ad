import { describe, expect, test } from "bun:test";
import { fuzzyFilter, fuzzyMatch } from "../../../src/ui/components/fuzzy.ts";

describe("fuzzyMatch", () => {
  test("the query's characters must appear in order, case ignored", () => {
    expect(fuzzyMatch("abc", "aXbXc")!.positions).toEqual([0, 2, 4]);
    expect(fuzzyMatch("ABC", "abc")).toBeDefined();
    expect(fuzzyMatch("acb", "abc")).toBeUndefined();
    expect(fuzzyMatch("abcd", "abc")).toBeUndefined();
  });

  test("an empty query matches everything with nothing highlighted", () => {
    expect(fuzzyMatch("", "anything")).toEqual({ score: 0, positions: [] });
  });

  test("the best alignment wins: consecutive characters at a word start", () => {
    expect(fuzzyMatch("ab", "a_xb_ab")!.positions).toEqual([5, 6]);
    expect(fuzzyMatch("fb", "foo_bar")!.positions).toEqual([0, 4]);
    expect(fuzzyMatch("gs", "getSession")!.positions).toEqual([0, 3]);
    expect(fuzzyMatch("kit", "src/kit.ts")!.positions).toEqual([4, 5, 6]);
  });

  test("word starts and runs score higher than scattered letters", () => {
    const run = fuzzyMatch("mod", "model")!.score;
    const scattered = fuzzyMatch("mod", "my_old_d")!.score;
    expect(run).toBeGreaterThan(scattered);
    expect(fuzzyMatch("son", "claude-sonnet")!.score).toBeGreaterThan(fuzzyMatch("son", "lesson")!.score);
  });

  test("an exact match scores highest", () => {
    expect(fuzzyMatch("gpt", "gpt")!.score).toBeGreaterThan(fuzzyMatch("gpt", "gpt-5")!.score);
  });

  test("non-ASCII text", () => {
    expect(fuzzyMatch("日本", "こんにちは日本語")!.positions).toEqual([5, 6]);
    expect(fuzzyMatch("é", "café")!.positions).toEqual([3]);
  });

  test("very long candidates still match (greedily)", () => {
    const long = "x".repeat(5000) + "needle";
    expect(fuzzyMatch("needle", long)!.positions).toEqual([5000, 5001, 5002, 5003, 5004, 5005]);
  });
});

describe("fuzzyFilter", () => {
  const items = ["gpt-5", "claude-sonnet-4-5", "claude-opus-4-1", "gemini-2.5-pro", "o3"];

  test("keeps matching items, best first, with their input index", () => {
    const results = fuzzyFilter(items, "cl4", (s) => s);
    expect(results.map((r) => r.item)).toEqual(["claude-opus-4-1", "claude-sonnet-4-5"]);
    expect(results[0]!.index).toBe(2);
    expect(results[0]!.positions).toEqual([0, 1, 12]);
    expect(fuzzyFilter(items, "pro", (s) => s).map((r) => r.item)).toEqual(["gemini-2.5-pro"]);
  });

  test("an empty query keeps every item in order", () => {
    expect(fuzzyFilter(items, "", (s) => s).map((r) => r.item)).toEqual(items);
  });

  test("ties go to the shorter text, then the input order", () => {
    expect(fuzzyFilter(["abc-long", "abc", "abc-x"], "abc", (s) => s).map((r) => r.item)).toEqual(["abc", "abc-x", "abc-long"]);
  });
});
