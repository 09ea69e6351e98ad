/**
 * The preload of `kit test` from source: the bundle builds without the app, serves kit/ext and kit/test
 * to a test file, is written once per content to the cache directory; the arguments handed to bun; and
 * `kit test` run from source (no prior build: the preload is built on demand).
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { bunTestArgs } from "../../src/cli/commands/test-args.ts";
import { buildPreload } from "../../src/extensions/harness/preload-build.ts";
import { ensurePreloadFile, preloadFileName } from "../../src/extensions/harness/preload-file.ts";
import { kitEnv } from "../support/kit-process.ts";
import { tempDir, writeFiles } from "./helpers.ts";

const MAIN = resolve(import.meta.dir, "../../src/main.ts");

const EXT = `import { API_VERSION } from "kit/ext";\nexport default (kit: any) => kit.registerCommand({ name: "v", description: "", execute: () => "v" + API_VERSION });\n`;
const TEST = `import { expect, test } from "bun:test";
import { assertCommandRegistered, createHarness } from "kit/test";
test("through the preload", async () => {
  const h = await createHarness().load(\`\${import.meta.dir}/ext.ts\`);
  assertCommandRegistered(h, "v");
  expect(await h.runCommand("v")).toBe("v1");
});
`;

describe("preload bundle", () => {
  test("bundles the runtime, the harness and the resource parsers (with the shared file parser) only: no app, no SDK", async () => {
    const text = await buildPreload();
    const modules = text.split("\n").filter((l) => l.startsWith("// src/"));
    expect(modules).toContain("// src/extensions/harness/preload.ts");
    expect(modules).toContain("// src/extensions/loader.ts");
    expect(modules).toContain("// src/extensions/runner.ts");
    expect(modules.filter((m) => !/^\/\/ src\/(extensions|resources|llm\/models|llm\/types\.ts|llm\/base-url\.ts|config\/parse-file\.ts|config\/json-error-offset\.ts|errors\.ts|did-you-mean\.ts)/.test(m))).toEqual([]);
    expect(text).not.toContain("@anthropic-ai/sdk");
    expect(text).not.toContain("node_modules/openai");
  });

  test("is written once, under a name made from its content", async () => {
    const cache = tempDir();
    const first = await ensurePreloadFile(cache, "// one\n");
    expect(first).toBe(join(cache, preloadFileName("// one\n")));
    expect(readFileSync(first, "utf8")).toBe("// one\n");
    expect(await ensurePreloadFile(cache, "// one\n")).toBe(first);
    const second = await ensurePreloadFile(join(cache, "nested"), "// two\n");
    expect(second).not.toBe(first);
    expect(preloadFileName("// one\n")).toMatch(/^test-preload-[0-9a-f]{16}\.js$/);
    expect(readdirSync(cache).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("arguments for bun test", () => {
  test("flags and their values pass through untouched; existing relative paths become ./paths", () => {
    const dir = tempDir();
    writeFiles(dir, { ".kit/extensions/a.test.ts": "", "tests/b.test.ts": "" });
    expect(bunTestArgs(["-t", "tests", "--timeout", "500", ".kit/extensions", "tests", "missing", "./x", "/abs", "--bail", "--watch"], dir)).toEqual([
      "-t",
      "tests",
      "--timeout",
      "500",
      "./.kit/extensions",
      "./tests",
      "missing",
      "./x",
      "/abs",
      "--bail",
      "--watch",
    ]);
  });

  test("without files, the project's .kit/extensions is searched besides the working directory", () => {
    const withExt = tempDir();
    writeFiles(withExt, { ".kit/extensions/a.test.ts": "" });
    expect(bunTestArgs(["-t", "x"], withExt)).toEqual(["-t", "x", ".", "./.kit/extensions"]);
    expect(bunTestArgs([], tempDir())).toEqual([]);
    expect(bunTestArgs(["tests"], withExt)).toEqual(["tests"]);
  });

  test("without files, every .kit/extensions below the working directory is searched (a monorepo's packages), node_modules skipped", () => {
    const root = tempDir();
    writeFiles(root, {
      ".kit/extensions/a.test.ts": "",
      "packages/web/.kit/extensions/b.test.ts": "",
      "packages/api/.kit/extensions/c.test.ts": "",
      "node_modules/dep/.kit/extensions/d.test.ts": "",
      ".git/x/.kit/extensions/e.test.ts": "",
    });
    expect(bunTestArgs([], root)).toEqual([".", "./.kit/extensions", "./packages/api/.kit/extensions", "./packages/web/.kit/extensions"]);
  });
});

describe("kit test from source", () => {
  test("builds the preload on demand, runs the tests and exits with bun's code", async () => {
    const project = tempDir();
    const home = tempDir();
    writeFiles(project, { "exts/ext.ts": EXT, "exts/ext.test.ts": TEST });
    const run = (...args: string[]) => {
      const proc = Bun.spawnSync([process.execPath, MAIN, "test", ...args], { cwd: project, env: kitEnv(home) });
      return { code: proc.exitCode, output: proc.stdout.toString() + proc.stderr.toString() };
    };
    const ok = run("exts");
    expect(ok.output).toContain("(pass) through the preload");
    expect(ok.code).toBe(0);
    expect(readdirSync(join(home, ".cache", "kit")).filter((f) => f.startsWith("test-preload-"))).toHaveLength(1);

    writeFiles(project, { "exts/bad.test.ts": `import { test, expect } from "bun:test";\ntest("fails", () => expect(1).toBe(2));\n` });
    const bad = run("exts");
    expect(bad.output).toContain("(fail) fails");
    expect(bad.code).toBe(1);
  });
});
