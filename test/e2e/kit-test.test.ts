/**
 * `kit test` through the built binary, as an extension author runs it: the binary re-executes itself
 * as Bun's test runner with the embedded preload, so test files import `bun:test` and `kit/test` and
 * the extension imports `kit/ext`, with nothing installed. Checks the exit codes, bun's summary, flags
 * passing through, the preload written once to the cache directory, and the project that
 * `kit extensions init` generates.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isolatedHome, kitEnv, runKit, type KitResult } from "../support/kit-process.ts";
import { tempDir } from "../support/temp-dir.ts";

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** A project and a HOME of its own; kit runs in the project. Output is stdout + stderr (bun reports on stderr). */
function setup(): { project: string; home: string; kit: (...args: string[]) => Promise<KitResult & { output: string }> } {
  const home = isolatedHome();
  const project = tempDir("kit-test-cmd-");
  return {
    project,
    home,
    kit: async (...args) => {
      const r = await runKit(args, { cwd: project, env: kitEnv(home) });
      return { ...r, output: r.stdout + r.stderr };
    },
  };
}

const GUARD = `import { API_VERSION, type ExtensionAPI } from "kit/ext";
export default function init(kit: ExtensionAPI) {
  kit.onToolCall((e) => {
    const command = typeof e.args?.command === "string" ? e.args.command : "";
    if (e.toolName === "bash" && command.includes("rm -rf")) return { block: true, reason: "Dangerous command (contract v" + API_VERSION + ")" };
  });
  kit.registerCommand({ name: "hello", description: "say hello", execute: (args, ctx) => { ctx.setStatus("hello", "said"); return "Hello, " + (args || "world"); } });
}
`;

const PASSING = `import { describe, expect, test } from "bun:test";
import { assertBlocked, assertNotBlocked, assertStatusText, createHarness } from "kit/test";

describe("guard", () => {
  test("blocks rm -rf", async () => {
    const h = await createHarness().load(\`\${import.meta.dir}/guard.ts\`);
    assertBlocked(await h.emit("tool_call", { toolName: "bash", input: '{"command":"rm -rf /"}' }), "Dangerous command (contract v1)");
    assertNotBlocked(await h.emit("tool_call", { toolName: "bash", input: '{"command":"ls"}' }));
  });
  test("says hello", async () => {
    const h = await createHarness().load(\`\${import.meta.dir}/guard.ts\`);
    expect(await h.runCommand("hello", "Ada")).toBe("Hello, Ada");
    assertStatusText(h, "hello", "said");
    // The bun started by kit test does not pass BUN_BE_BUN on to what the tests spawn through process.env.
    expect(process.env.BUN_BE_BUN).toBeUndefined();
  });
});
`;

const FAILING = `import { test } from "bun:test";
import { assertBlocked, createHarness } from "kit/test";
test("expects a block that does not happen", async () => {
  const h = await createHarness().load(\`\${import.meta.dir}/guard.ts\`);
  assertBlocked(await h.emit("tool_call", { toolName: "bash", input: '{"command":"ls"}' }), "Dangerous");
});
`;

describe("kit test", () => {
  test("passing tests: exit 0 with bun's summary; the preload is written once to the cache directory", async () => {
    const { project, home, kit } = setup();
    write(project, { "exts/guard.ts": GUARD, "exts/guard.test.ts": PASSING });
    const r = await kit("test", "exts");
    expect(r.output).toContain("(pass) guard > blocks rm -rf");
    expect(r.output).toContain("(pass) guard > says hello");
    expect(r.output).toContain(" 2 pass");
    expect(r.output).toContain(" 0 fail");
    expect(r.output).toContain("Ran 2 tests across 1 file");
    expect(r.exitCode).toBe(0);

    const cacheDir = join(home, ".cache", "kit");
    const preloads = readdirSync(cacheDir).filter((f) => f.startsWith("test-preload-"));
    expect(preloads).toHaveLength(1);
    expect(preloads[0]).toMatch(/^test-preload-[0-9a-f]{16}\.js$/);
    expect(readFileSync(join(cacheDir, preloads[0]!), "utf8")).toContain("kit/test");
    const again = await kit("test", "exts/guard.test.ts");
    expect(again.exitCode).toBe(0);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith("test-preload-"))).toEqual(preloads);
  });

  test("a failing test: non-zero exit, with the assertion's message", async () => {
    const { project, kit } = setup();
    write(project, { "exts/guard.ts": GUARD, "exts/guard.test.ts": PASSING, "exts/failing.test.ts": FAILING });
    const r = await kit("test", "exts");
    expect(r.output).toContain('assertBlocked: expected the tool call to be blocked with a reason containing "Dangerous", but the result was undefined');
    expect(r.output).toContain("(fail) expects a block that does not happen");
    expect(r.output).toContain(" 2 pass");
    expect(r.output).toContain(" 1 fail");
    expect(r.exitCode).toBe(1);
  });

  test("bun's flags pass through: -t filters tests by name", async () => {
    const { project, kit } = setup();
    write(project, { "exts/guard.ts": GUARD, "exts/guard.test.ts": PASSING, "exts/failing.test.ts": FAILING });
    const r = await kit("test", "-t", "says hello", "exts");
    expect(r.output).toContain("(pass) guard > says hello");
    expect(r.output).not.toContain("blocks rm -rf");
    expect(r.output).not.toContain("(fail)");
    expect(r.output).toContain(" 1 pass");
    expect(r.output).toContain("2 filtered out");
    expect(r.exitCode).toBe(0);
  });

  test("a load error in the extension fails the test with file:line:column", async () => {
    const { project, kit } = setup();
    write(project, {
      "exts/broken.ts": "export default function init() {\n  return (;\n}\n",
      "exts/broken.test.ts": `import { test } from "bun:test";\nimport { createHarness } from "kit/test";\ntest("loads", async () => {\n  await createHarness().load(\`\${import.meta.dir}/broken.ts\`);\n});\n`,
    });
    const r = await kit("test", "exts");
    expect(r.output).toContain(`${join(project, "exts", "broken.ts")}:2:11:`);
    expect(r.exitCode).toBe(1);
  });

  test("the project of `kit extensions init` passes `kit test .kit/extensions`, and `kit test` alone finds it", async () => {
    const { kit } = setup();
    const init = await kit("extensions", "init");
    expect(init.exitCode).toBe(0);
    const r = await kit("test", ".kit/extensions");
    expect(r.output).toContain(" 4 pass");
    expect(r.output).toContain(" 0 fail");
    expect(r.exitCode).toBe(0);
    const all = await kit("test");
    expect(all.output).toContain(".kit/extensions/my-extension.test.ts");
    expect(all.output).toContain(" 4 pass");
    expect(all.exitCode).toBe(0);
  });

  test("`kit test` at a monorepo's root finds the tests `kit extensions init` wrote in a package's .kit/", async () => {
    const { project, home, kit } = setup();
    const pkg = join(project, "packages", "app");
    mkdirSync(pkg, { recursive: true });
    expect((await runKit(["extensions", "init"], { cwd: pkg, env: kitEnv(home) })).exitCode).toBe(0);
    const r = await kit("test");
    expect(r.output).toContain("packages/app/.kit/extensions/my-extension.test.ts");
    expect(r.output).toContain(" 4 pass");
    expect(r.exitCode).toBe(0);
  });

  test("no test files: bun says so and the exit code is non-zero", async () => {
    const { project, kit } = setup();
    write(project, { "README.md": "nothing here\n" });
    const r = await kit("test");
    expect(r.output).toContain("No tests found");
    expect(r.exitCode).not.toBe(0);
  });

  test("kit/test also resolves when kit itself loads an extension", async () => {
    const { project, kit } = setup();
    write(project, {
      "ext.ts": `import { assertToolRegistered, createHarness } from "kit/test";
export default async function init(kit: any) {
  const inner = await createHarness().loadString('export default (k: any) => k.registerTool({ name: "inner", description: "", parameters: {}, execute: () => "" });');
  assertToolRegistered(inner, "inner");
  kit.registerCommand({ name: "uses-" + typeof createHarness, description: "", execute: () => "" });
}
`,
    });
    const r = await kit("extensions", "validate", "ext.ts");
    expect(r.stdout).toContain("ok       ext.ts  (commands: /uses-function)");
    expect(r.exitCode).toBe(0);
  });

  test("kit test --help shows kit's usage; the root help lists the command", async () => {
    const { kit } = setup();
    const help = await kit("test", "--help");
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("kit test");
    expect(help.stdout).toContain("bun:test, kit/ext and kit/test");
    const root = await kit("--help");
    expect(root.stdout).toContain("test [files|dirs]");
  });
});
