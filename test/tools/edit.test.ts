import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { createEditTool } from "../../src/tools/edit.ts";
import { errorOf, options, runContext, tempDir, textOf } from "./helpers.ts";

function setup(content: string | Uint8Array, name = "file.ts") {
  const dir = tempDir();
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  const tool = createEditTool(options(dir));
  return {
    file,
    edit: (args: Record<string, unknown>) => tool.execute({ path: name, ...args }, runContext()),
    contents: () => fs.readFileSync(file, "utf8"),
  };
}

const SOURCE = ["function add(a, b) {", "  return a + b;", "}", "", "function sub(a, b) {", "  return a - b;", "}", ""].join("\n");

describe("edit", () => {
  test("replaces the unique match and returns a diff with the first changed line", async () => {
    const { edit, contents } = setup(SOURCE);
    const out = await edit({ old_text: "  return a - b;", new_text: "  // subtract\n  return a - b;" });
    expect(contents()).toBe(SOURCE.replace("  return a - b;", "  // subtract\n  return a - b;"));
    expect(textOf(out)).toBe("Edited file.ts: 1 replacement, +1 -0 lines");
    expect(out.details).toEqual({
      diff: "--- a/file.ts\n+++ b/file.ts\n@@ -3,5 +3,6 @@\n }\n \n function sub(a, b) {\n+  // subtract\n   return a - b;\n }\n",
      firstChangedLine: 6,
    });
  });

  test("new_text is inserted literally, $ patterns included", async () => {
    const { edit, contents } = setup("price = X;\n");
    await edit({ old_text: "X", new_text: "$& $1 $$" });
    expect(contents()).toBe("price = $& $1 $$;\n");
  });

  test("a missing match is an error showing the closest region with line numbers; the file is unchanged", async () => {
    const { edit, contents } = setup(SOURCE);
    const message = await errorOf(edit({ old_text: "function sub(x, y) {\n  return x - y;\n}", new_text: "gone" }));
    expect(message).toContain("Could not find old_text in file.ts");
    expect(message).toContain("The closest match is lines 5-7:\n     5\tfunction sub(a, b) {\n     6\t  return a - b;\n     7\t}");
    expect(message).not.toContain("only in whitespace");
    expect(contents()).toBe(SOURCE);
  });

  test("a match that differs only in whitespace is pointed out as such", async () => {
    const { edit } = setup(SOURCE);
    const message = await errorOf(edit({ old_text: "function add(a, b) {\n    return a + b;\n}", new_text: "x" }));
    expect(message).toContain("The closest match is lines 1-3, which differs only in whitespace:");
  });

  test("text with nothing similar in the file says so", async () => {
    const { edit } = setup(SOURCE);
    expect(await errorOf(edit({ old_text: "zzzz qqqq", new_text: "x" }))).toContain("Nothing similar is in the file");
  });

  test("an ambiguous match is an error with the count and line numbers", async () => {
    const { edit, contents } = setup(SOURCE);
    const message = await errorOf(edit({ old_text: "}\n", new_text: "};\n" }));
    expect(message).toContain("old_text matches 2 places in file.ts (lines 3, 7)");
    expect(message).toContain("Include more surrounding lines");
    expect(contents()).toBe(SOURCE);
  });

  test("the list form applies edits in order, each seeing the previous ones", async () => {
    const { edit, contents } = setup(SOURCE);
    const out = await edit({
      edits: [
        { old_text: "function add(a, b)", new_text: "function plus(a, b)" },
        { old_text: "function plus(a, b) {\n  return", new_text: "function plus(a, b) {\n  return +" },
        { old_text: "a - b", new_text: "b - a" },
      ],
    });
    expect(contents()).toBe(SOURCE.replace("function add(a, b) {\n  return", "function plus(a, b) {\n  return +").replace("a - b", "b - a"));
    expect(textOf(out)).toBe("Edited file.ts: 3 replacements, +3 -3 lines");
    expect((out.details as { firstChangedLine: number }).firstChangedLine).toBe(1);
  });

  test("the list form is all-or-nothing: one failing edit writes nothing", async () => {
    const { edit, contents } = setup(SOURCE);
    const message = await errorOf(
      edit({ edits: [{ old_text: "add", new_text: "plus" }, { old_text: "missing text", new_text: "x" }] }),
    );
    expect(message).toContain("Edit 2 of 2 failed, so none of the 2 edits was applied.");
    expect(contents()).toBe(SOURCE);
  });

  test("CRLF line endings and a BOM are preserved, and LF old_text matches a CRLF file", async () => {
    const crlf = "\uFEFFline one\r\nline two\r\nline three\r\n";
    const { edit, file } = setup(crlf, "win.txt");
    const out = await edit({ old_text: "line one\nline two", new_text: "first\nsecond\nthird" });
    expect(fs.readFileSync(file)).toEqual(Buffer.from("\uFEFFfirst\r\nsecond\r\nthird\r\nline three\r\n"));
    expect((out.details as { diff: string }).diff).not.toContain("\r");
  });

  test("an LF file stays LF", async () => {
    const { edit, contents } = setup("a\nb\n", "unix.txt");
    await edit({ old_text: "a", new_text: "x\ny" });
    expect(contents()).toBe("x\ny\nb\n");
  });

  test("argument mistakes are explained", async () => {
    const { edit } = setup(SOURCE);
    expect(await errorOf(edit({ old_text: "", new_text: "x" }))).toContain("old_text must not be empty; to create or overwrite a whole file, use write");
    expect(await errorOf(edit({ old_text: "add", new_text: "add" }))).toContain("identical");
    expect(await errorOf(edit({ old_text: "add" }))).toContain("old_text and new_text are required strings (or pass edits)");
    expect(await errorOf(edit({ old_text: "a", new_text: "b", edits: [{ old_text: "a", new_text: "b" }] }))).toContain("not both");
    expect(await errorOf(edit({ edits: [] }))).toContain("non-empty array");
    expect(await errorOf(edit({ edits: [{ old_text: "add" }] }))).toContain("edits[0].old_text and new_text are required");
  });

  test("a missing file points to write; a binary file is refused", async () => {
    const { edit } = setup(Uint8Array.from([1, 0, 2]), "data.bin");
    expect(await errorOf(edit({ path: "nope.ts", old_text: "a", new_text: "b" }))).toContain("To create a file, use write");
    expect(await errorOf(edit({ old_text: "a", new_text: "b" }))).toContain("binary");
  });

  test("a FIFO is refused instead of waited on; a file over 10 MB is refused for its size, unchanged", async () => {
    const { file, edit } = setup("x".repeat(11 * 1024 * 1024), "big.txt");
    expect(await errorOf(edit({ old_text: "x", new_text: "y" }))).toBe(
      "big.txt is 11.0 MB; edit changes files of up to 10.0 MB. Change a larger file with bash (e.g. sed -i, or a script that streams it).",
    );
    expect(fs.statSync(file).size).toBe(11 * 1024 * 1024);
    execFileSync("mkfifo", [path.join(path.dirname(file), "pipe")]);
    expect(await errorOf(edit({ path: "pipe", old_text: "a", new_text: "b" }))).toBe("pipe is a FIFO (named pipe), not a regular file; edit changes regular files only.");
  });

  test("works on paths with spaces", async () => {
    const { edit, contents } = setup("hello world\n", "my file.txt");
    await edit({ old_text: "world", new_text: "there" });
    expect(contents()).toBe("hello there\n");
  });
});
