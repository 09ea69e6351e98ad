import { beforeEach, describe, expect, test } from "bun:test";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatLoadError, loadAll } from "../../src/extensions/loader.ts";
import { LOG, resetLog, tempDir, writeFiles } from "./helpers.ts";

let log: unknown[];
beforeEach(() => {
  log = resetLog();
});

function extension(dir: string) {
  const [entry, helper] = writeFiles(dir, {
    "ext/main.ts": `${LOG}
import { API_VERSION } from "kit/ext";
import { label } from "./lib/label.ts";
import wrap from "wrapper";
export default function init(kit: any) {
  LOG({ label: label(), api: API_VERSION, pkg: wrap("p"), dir: import.meta.dir, file: import.meta.file });
  kit.registerCommand({ name: "which", description: "", execute: () => label() });
}
`,
    "ext/lib/label.ts": `export const label = () => "v1";\n`,
    "ext/node_modules/wrapper/package.json": JSON.stringify({ name: "wrapper", main: "index.js" }),
    "ext/node_modules/wrapper/index.js": `module.exports = (s) => "<" + s + ">";\n`,
  });
  return { entry: entry!, helper: helper! };
}

describe("hot reload (fresh loading)", () => {
  test("a changed helper file is picked up on each reload; kit/ext, packages and import.meta still work", async () => {
    const dir = tempDir();
    const tempRoot = tempDir("kit-bundles-");
    const { entry, helper } = extension(dir);

    const first = await loadAll([entry], { fresh: false });
    expect(first.errors).toEqual([]);
    writeFileSync(helper, `export const label = () => "v2";\n`);
    const second = await loadAll([entry], { fresh: true, tempRoot });
    expect(second.errors).toEqual([]);
    writeFileSync(helper, `export const label = () => "v3";\n`);
    const third = await loadAll([entry], { fresh: true, tempRoot });
    expect(third.errors).toEqual([]);

    const meta = { api: 1, pkg: "<p>", dir: join(dir, "ext"), file: "main.ts" };
    expect(log).toEqual([{ label: "v1", ...meta }, { label: "v2", ...meta }, { label: "v3", ...meta }]);
    // Each load has its own registry, bound to the code of that load.
    expect(await second.registry.command("which")!.def.execute("", undefined as never)).toBe("v2");
    expect(await third.registry.command("which")!.def.execute("", undefined as never)).toBe("v3");
    // The temporary bundles are gone once loaded.
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  test("a syntax error introduced in a helper is reported with the helper's file and line", async () => {
    const dir = tempDir();
    const { entry, helper } = extension(dir);
    writeFileSync(helper, `export const label = () => "v2";\n\nexport const broken = ;\n`);
    const r = await loadAll([entry], { fresh: true });
    expect(r.loaded).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ path: entry, file: helper, line: 3, column: 23 });
    expect(formatLoadError(r.errors[0]!)).toStartWith(`${helper}:3:23: `);
  });

  test("a throw in init after a reload points at the original file and line", async () => {
    const dir = tempDir();
    const [entry] = writeFiles(dir, {
      "thrower.ts": `import { check } from "./check.ts";\nexport default function init() {\n  check();\n}\n`,
      "check.ts": `export function check() {\n  // line 2\n  throw new Error("bad config");\n}\n`,
    });
    const r = await loadAll([entry!], { fresh: true });
    expect(r.errors).toEqual([{ path: entry!, file: join(dir, "check.ts"), line: 3, column: expect.any(Number), message: "bad config" }]);
  });
});

describe("reloading many extensions at once", () => {
  test("extensions of one folder reload in one bundle run, each with its own helpers; a broken one fails alone", async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      files[`ext-${i}.ts`] = `import { n } from "./helper-${i}.ts";\nexport default function init(kit: any) { kit.registerCommand({ name: "n${i}", description: "", execute: () => String(n) }); }\n`;
      files[`helper-${i}.ts`] = `export const n = ${i};\n`;
    }
    files["broken.ts"] = `export default function init( {\n`;
    writeFiles(dir, files);
    const paths = [...Array.from({ length: 12 }, (_, i) => join(dir, `ext-${i}.ts`)), join(dir, "broken.ts")];
    const r = await loadAll(paths, { fresh: true });
    expect(r.loaded.length).toBe(12);
    expect(r.errors.map((e) => e.path)).toEqual([join(dir, "broken.ts")]);
    for (let i = 0; i < 12; i++) expect(await r.registry.command(`n${i}`)!.def.execute("", {} as never)).toBe(String(i));
  });
});
