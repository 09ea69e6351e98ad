import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { createLsTool } from "../../src/tools/ls.ts";
import { errorOf, options, runContext, tempDir, textOf, writeFiles } from "./helpers.ts";

function setup(files: Record<string, string>) {
  const dir = tempDir();
  writeFiles(dir, files);
  const tool = createLsTool(options(dir));
  return { dir, ls: (args: Record<string, unknown>) => tool.execute(args, runContext()).then(textOf) };
}

describe("ls", () => {
  test("lists one level, sorted, directories with a slash, dotfiles and ignored files included", async () => {
    const { dir, ls } = setup({ "b.txt": "", "a/x.txt": "", ".env": "", ".gitignore": "b.txt\n", "node_modules/p/i.js": "" });
    fs.symlinkSync(path.join(dir, "a"), path.join(dir, "link"));
    expect(await ls({})).toBe([".env", ".gitignore", "a/", "b.txt", "link/", "node_modules/"].join("\n"));
  });

  test("path may be relative with spaces or absolute", async () => {
    const { dir, ls } = setup({ "my dir/inner.txt": "" });
    expect(await ls({ path: "my dir" })).toBe("inner.txt");
    expect(await ls({ path: path.join(dir, "my dir") })).toBe("inner.txt");
  });

  test("an empty directory says so", async () => {
    const { dir, ls } = setup({});
    fs.mkdirSync(path.join(dir, "empty"));
    expect(await ls({ path: "empty" })).toBe("(empty directory)");
  });

  test("limit keeps the first entries and says how many there are", async () => {
    const { ls } = setup({ "c": "", "a": "", "b": "" });
    expect(await ls({ limit: 2 })).toBe("a\nb\n\n[Showing 2 of 3 entries. Raise limit to see more.]");
  });

  test("a file or a missing path is an error saying what to do", async () => {
    const { ls } = setup({ "f.txt": "" });
    expect(await errorOf(ls({ path: "f.txt" }))).toContain("Use read");
    expect(await errorOf(ls({ path: "nope" }))).toContain("Path not found: nope");
  });
});
