/**
 * The extension runtime inside a compiled executable, built the way build.ts builds dist/kit
 * (compile + splitting + bytecode + minify, ESM). The program loads .ts extensions from disk, with
 * `kit/ext` served by the runtime plugin, dispatches an event, and hot-reloads after a helper changed.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir, writeFiles } from "./helpers.ts";

const SRC = join(import.meta.dir, "../../src/extensions");

const PROGRAM = `
import { formatLoadError, loadAll } from ${JSON.stringify(join(SRC, "loader.ts"))};
import { ExtensionRunner } from ${JSON.stringify(join(SRC, "runner.ts"))};
import { KIT_EXT_DTS } from ${JSON.stringify(join(SRC, "contract-source.ts"))};

const [good, broken, helper] = process.argv.slice(2);
const out: Record<string, unknown> = { dts: KIT_EXT_DTS, argv1: process.argv[1] };
const first = await loadAll([broken!, good!], { fresh: false });
out.loaded = first.loaded;
out.errors = first.errors.map(formatLoadError);
const runner = new ExtensionRunner({
  registry: first.registry,
  contextFor: () => ({}) as never,
  onHandlerError: (p, e, err) => console.error("handler error", p, e, err),
});
out.input = await runner.emit("input", { text: "hi", source: "cli" });
await Bun.write(helper!, 'export const suffix = " (v2)";\\n');
const second = await loadAll([good!], { fresh: true });
out.reloadErrors = second.errors.map(formatLoadError);
runner.setRegistry(second.registry);
out.reloaded = await runner.emit("input", { text: "hi", source: "cli" });
console.log(JSON.stringify(out));
`;

describe("compiled binary", () => {
  test("loads a .ts extension importing kit/ext, a helper and a package; reports syntax errors; hot-reloads", async () => {
    const dir = tempDir("kit-compiled-");
    writeFiles(dir, { "program.ts": PROGRAM });
    const build = await Bun.build({
      entrypoints: [join(dir, "program.ts")],
      minify: true,
      bytecode: true,
      splitting: true,
      format: "esm",
      compile: { outfile: join(dir, "bin", "prog"), autoloadBunfig: false, autoloadDotenv: false },
    });
    expect(build.success).toBe(true);

    const exts = tempDir("kit-compiled-ext-");
    const [good, broken, helper] = writeFiles(exts, {
      "good/main.ts": `import { API_VERSION, EVENT_NAMES } from "kit/ext";
import type { ExtensionAPI, Events } from "kit/ext";
import { suffix } from "./suffix.ts";
import shout from "shout";
export default function init(kit: ExtensionAPI) {
  kit.onInput((e: Events["input"]) => ({ action: "transform", text: shout(e.text) + suffix + " api=" + API_VERSION + " events=" + EVENT_NAMES.length }));
}
`,
      "broken.ts": `export default function init() {\n  return (;\n}\n`,
      "good/suffix.ts": `export const suffix = " (v1)";\n`,
      "good/node_modules/shout/package.json": JSON.stringify({ name: "shout", main: "index.js" }),
      "good/node_modules/shout/index.js": `module.exports = (s) => s.toUpperCase();\n`,
    });

    const proc = Bun.spawnSync([join(dir, "bin", "prog"), good!, broken!, helper!], { cwd: exts, env: { PATH: process.env.PATH ?? "" } });
    const stderr = proc.stderr.toString();
    expect(stderr).toBe("");
    expect(proc.exitCode).toBe(0);
    const out = JSON.parse(proc.stdout.toString());
    // It ran from the executable's embedded file system, not from source.
    expect(String(out.argv1)).toStartWith("/$bunfs/");
    expect(out.dts).toBe(readFileSync(join(SRC, "kit-ext.d.ts"), "utf8"));
    expect(out.loaded).toEqual([good]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toStartWith(`${broken}:2:11: `);
    expect(out.input).toEqual({ action: "transform", text: "HI (v1) api=1 events=37" });
    expect(out.reloadErrors).toEqual([]);
    expect(out.reloaded).toEqual({ action: "transform", text: "HI (v2) api=1 events=37" });
  }, 120_000);
});
