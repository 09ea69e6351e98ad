import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { isIgnored, parseGitignore } from "../../src/tools/gitignore.ts";
import { walkFiles } from "../../src/tools/walk.ts";
import { tempDir, writeFiles } from "./helpers.ts";

function ignored(rules: string, rel: string, isDir = false): boolean {
  return isIgnored(`/repo/${rel}`, isDir, [parseGitignore("/repo", rules)]);
}

describe(".gitignore rules", () => {
  test("a name without a slash matches at any depth; with a slash it is anchored to the file's directory", () => {
    expect(ignored("foo.txt", "foo.txt")).toBe(true);
    expect(ignored("foo.txt", "a/b/foo.txt")).toBe(true);
    expect(ignored("/foo.txt", "a/foo.txt")).toBe(false);
    expect(ignored("/foo.txt", "foo.txt")).toBe(true);
    expect(ignored("a/foo.txt", "a/foo.txt")).toBe(true);
    expect(ignored("a/foo.txt", "x/a/foo.txt")).toBe(false);
  });

  test("a trailing slash matches directories only", () => {
    expect(ignored("build/", "build", true)).toBe(true);
    expect(ignored("build/", "build", false)).toBe(false);
  });

  test("wildcards: * and ? stay within a segment, ** spans segments, classes work", () => {
    expect(ignored("*.log", "x/y.log")).toBe(true);
    expect(ignored("a/*.log", "a/b/c.log")).toBe(false);
    expect(ignored("a/**/c.log", "a/c.log")).toBe(true);
    expect(ignored("a/**/c.log", "a/b/d/c.log")).toBe(true);
    expect(ignored("**/gen", "x/y/gen", true)).toBe(true);
    expect(ignored("docs/**", "docs/a/b.md")).toBe(true);
    expect(ignored("file?.txt", "file1.txt")).toBe(true);
    expect(ignored("file[0-3].txt", "file4.txt")).toBe(false);
    expect(ignored("file[!0-3].txt", "file4.txt")).toBe(true);
    expect(ignored("a.b", "axb")).toBe(false);
  });

  test("the last matching rule wins, so ! re-includes; comments, blanks and escapes", () => {
    expect(ignored("*.log\n!keep.log", "keep.log")).toBe(false);
    expect(ignored("!keep.log\n*.log", "keep.log")).toBe(true);
    expect(ignored("# comment\n\n\\#hash\n\\!bang", "#hash")).toBe(true);
    expect(ignored("\\!bang", "!bang")).toBe(true);
    expect(ignored("# comment", "# comment")).toBe(false);
    expect(ignored("trailing.txt   ", "trailing.txt")).toBe(true);
  });

  test("a deeper .gitignore overrides its ancestors", () => {
    const sets = [parseGitignore("/repo", "*.log"), parseGitignore("/repo/sub", "!app.log")];
    expect(isIgnored("/repo/sub/app.log", false, sets)).toBe(false);
    expect(isIgnored("/repo/app.log", false, sets)).toBe(true);
  });
});

describe("walkFiles", () => {
  test("applies the .gitignore files above the searched directory up to the repository root", async () => {
    const dir = tempDir();
    writeFiles(dir, { ".gitignore": "*.log\n", "pkg/.gitignore": "tmp/\n", "pkg/src/a.ts": "", "pkg/src/b.log": "", "pkg/src/tmp/c.ts": "" });
    fs.mkdirSync(path.join(dir, ".git"));
    const found = await Array.fromAsync(walkFiles(path.join(dir, "pkg", "src"), path.join(dir, "pkg", "src")));
    expect(found).toEqual([path.join(dir, "pkg", "src", "a.ts")]);
  });

  test("outside a repository, the .gitignore files between the working directory and the searched one apply", async () => {
    const dir = tempDir();
    writeFiles(dir, { ".gitignore": "*.log\n", "sub/a.ts": "", "sub/b.log": "" });
    expect(await Array.fromAsync(walkFiles(path.join(dir, "sub"), dir))).toEqual([path.join(dir, "sub", "a.ts")]);
  });

  test("stops when the signal is aborted", async () => {
    const dir = tempDir();
    writeFiles(dir, { "a/1.txt": "", "b/2.txt": "" });
    const controller = new AbortController();
    const seen: string[] = [];
    let error: unknown;
    try {
      for await (const file of walkFiles(dir, dir, controller.signal)) {
        seen.push(file);
        controller.abort();
      }
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    expect(seen).toEqual([path.join(dir, "a", "1.txt")]);
  });
});
