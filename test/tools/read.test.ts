import { describe, expect, test } from "bun:test";
import * as os from "node:os";
import * as path from "node:path";
import { createReadTool } from "../../src/tools/read.ts";
import { resolvePath } from "../../src/tools/paths.ts";
import { errorOf, options, runContext, tempDir, textOf, writeFiles } from "./helpers.ts";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const GIF = new TextEncoder().encode("GIF89a\x01\x00\x01\x00");
const WEBP = Uint8Array.from([...new TextEncoder().encode("RIFF"), 0x24, 0, 0, 0, ...new TextEncoder().encode("WEBPVP8 ")]);

function setup(files: Record<string, string | Uint8Array>) {
  const dir = tempDir();
  writeFiles(dir, files);
  const tool = createReadTool(options(dir));
  return { dir, read: (args: Record<string, unknown>) => tool.execute(args, runContext()) };
}

const numbered = (n: number, total: number) => Array.from({ length: total }, (_, i) => `line ${i + n}`).join("\n");

describe("read", () => {
  test("returns the file with right-aligned line numbers and a tab, like cat -n", async () => {
    const { read } = setup({ "a.txt": "first\nsecond\n" });
    expect(textOf(await read({ path: "a.txt" }))).toBe("     1\tfirst\n     2\tsecond");
  });

  test("offset and limit select lines and say where to continue", async () => {
    const { read } = setup({ "a.txt": `${numbered(1, 5)}\n` });
    const out = textOf(await read({ path: "a.txt", offset: 2, limit: 2 }));
    expect(out).toBe("     2\tline 2\n     3\tline 3\n\n[Showing lines 2-3 of 5. Use offset=4 to continue.]");
    expect(textOf(await read({ path: "a.txt", offset: 4 }))).toBe("     4\tline 4\n     5\tline 5");
  });

  test("a long file stops at 2000 lines with a hint, and offset reads the rest", async () => {
    const { read } = setup({ "big.txt": `${numbered(1, 2500)}\n` });
    const first = textOf(await read({ path: "big.txt" }));
    expect(first).toContain("  2000\tline 2000");
    expect(first).not.toContain("line 2001");
    expect(first).toEndWith("[Showing lines 1-2000 of 2500 (output limit of 2000 lines / 50.0 KB reached). Use offset=2001 to continue.]");
    const rest = textOf(await read({ path: "big.txt", offset: 2001 }));
    expect(rest.split("\n")).toHaveLength(500);
    expect(rest).toEndWith("  2500\tline 2500");
  });

  test("wide lines stop at 50 KB, and the hint points to the first line not shown", async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `${i + 1}:${"x".repeat(100)}`);
    const { read } = setup({ "wide.txt": lines.join("\n") });
    const out = textOf(await read({ path: "wide.txt" }));
    const [body, notice] = out.split("\n\n");
    expect(Buffer.byteLength(body!)).toBeLessThanOrEqual(50 * 1024);
    const shown = body!.split("\n").length;
    expect(shown).toBeLessThan(1000);
    expect(notice).toBe(`[Showing lines 1-${shown} of 1000 (output limit of 2000 lines / 50.0 KB reached). Use offset=${shown + 1} to continue.]`);
    expect(textOf(await read({ path: "wide.txt", offset: shown + 1, limit: 1 }))).toContain(`${shown + 1}:xxx`);
  });

  test("a line over 2000 characters is cut with a marker", async () => {
    const { read } = setup({ "long.txt": `${"a".repeat(3000)}\nshort\n` });
    const out = textOf(await read({ path: "long.txt" }));
    expect(out).toContain(`\t${"a".repeat(2000)}… [line cut: 1000 more chars]`);
    expect(out).toContain("     2\tshort");
  });

  test("an offset past the end is an error that gives the line count", async () => {
    const { read } = setup({ "a.txt": "1\n2\n3\n" });
    expect(await errorOf(read({ path: "a.txt", offset: 10 }))).toContain("has 3 lines");
  });

  test("images are recognised by their bytes, whatever the extension", async () => {
    const { read } = setup({ "shot.dat": PNG, "photo.jpg": JPEG, "anim.gif": GIF, "pic.webp": WEBP, "fake.png": "not an image\n" });
    const out = await read({ path: "shot.dat" });
    expect(out.content).toEqual([
      { type: "text", text: `Read image file shot.dat (image/png, ${PNG.length} bytes)` },
      { type: "image", mediaType: "image/png", data: Buffer.from(PNG).toString("base64") },
    ]);
    for (const [file, type] of [["photo.jpg", "image/jpeg"], ["anim.gif", "image/gif"], ["pic.webp", "image/webp"]]) {
      const blocks = (await read({ path: file })).content as { type: string; mediaType?: string }[];
      expect(blocks[1]).toMatchObject({ type: "image", mediaType: type });
    }
    expect(textOf(await read({ path: "fake.png" }))).toBe("     1\tnot an image");
  });

  test("a binary file is an error that says so", async () => {
    const { read } = setup({ "prog.bin": Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]) });
    expect(await errorOf(read({ path: "prog.bin" }))).toContain("is a binary file");
  });

  test("a directory is an error that points to ls; a missing file is an error", async () => {
    const { read } = setup({ "sub/a.txt": "x" });
    expect(await errorOf(read({ path: "sub" }))).toContain("Use ls");
    expect(await errorOf(read({ path: "nope.txt" }))).toContain("File not found: nope.txt");
  });

  test("paths with spaces, absolute paths, CRLF and BOM files, empty files", async () => {
    const { dir, read } = setup({ "my docs/a b.txt": "\uFEFFone\r\ntwo\r\n", "empty.txt": "" });
    expect(textOf(await read({ path: "my docs/a b.txt" }))).toBe("     1\tone\n     2\ttwo");
    expect(textOf(await read({ path: path.join(dir, "my docs", "a b.txt"), offset: 2 }))).toBe("     2\ttwo");
    expect(textOf(await read({ path: "empty.txt" }))).toBe("(empty file)");
  });

  test("~ is the home directory", () => {
    expect(resolvePath("~/notes.md", "/somewhere")).toBe(path.join(os.homedir(), "notes.md"));
    expect(resolvePath("~", "/somewhere")).toBe(os.homedir());
    expect(resolvePath("rel/x", "/somewhere")).toBe("/somewhere/rel/x");
  });

  test("bad arguments are errors naming the parameter", async () => {
    const { read } = setup({ "a.txt": "x" });
    expect(await errorOf(read({}))).toContain('"path" is required');
    expect(await errorOf(read({ path: "a.txt", offset: 0 }))).toContain('"offset" must be an integer >= 1');
    expect(textOf(await read({ path: "a.txt", offset: "1", limit: "1" }))).toBe("     1\tx");
  });
});
