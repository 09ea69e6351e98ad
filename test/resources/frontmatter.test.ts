import { describe, expect, test } from "bun:test";
import { boolField, listField, numberField, parseFrontmatter, textField } from "../../src/resources/frontmatter.ts";

describe("parseFrontmatter", () => {
  test("fields and the body after the closing line", () => {
    expect(parseFrontmatter("---\nname: x\ntags: [a, b]\n---\nBody\nmore\n", "x.md")).toEqual({ data: { name: "x", tags: ["a", "b"] }, body: "Body\nmore\n" });
  });

  test("CRLF line ends, a byte order mark, and an empty block", () => {
    expect(parseFrontmatter("\uFEFF---\r\ndescription: d\r\n---\r\nBody\r\n", "x.md")).toEqual({ data: { description: "d" }, body: "Body\r\n" });
    expect(parseFrontmatter("---\n---\nBody", "x.md")).toEqual({ data: {}, body: "Body" });
  });

  test("no front matter, or no closing line: everything is body", () => {
    expect(parseFrontmatter("# Title\n---\nx: 1\n", "x.md")).toEqual({ data: {}, body: "# Title\n---\nx: 1\n" });
    expect(parseFrontmatter("---\nname: x\nno end", "x.md")).toEqual({ data: {}, body: "---\nname: x\nno end" });
  });

  test("invalid YAML and a block that is not a mapping are errors", () => {
    expect(() => parseFrontmatter("---\nname: [unclosed\n---\nx", "x.md")).toThrow("invalid front matter");
    expect(() => parseFrontmatter("---\n- a\n- b\n---\nx", "x.md")).toThrow("must be a mapping");
  });
});

describe("field readers", () => {
  const data = { s: "text", n: 3, b: true, list: ["a", " b ", ""], csv: "read, grep", spaced: "read grep", yes: "yes", no: "No", num: "0.5", bad: "x" };
  test("text, list, boolean and number fields", () => {
    expect([textField(data, "s"), textField(data, "n"), textField(data, "b"), textField(data, "list"), textField(data, "missing")]).toEqual(["text", "3", "true", undefined, undefined]);
    expect([listField(data, "list"), listField(data, "csv"), listField(data, "spaced"), listField(data, "n")]).toEqual([["a", "b"], ["read", "grep"], ["read", "grep"], undefined]);
    expect([boolField(data, "b"), boolField(data, "yes"), boolField(data, "no"), boolField(data, "s")]).toEqual([true, true, false, undefined]);
    expect([numberField(data, "n"), numberField(data, "num"), numberField(data, "bad"), numberField(data, "missing")]).toEqual([3, 0.5, undefined, undefined]);
  });
});
