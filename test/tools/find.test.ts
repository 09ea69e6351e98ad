import { describe, expect, test } from "bun:test";
import * as path from "node:path";
import { createFindTool } from "../../src/tools/find.ts";
import { errorOf, options, runContext, tempDir, textOf, writeFiles } from "./helpers.ts";

function setup(files: Record<string, string>) {
  const dir = tempDir();
  writeFiles(dir, files);
  const tool = createFindTool(options(dir));
  return { dir, find: (args: Record<string, unknown>) => tool.execute(args, runContext()).then(textOf) };
}

describe("find", () => {
  test("a glob without a slash matches file names at any depth; results are sorted relative paths", async () => {
    const { find } = setup({ "z.ts": "", "src/b.ts": "", "src/a.ts": "", "src/deep/c.ts": "", "src/d.js": "", ".github/e.ts": "" });
    expect(await find({ pattern: "*.ts" })).toBe([".github/e.ts", "src/a.ts", "src/b.ts", "src/deep/c.ts", "z.ts"].join("\n"));
    expect(await find({ pattern: "*.{js,ts}" })).toContain("src/d.js");
  });

  test("a glob with a slash matches the path relative to the searched directory", async () => {
    const { find } = setup({ "src/a.ts": "", "src/deep/c.ts": "", "test/a.ts": "" });
    expect(await find({ pattern: "src/**/*.ts" })).toBe("src/a.ts\nsrc/deep/c.ts");
    expect(await find({ pattern: "deep/*.ts", path: "src" })).toBe("src/deep/c.ts");
  });

  test("path may have spaces or be absolute; a file or a missing path is an error", async () => {
    const { dir, find } = setup({ "my dir/a.txt": "", "b.txt": "" });
    expect(await find({ pattern: "*.txt", path: "my dir" })).toBe("my dir/a.txt");
    expect(await find({ pattern: "*.txt", path: path.join(dir, "my dir") })).toBe("my dir/a.txt");
    expect(await errorOf(find({ pattern: "*", path: "b.txt" }))).toContain("is a file, not a directory");
    expect(await errorOf(find({ pattern: "*", path: "nope" }))).toContain("Path not found: nope");
  });

  test("no result says so", async () => {
    expect((await setup({ "a.txt": "" }).find({ pattern: "*.rs" }))).toBe("No files found matching *.rs");
  });

  test("limit keeps the first results in sorted order and says how many there are", async () => {
    const { find } = setup({ "c.txt": "", "a.txt": "", "b.txt": "", "d.txt": "" });
    expect(await find({ pattern: "*.txt", limit: 2 })).toBe(
      "a.txt\nb.txt\n\n[Showing 2 of 4 files. Narrow the pattern or path, or raise limit, to see more.]",
    );
  });

  test("the default limit is 1000", async () => {
    const files = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`f${String(i).padStart(4, "0")}.txt`, ""]));
    const out = await setup(files).find({ pattern: "*.txt" });
    expect(out).toEndWith("f0999.txt\n\n[Showing 1000 of 1001 files. Narrow the pattern or path, or raise limit, to see more.]");
  });

  test("respects .gitignore, nested ones and negations, and skips .git and node_modules", async () => {
    const { find } = setup({
      ".gitignore": "dist/\n*.tmp\n",
      "dist/a.js": "",
      "x.tmp": "",
      "src/a.js": "",
      "src/.gitignore": "!important.tmp\nlocal.js\n",
      "src/important.tmp": "",
      "src/local.js": "",
      "lib/local.js": "",
      ".git/HEAD": "",
      "node_modules/p/i.js": "",
    });
    expect(await find({ pattern: "*" })).toBe([".gitignore", "lib/local.js", "src/.gitignore", "src/a.js", "src/important.tmp"].join("\n"));
  });
});
