import { beforeEach, describe, expect, test } from "bun:test";
import { API_VERSION, EVENT_NAMES } from "../../src/extensions/contract.ts";
import { formatLoadError, loadAll, loadExtension } from "../../src/extensions/loader.ts";
import { ExtensionRegistry } from "../../src/extensions/registry.ts";
import { LOG, loadSources, resetLog, tempDir, writeFiles } from "./helpers.ts";

let log: unknown[];
beforeEach(() => {
  log = resetLog();
});

describe("loading real extension files", () => {
  test("default export entry, kit/ext runtime exports, relative helper and own node_modules package", async () => {
    const dir = tempDir();
    const [entry] = writeFiles(dir, {
      "ext/main.ts": `${LOG}
import { API_VERSION, EVENT_NAMES } from "kit/ext";
import type { ExtensionAPI } from "kit/ext";
import { shout } from "./lib/shout.ts";
import pad from "tiny-pad";
export default function (kit: ExtensionAPI) {
  LOG({ api: API_VERSION, events: EVENT_NAMES.length, helper: shout("hi"), pkg: pad("x", 3) });
  kit.onSessionStart(() => {});
}
`,
      "ext/lib/shout.ts": `export const shout = (s: string) => s.toUpperCase() + "!";\n`,
      "ext/node_modules/tiny-pad/package.json": JSON.stringify({ name: "tiny-pad", version: "1.0.0", main: "index.js" }),
      "ext/node_modules/tiny-pad/index.js": `module.exports = function pad(s, n) { return s.padStart(n, "."); };\n`,
    });
    const result = await loadAll([entry!], { fresh: false });
    expect(result.errors).toEqual([]);
    expect(result.loaded).toEqual([entry!]);
    expect(log).toEqual([{ api: API_VERSION, events: EVENT_NAMES.length, helper: "HI!", pkg: "..x" }]);
    expect(result.registry.hasHandlers("session_start")).toBe(true);
  });

  test("named init entry, async init awaited before the next extension loads", async () => {
    const r = await loadSources({
      "slow.ts": `${LOG}
export async function init(kit: any) {
  await new Promise((r) => setTimeout(r, 5));
  LOG("slow done");
  kit.onInput(() => undefined);
}
`,
      "next.js": `const LOG = (x) => globalThis.__kitLog.push(x);\nexport default function (kit) { LOG("next"); }\n`,
    });
    expect(r.errors).toEqual([]);
    expect(log).toEqual(["slow done", "next"]);
    expect(r.registry.extensions().map((e) => e.path)).toEqual(r.paths);
    expect(r.registry.hasHandlers("input")).toBe(true);
  });

  test("a syntax error is reported with file, line and column; the other extension still loads", async () => {
    const r = await loadSources({
      "broken.ts": `export default function init(kit: any) {\n  const x = ;\n}\n`,
      "fine.ts": `${LOG}export default () => LOG("fine loaded");\n`,
    });
    expect(r.loaded).toEqual([r.paths[1]!]);
    expect(log).toEqual(["fine loaded"]);
    expect(r.errors).toHaveLength(1);
    const [e] = r.errors;
    expect(e).toMatchObject({ path: r.paths[0], line: 2, column: 13 });
    expect(e!.file).toBeUndefined();
    expect(e!.message).toContain("Unexpected");
    expect(formatLoadError(e!)).toBe(`${r.paths[0]}:2:13: ${e!.message}`);
  });

  test("a syntax error in a helper file names the helper and the extension", async () => {
    const dir = tempDir();
    const [entry, helper] = writeFiles(dir, {
      "ext.ts": `import { v } from "./helper.ts";\nexport default () => v;\n`,
      "helper.ts": `export const v = 1;\n\nexport const w = (;\n`,
    });
    const r = await loadAll([entry!], { fresh: false });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ path: entry, file: helper, line: 3 });
    expect(formatLoadError(r.errors[0]!)).toStartWith(`${helper}:3:`);
    expect(formatLoadError(r.errors[0]!)).toEndWith(`(extension ${entry})`);
  });

  test("an import that does not resolve is reported at the line of the import", async () => {
    const r = await loadSources({
      "ext.ts": `// a comment\nimport { nope } from "./missing-helper.ts";\nexport default () => nope;\n`,
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ path: r.paths[0], line: 2, column: 22 });
    expect(r.errors[0]!.message).toContain("missing-helper.ts");
  });

  test("a throw in init is reported with the line of the throw, and its registrations are dropped", async () => {
    const r = await loadSources({
      "thrower.ts": `export default function init(kit: any) {
  kit.registerTool({ name: "half", description: "d", parameters: {}, execute: () => "x" });
  kit.onInput(() => undefined);
  throw new Error("init failed on purpose");
}
`,
      "after.ts": `export default (kit: any) => kit.registerTool({ name: "half", description: "d", parameters: {}, execute: () => "y" });\n`,
    });
    expect(r.errors).toEqual([{ path: r.paths[0]!, line: 4, column: expect.any(Number), message: "init failed on purpose" }]);
    expect(r.registry.extensions().map((e) => e.path)).toEqual([r.paths[1]!]);
    expect(r.registry.hasHandlers("input")).toBe(false);
    // The failed extension's tool is gone, so the next one gets the name without a clash.
    expect(r.registry.tool("half")?.extPath).toBe(r.paths[1]!);
    expect(r.registry.issues).toEqual([]);
  });

  test("a rejected async init is reported and skipped", async () => {
    const r = await loadSources({
      "rejects.ts": `export default async function init() {\n  await Promise.resolve();\n  throw new TypeError("bad async");\n}\n`,
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ path: r.paths[0], line: 3, message: "TypeError: bad async" });
  });

  test("an unknown event name throws at registration and points at the extension's line", async () => {
    const r = await loadSources({
      "typo.ts": `export default function init(kit: any) {\n  kit.onInput(() => undefined);\n  kit.on("tool_calll", () => undefined);\n}\n`,
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ path: r.paths[0], line: 3 });
    expect(r.errors[0]!.message).toContain('unknown event "tool_calll"');
    expect(r.registry.extensions()).toEqual([]);
  });

  test("no entry point is an error", async () => {
    const r = await loadSources({ "noentry.ts": `export const something = 1;\n` });
    expect(r.errors).toEqual([{ path: r.paths[0]!, message: expect.stringContaining("no entry point") }]);
  });

  test("an API_VERSION export must match; the matching one (re-exported from kit/ext) loads", async () => {
    const r = await loadSources({
      "old.ts": `export const API_VERSION = 0;\nexport default () => {};\n`,
      "current.ts": `export { API_VERSION } from "kit/ext";\nexport default () => {};\n`,
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.path).toBe(r.paths[0]!);
    expect(r.errors[0]!.message).toContain("version 0");
    expect(r.loaded).toEqual([r.paths[1]!]);
  });

  test("importing a name kit/ext does not export is a load error", async () => {
    const r = await loadSources({ "wrongname.ts": `import { NOT_THERE } from "kit/ext";\nexport default () => NOT_THERE;\n` });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toContain("NOT_THERE");
  });

  test("a missing file is an error naming it; loading the same path twice is refused", async () => {
    const registry = new ExtensionRegistry();
    const missing = `${tempDir()}/gone.ts`;
    expect(await loadExtension(registry, missing, { fresh: false })).toEqual({ path: missing, message: `extension not found: ${missing}` });
    const r = await loadSources({ "once.ts": `export default () => {};\n` });
    const again = await loadExtension(r.registry, r.paths[0]!, { fresh: false });
    expect(again?.message).toContain("already loaded");
  });
});
