/**
 * Smoke test of the whole example library in extensions/: every example, found on disk rather than
 * listed here (so examples added later are covered too), loads into one runtime with the others
 * through the built binary, with no load error and no name clash, and a headless run with all of them
 * `-e`'d completes against the scripted provider. Then `kit test extensions/` (the built binary as
 * the test runner) passes, and a failing test makes `kit test` exit non-zero.
 *
 * Examples in a folder with a package.json get their dependencies installed first, the way kit installs
 * packages (`BUN_BE_BUN=1 kit install --production --ignore-scripts` inside the folder), since their
 * node_modules/ is not committed. Everything that loads them runs in a child process: Bun has read
 * extensions/ while looking for test files, and its resolver in this process would not see a
 * node_modules/ created afterwards.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { scanDirectory } from "../../src/extensions/discovery.ts";
import { KIT_BIN, isolatedHome, kitEnv, runKit } from "../support/kit-process.ts";
import { startMockLLM, text, type MockLLM } from "../support/mock-llm.ts";
import { errorLines, runWith, tempDir } from "./extension-runs.ts";

const REPO = resolve(import.meta.dir, "../..");
const EXAMPLES = join(REPO, "extensions");
const ENTRY_NAMES = ["main.ts", "index.ts", "main.js", "index.js"];
const NOT_EXAMPLES = new Set(["node_modules", "test", "tests", "dist", "build"]);

/**
 * The examples, as absolute entry paths sorted by name: `*.ts`/`*.js` files that are not tests or
 * typings, and folders with an entry file (spec/install.md's rules, written out here on purpose so the
 * test does not take kit's word for what an example is).
 */
function findExamples(): string[] {
  const found: string[] = [];
  for (const name of readdirSync(EXAMPLES).sort()) {
    if (name.startsWith(".")) continue;
    const abs = join(EXAMPLES, name);
    if (statSync(abs).isDirectory()) {
      if (NOT_EXAMPLES.has(name)) continue;
      const entry = ENTRY_NAMES.find((e) => existsSync(join(abs, e)));
      if (entry) found.push(join(abs, entry));
    } else if (/\.(ts|js)$/.test(name) && !/\.(test|d)\.(ts|js)$/.test(name)) {
      found.push(abs);
    }
  }
  return found;
}

/** Example folders whose package.json has dependencies. */
function foldersWithDependencies(examples: string[]): string[] {
  return examples
    .map((entry) => resolve(entry, ".."))
    .filter((dir) => dir !== EXAMPLES && existsSync(join(dir, "package.json")))
    .filter((dir) => Object.keys(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).dependencies ?? {}).length > 0);
}

/** Installs a folder's dependencies with the kit binary, as `kit install` does for a package. */
async function installDependencies(dir: string): Promise<void> {
  const proc = Bun.spawn([KIT_BIN, "install", "--production", "--ignore-scripts"], {
    cwd: dir,
    // The user's environment (and so Bun's package cache), not the isolated HOME of the kit runs below.
    env: { ...process.env, BUN_BE_BUN: "1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) {
    throw new Error(`installing the dependencies of ${relative(REPO, dir)} failed (BUN_BE_BUN=1 kit install --production --ignore-scripts, exit ${code}):\n${stdout}${stderr}`);
  }
}

const examples = findExamples();
const shown = examples.map((p) => relative(REPO, p));
const home = isolatedHome();
let mock: MockLLM;

beforeAll(async () => {
  for (const dir of foldersWithDependencies(examples)) await installDependencies(dir);
  mock = await startMockLLM();
}, 180_000);

afterAll(async () => {
  await mock?.close();
});

describe("the example library", () => {
  test("is found on disk: single files and folders, the same list kit's discovery makes", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    expect(shown).toContain("extensions/custom-tool.ts");
    expect(shown).toContain("extensions/multi-file/main.ts");
    expect(shown.filter((p) => p.endsWith(".test.ts"))).toEqual([]);
    expect(scanDirectory(EXAMPLES)).toEqual(examples);
  });

  test("`kit extensions validate extensions/`: every example loads with the others, no failure, no name clash", async () => {
    const r = await runKit(["extensions", "validate", "extensions"], { cwd: REPO, env: kitEnv(home) });
    const lines = r.stdout.trimEnd().split("\n");
    const ok = lines.filter((l) => l.startsWith("ok ")).map((l) => l.replace(/^ok\s+/, "").replace(/\s+\(.*$/, ""));
    expect({ failed: lines.filter((l) => l.startsWith("failed ")), warnings: lines.filter((l) => l.startsWith("warning ")) }).toEqual({
      failed: [],
      warnings: [],
    });
    expect(ok).toEqual(shown);
    expect(lines.at(-1)).toBe(`${examples.length} checked: ${examples.length} ok, 0 failed`);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
  });

  test("a headless run with every example -e'd completes against the scripted provider, with no error reported", async () => {
    const run = await runWith(mock, { exts: examples, cwd: tempDir({ "README.md": "# a project\n" }), args: ["say hi"], steps: [text("hi from the model")] });
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.stdout).toContain("hi from the model");
    expect(run.requests.length).toBeGreaterThanOrEqual(1);
    expect(mock.remaining()).toBe(0);
    expect(run.exitCode).toBe(0);
  }, 60_000);
});

describe("kit test (the built binary as the test runner)", () => {
  test("`kit test extensions/` runs every example's tests and passes", async () => {
    const testFiles = readdirSync(EXAMPLES, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".test.ts") && !f.split("/").includes("node_modules"));
    const r = await runKit(["test", "extensions"], { cwd: REPO, env: kitEnv(home) });
    const output = r.stdout + r.stderr;
    if (r.exitCode !== 0) throw new Error(`kit test extensions/ exited with ${r.exitCode}:\n${output}`);
    expect(output).toContain(" 0 fail");
    expect(output).not.toContain("(fail)");
    const ran = /Ran (\d+) tests? across (\d+) files?/.exec(output);
    expect(ran).not.toBeNull();
    expect(Number(ran![2])).toBe(testFiles.length);
    for (const file of testFiles) expect(output).toContain(`extensions/${file}:`);
  }, 180_000);

  test("a failing test file next to an extension makes `kit test <dir>` exit non-zero and say which test failed", async () => {
    const project = tempDir({
      "checks/hello.ts": `import type { ExtensionAPI } from "kit/ext";
export default function (kit: ExtensionAPI) {
  kit.registerCommand({ name: "hello", description: "say hello", execute: (args) => \`Hello, \${args || "world"}!\` });
}
`,
      "checks/hello.test.ts": `import { expect, test } from "bun:test";
import { createHarness } from "kit/test";
const EXTENSION = \`\${import.meta.dir}/hello.ts\`;
test("says hello", async () => {
  const h = await createHarness().load(EXTENSION);
  expect(await h.runCommand("hello", "Ada")).toBe("Hello, Ada!");
});
test("expects a goodbye it never gets", async () => {
  const h = await createHarness().load(EXTENSION);
  expect(await h.runCommand("hello", "Ada")).toBe("Goodbye, Ada!");
});
`,
    });
    const r = await runKit(["test", join(project, "checks")], { cwd: project, env: kitEnv(home) });
    const output = r.stdout + r.stderr;
    expect(output).toContain("(pass) says hello");
    expect(output).toContain("(fail) expects a goodbye it never gets");
    expect(output).toContain('Expected: "Goodbye, Ada!"');
    expect(output).toContain(" 1 pass");
    expect(output).toContain(" 1 fail");
    expect(r.exitCode).not.toBe(0);
  }, 60_000);
});
