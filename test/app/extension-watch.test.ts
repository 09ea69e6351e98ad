/**
 * What hot reload counts as a change of an extension's code: the files its module graph imports and
 * the source files of a folder extension's own folder, when their content differs. Each test writes
 * files that must be ignored first, then one that must not, and checks that only the latter is
 * reported (the watcher reports every differing file of a debounce window, so an ignored file that
 * slipped through would show up in the same report).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ExtensionWatch } from "../../src/app/extension-watch.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitUntil } from "../support/process-facts.ts";

const watches: ExtensionWatch[] = [];
afterEach(() => {
  for (const w of watches.splice(0)) w.close();
});

function files(root: string, content: Record<string, string>): void {
  for (const [rel, text] of Object.entries(content)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** A watch over the extensions, and the reports it makes. */
function watching(extensions: { path: string; folder?: string }[]) {
  const reports: string[][] = [];
  const w = new ExtensionWatch({ onChange: (paths) => reports.push(paths), report: (m) => reports.push([`error: ${m}`]) });
  watches.push(w);
  w.watch(extensions.map((e) => ({ ...e, source: "explicit" as const })));
  return {
    reports,
    async next(): Promise<string[]> {
      const seen = reports.length;
      await waitUntil("a change to be reported", () => reports.length > seen);
      return reports[seen]!;
    },
  };
}

describe("ExtensionWatch", () => {
  test("a single-file extension: its imports count; a log beside it, other project files and packages do not", async () => {
    const root = tempDir("kit-watch-");
    files(root, {
      "ext.ts": `import { v } from "./lib/helper.ts";\nimport data from "./data.json";\nimport pkg from "pkg";\nexport default () => {};\n`,
      "lib/helper.ts": `export const v = 1;\n`,
      "data.json": `{}\n`,
      "node_modules/pkg/index.js": `module.exports = 1;\n`,
      "other.ts": `export {};\n`,
    });
    const w = watching([{ path: join(root, "ext.ts") }]);
    files(root, { "ext.log": "started\n", "other.ts": "export const changed = 1;\n", "new.ts": "export {};\n", "node_modules/pkg/index.js": "module.exports = 2;\n" });
    // The same bytes again is not a change either.
    files(root, { "lib/helper.ts": `export const v = 1;\n` });
    files(root, { "data.json": `{"a":1}\n` });
    expect(await w.next()).toEqual([join(root, "data.json")]);
    files(root, { "lib/helper.ts": `export const v = 2;\n` });
    expect(await w.next()).toEqual([join(root, "lib/helper.ts")]);
  });

  test("a folder extension: any source file of its folder counts, new ones too; node_modules and other files do not", async () => {
    const root = tempDir("kit-watch-");
    files(root, {
      "tools/index.ts": `export default () => {};\n`,
      "tools/node_modules/dep/index.js": `module.exports = 1;\n`,
      "tools/templates/a.json": `{}\n`,
    });
    const folder = join(root, "tools");
    const w = watching([{ path: join(folder, "index.ts"), folder }]);
    files(root, { "tools/run.log": "x\n", "tools/README.md": "# tools\n", "tools/node_modules/dep/index.js": "module.exports = 2;\n", "beside.ts": "export {};\n" });
    files(root, { "tools/templates/a.json": `{"changed":true}\n` });
    expect(await w.next()).toEqual([join(folder, "templates/a.json")]);
    files(root, { "tools/helper.mjs": `export const x = 1;\n` });
    expect(await w.next()).toEqual([join(folder, "helper.mjs")]);
  });
});
