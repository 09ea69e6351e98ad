import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { createWriteTool } from "../../src/tools/write.ts";
import { errorOf, options, runContext, tempDir, textOf } from "./helpers.ts";

describe("write", () => {
  test("creates the file and its parent directories and reports the byte count", async () => {
    const dir = tempDir();
    const write = createWriteTool(options(dir));
    const out = await write.execute({ path: "new dir/deep/é.txt", content: "héllo\n" }, runContext());
    expect(textOf(out)).toBe("Wrote 7 bytes to new dir/deep/é.txt");
    expect(fs.readFileSync(path.join(dir, "new dir/deep/é.txt"), "utf8")).toBe("héllo\n");
  });

  test("replaces an existing file whole, and accepts empty content", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "a.txt"), "old content that is longer");
    const write = createWriteTool(options(dir));
    await write.execute({ path: path.join(dir, "a.txt"), content: "new" }, runContext());
    expect(fs.readFileSync(path.join(dir, "a.txt"), "utf8")).toBe("new");
    expect(textOf(await write.execute({ path: "a.txt", content: "" }, runContext()))).toBe("Wrote 0 bytes to a.txt");
    expect(fs.readFileSync(path.join(dir, "a.txt"), "utf8")).toBe("");
  });

  test("refuses to write over a directory, and requires content", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "sub"));
    const write = createWriteTool(options(dir));
    expect(await errorOf(write.execute({ path: "sub", content: "x" }, runContext()))).toContain("is a directory");
    expect(await errorOf(write.execute({ path: "b.txt" }, runContext()))).toContain('"content" is required');
    expect(fs.existsSync(path.join(dir, "b.txt"))).toBe(false);
  });

  test("refuses content over 10 MB, saying how to write a large file, and writes nothing", async () => {
    const dir = tempDir();
    const write = createWriteTool(options(dir));
    const message = await errorOf(write.execute({ path: "big.txt", content: "x".repeat(10.5 * 1024 * 1024) }, runContext()));
    expect(message).toBe(
      "The content is 10.5 MB; write writes at most 10.0 MB per call. Write a large file in parts (write the first, append the others with bash), or generate it with a script.",
    );
    expect(fs.existsSync(path.join(dir, "big.txt"))).toBe(false);
    expect(textOf(await write.execute({ path: "max.txt", content: "x".repeat(10 * 1024 * 1024) }, runContext()))).toBe(`Wrote ${10 * 1024 * 1024} bytes to max.txt`);
  });
});
