import { describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { createGrepTool } from "../../src/tools/grep.ts";
import { errorOf, options, runContext, tempDir, textOf, writeFiles } from "./helpers.ts";

function setup(files: Record<string, string | Uint8Array>) {
  const dir = tempDir();
  writeFiles(dir, files);
  const tool = createGrepTool(options(dir));
  return (args: Record<string, unknown>) => tool.execute(args, runContext()).then(textOf);
}

describe("grep", () => {
  test("prints path:line: text with paths relative to the working directory, files in sorted order", async () => {
    const grep = setup({ "b.ts": "const x = 1;\nTODO: b\n", "a/z.ts": "TODO: a\n", "c.md": "nothing\n" });
    expect(await grep({ pattern: "TODO" })).toBe("a/z.ts:1: TODO: a\nb.ts:2: TODO: b");
  });

  test("the pattern is a JavaScript regex; ignore_case makes it case-insensitive", async () => {
    const grep = setup({ "a.txt": "Error 42\nerror 7\nwarning\n" });
    expect(await grep({ pattern: "^Error \\d+$" })).toBe("a.txt:1: Error 42");
    expect(await grep({ pattern: "error", ignore_case: true })).toBe("a.txt:1: Error 42\na.txt:2: error 7");
  });

  test("an invalid regex is an error that explains how to match literally", async () => {
    const grep = setup({ "a.txt": "f(x)\n" });
    const message = await errorOf(grep({ pattern: "f(x" }));
    expect(message).toContain('Invalid regular expression "f(x"');
    expect(message).toContain("escape special characters");
  });

  test("no match says so", async () => {
    expect(await setup({ "a.txt": "abc\n" })({ pattern: "xyz" })).toBe("No matches found");
  });

  test("path narrows the search to a directory or one file, spaces allowed", async () => {
    const grep = setup({ "src dir/a.ts": "hit\n", "other/b.ts": "hit\n" });
    expect(await grep({ pattern: "hit", path: "src dir" })).toBe("src dir/a.ts:1: hit");
    expect(await grep({ pattern: "hit", path: "other/b.ts" })).toBe("other/b.ts:1: hit");
    expect(await errorOf(grep({ pattern: "hit", path: "missing" }))).toContain("Path not found: missing");
  });

  test("glob filters file names at any depth, or relative paths when it has a slash", async () => {
    const grep = setup({ "a.ts": "hit\n", "a.js": "hit\n", "src/deep/b.ts": "hit\n", "test/c.ts": "hit\n" });
    expect(await grep({ pattern: "hit", glob: "*.ts" })).toBe("a.ts:1: hit\nsrc/deep/b.ts:1: hit\ntest/c.ts:1: hit");
    expect(await grep({ pattern: "hit", glob: "src/**/*.ts" })).toBe("src/deep/b.ts:1: hit");
  });

  test("context shows surrounding lines marked with '-', and separates distant groups with --", async () => {
    const lines = ["one", "two", "MATCH three", "four", "five", "six", "seven", "MATCH eight", "nine"];
    const grep = setup({ "f.txt": `${lines.join("\n")}\n`, "g.txt": "MATCH\n" });
    expect(await grep({ pattern: "MATCH", context: 1 })).toBe(
      [
        "f.txt-2- two",
        "f.txt:3: MATCH three",
        "f.txt-4- four",
        "--",
        "f.txt-7- seven",
        "f.txt:8: MATCH eight",
        "f.txt-9- nine",
        "--",
        "g.txt:1: MATCH",
      ].join("\n"),
    );
    expect(await grep({ pattern: "MATCH", context: 3, path: "f.txt" })).toBe(
      lines.map((l, i) => (l.startsWith("MATCH") ? `f.txt:${i + 1}: ${l}` : `f.txt-${i + 1}- ${l}`)).join("\n"),
    );
  });

  test("limit caps the matches and says there are more", async () => {
    const grep = setup({ "a.txt": "x1\nx2\nx3\n", "b.txt": "x4\n" });
    expect(await grep({ pattern: "x", limit: 2 })).toBe(
      "a.txt:1: x1\na.txt:2: x2\n\n[Stopped at 2 matches; there are more. Narrow the pattern, path or glob, or raise limit.]",
    );
    expect(await grep({ pattern: "x", limit: 4 })).toBe("a.txt:1: x1\na.txt:2: x2\na.txt:3: x3\nb.txt:1: x4");
    const many = setup({ "m.txt": "x\n".repeat(150) });
    const out = await many({ pattern: "x" });
    expect(out.split("\n").filter((l) => l.startsWith("m.txt:"))).toHaveLength(100);
    expect(out).toContain("[Stopped at 100 matches");
  });

  test("without context, matches that are not adjacent are separated by --, and numbered right past the first 256 KB", async () => {
    const filler = "filler\n".repeat(40_000); // 280 KB: past the chunk files are read in
    const grep = setup({ "a.txt": `hit 1\nhit 2\nmiss\nhit 4\n${filler}hit\r\n`, "b.txt": "hit b\n" });
    expect(await grep({ pattern: "hit" })).toBe(["a.txt:1: hit 1", "a.txt:2: hit 2", "--", "a.txt:4: hit 4", "--", "a.txt:40005: hit", "b.txt:1: hit b"].join("\n"));
    expect(await grep({ pattern: "^hit$" })).toBe("a.txt:40005: hit");
  });

  test("output over 2000 lines is truncated with a hint to narrow the search", async () => {
    const grep = setup({ "m.txt": "x\n".repeat(3000) });
    const [body, notice] = (await grep({ pattern: "x", limit: 5000 })).split("\n\n");
    expect(body!.split("\n")).toHaveLength(2000);
    expect(notice).toBe("[Output truncated at 2000 lines / 50.0 KB. Narrow the pattern, path or glob to see the rest.]");
  });

  test("matched lines over 2000 characters are cut", async () => {
    const grep = setup({ "min.js": `${"y".repeat(2500)}\n` });
    expect(await grep({ pattern: "y" })).toBe(`min.js:1: ${"y".repeat(2000)}… [line cut: 500 more chars]`);
  });

  test("a FIFO is refused when named and skipped when walking, never waited on", async () => {
    const dir = tempDir();
    writeFiles(dir, { "a.txt": "secret\n" });
    execFileSync("mkfifo", [`${dir}/pipe`]);
    const grep = (args: Record<string, unknown>) => createGrepTool(options(dir)).execute(args, runContext()).then(textOf);
    expect(await grep({ pattern: "secret" })).toBe("a.txt:1: secret");
    expect(await errorOf(grep({ pattern: "secret", path: "pipe" }))).toBe("pipe is a FIFO (named pipe), not a regular file; grep searches regular files only.");
  });

  test("binary files are skipped when walking and refused when named", async () => {
    const grep = setup({ "data.bin": Uint8Array.from([...Buffer.from("secret"), 0, 1]), "a.txt": "secret\n" });
    expect(await grep({ pattern: "secret" })).toBe("a.txt:1: secret");
    expect(await errorOf(grep({ pattern: "secret", path: "data.bin" }))).toContain("binary file");
  });

  test("respects .gitignore: root and nested files, negation, directories, anchors, **; skips .git and node_modules", async () => {
    const grep = setup({
      ".gitignore": "*.log\n!keep.log\nbuild/\n/top-only.txt\n**/generated/**\n",
      "app.log": "hit\n",
      "keep.log": "hit\n",
      "build/out.js": "hit\n",
      "top-only.txt": "hit\n",
      "lib/top-only.txt": "hit\n",
      "lib/generated/x.ts": "hit\n",
      "lib/.gitignore": "secret.txt\n!app.log\n",
      "lib/secret.txt": "hit\n",
      "lib/app.log": "hit\n",
      "other/secret.txt": "hit\n",
      ".git/config": "hit\n",
      "node_modules/pkg/index.js": "hit\n",
      "src/node_modules/x.js": "hit\n",
    });
    expect((await grep({ pattern: "hit" })).split("\n")).toEqual([
      "keep.log:1: hit",
      "lib/app.log:1: hit",
      "lib/top-only.txt:1: hit",
      "other/secret.txt:1: hit",
    ]);
  });
});
