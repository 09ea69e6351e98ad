/**
 * `kit extensions list|validate|init` through the built binary, in temp projects with an isolated HOME:
 * discovery order (global dir, project dir, folder extension, -e), --no-extensions, load errors with
 * file:line:column and exit codes, and a generated project that loads and type-checks with tsc.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { isolatedHome, kitEnv, runKit, type KitResult } from "../support/kit-process.ts";
import { tempDir } from "../support/temp-dir.ts";

const TSC = resolve(import.meta.dir, "../../node_modules/.bin/tsc");

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** A project directory and a HOME of its own; `kit` runs there. Listing its `.kit/extensions/` takes --trust-project (project-trust.test.ts). */
function setup(): { project: string; home: string; kit: (...args: string[]) => Promise<KitResult> } {
  const home = isolatedHome();
  const project = tempDir("kit-ext-cmd-");
  return { project, home, kit: (...args) => runKit(args, { cwd: project, env: kitEnv(home) }) };
}

const GLOBAL_EXT = `import type { ExtensionAPI } from "kit/ext";
export default function init(kit: ExtensionAPI) {
  kit.onSessionStart(() => {});
  kit.registerCommand({ name: "from-global", description: "g", execute: () => "g" });
}
`;
const PROJECT_EXT = `import type { ExtensionAPI } from "kit/ext";
export default function init(kit: ExtensionAPI) {
  kit.onToolCall(() => undefined);
  kit.onToolCall(() => undefined);
  kit.onInput(() => undefined);
  kit.registerTool({ name: "project_tool", description: "p", parameters: { type: "object", properties: {} }, execute: () => "p" });
  kit.registerShortcut({ key: "ctrl+t", description: "t" }, () => {});
}
`;
const FOLDER_EXT = `import { suffix } from "./helper.ts";
export default function init(kit: any) {
  kit.registerTool({ name: "folder_tool" + suffix, description: "f", parameters: {}, execute: () => "f" });
  kit.onCustomEvent("deploy", () => {});
}
`;
const EXPLICIT_EXT = `export function init(kit: any) {
  kit.registerCommand({ name: "/explicit", description: "e", execute: () => "e" });
}
`;

/** The four kinds of places list reads, filled; returns the -e file's path. */
function fillAllPlaces(p: ReturnType<typeof setup>): string {
  write(join(p.home, ".config", "kit", "extensions"), { "global-ext.ts": GLOBAL_EXT });
  write(join(p.project, ".kit", "extensions"), {
    "a-project.ts": PROJECT_EXT,
    "a-project.test.ts": "this is a test file, not an extension (",
    "b-folder/index.ts": FOLDER_EXT,
    "b-folder/helper.ts": 'export const suffix = "_x";\n',
  });
  const elsewhere = tempDir("kit-ext-explicit-");
  write(elsewhere, { "explicit-ext.ts": EXPLICIT_EXT });
  return join(elsewhere, "explicit-ext.ts");
}

/** The data rows of list's table (the header dropped), split into cells. */
function rows(stdout: string): string[][] {
  const lines = stdout.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^PATH\s+FROM\s+EVENT HANDLERS\s+TOOLS\s+COMMANDS\s+SHORTCUTS$/);
  return lines.slice(1).map((l) => l.split(/\s{2,}/));
}

describe("kit extensions list", () => {
  test("shows global, project, folder and -e extensions in load order with what each registered", async () => {
    const p = setup();
    const explicit = fillAllPlaces(p);
    const r = await p.kit("extensions", "list", "--trust-project", "-e", explicit);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(rows(r.stdout)).toEqual([
      ["~/.config/kit/extensions/global-ext.ts", "global", "session_start", "-", "/from-global", "-"],
      [".kit/extensions/a-project.ts", "project", "tool_call(2), input", "project_tool", "-", "ctrl+t"],
      [".kit/extensions/b-folder/index.ts", "project", "custom:deploy", "folder_tool_x", "-", "-"],
      [explicit, "-e", "-", "-", "/explicit", "-"],
    ]);
  });

  test("-e repeats, config `extension` paths load, and an -e already discovered is listed once", async () => {
    const p = setup();
    fillAllPlaces(p);
    write(p.project, { "cfg/from-config.ts": EXPLICIT_EXT.replace("/explicit", "cfg"), "one.ts": GLOBAL_EXT.replace("from-global", "one"), ".kit.yml": "extension:\n  - ./cfg/from-config.ts\n" });
    const r = await p.kit("extensions", "list", "--trust-project", "-e", "one.ts", "--extension", ".kit/extensions/a-project.ts");
    expect(r.exitCode).toBe(0);
    expect(rows(r.stdout).map((row) => [row[0], row[1]])).toEqual([
      ["~/.config/kit/extensions/global-ext.ts", "global"],
      [".kit/extensions/a-project.ts", "project"],
      [".kit/extensions/b-folder/index.ts", "project"],
      ["cfg/from-config.ts", "config"],
      ["one.ts", "-e"],
    ]);
  });

  test("--no-extensions skips the global and project directories but keeps -e", async () => {
    const p = setup();
    const explicit = fillAllPlaces(p);
    const r = await p.kit("extensions", "list", "--no-extensions", "-e", explicit);
    expect(r.exitCode).toBe(0);
    expect(rows(r.stdout)).toEqual([[explicit, "-e", "-", "-", "/explicit", "-"]]);

    const none = await p.kit("extensions", "list", "--no-extensions");
    expect(none.exitCode).toBe(0);
    expect(none.stdout).toContain("No extensions loaded");
  });

  test("a broken extension is reported on stderr with file:line:column, the others still listed, exit 1", async () => {
    const p = setup();
    fillAllPlaces(p);
    write(p.project, {
      ".kit/extensions/broken.ts": 'import type { ExtensionAPI } from "kit/ext";\nexport default function init(kit: ExtensionAPI) {\n  kit.onInput((e) => { return { action: "continue" ; });\n}\n',
    });
    const r = await p.kit("extensions", "list", "--trust-project", "-e", "missing.ts");
    expect(r.exitCode).toBe(1);
    expect(rows(r.stdout).map((row) => row[0])).toEqual([
      "~/.config/kit/extensions/global-ext.ts",
      ".kit/extensions/a-project.ts",
      ".kit/extensions/b-folder/index.ts",
    ]);
    expect(r.stderr).toContain("2 extension(s) failed to load:");
    expect(r.stderr).toMatch(/^ {2}\.kit\/extensions\/broken\.ts:3:\d+: Expected "\}" but found ";"$/m);
    expect(r.stderr).toContain(`missing.ts: extension (-e) not found: ${join(p.project, "missing.ts")}`);
  });

  test("an empty setup says where extensions are looked for", async () => {
    const p = setup();
    const r = await p.kit("extensions", "list", "--trust-project");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("No extensions found");
    expect(r.stdout).toContain(".kit/extensions/");
  });
});

describe("kit extensions validate", () => {
  test("reports ok with what each registered, and name clashes as warnings", async () => {
    const p = setup();
    write(p.project, {
      "good.ts": PROJECT_EXT,
      "clash.ts": `export default (kit: any) => {
  kit.registerTool({ name: "project_tool", description: "again", execute: () => "" });
  kit.registerTool({ name: "bash", description: "mine", execute: () => "" });
};
`,
    });
    const r = await p.kit("extensions", "validate", "good.ts", "clash.ts");
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      "ok       good.ts  (events: tool_call(2), input; tools: project_tool; shortcuts: ctrl+t)",
      "ok       clash.ts  (registers nothing)",
      'warning  clash.ts: tool "project_tool" is already registered by good.ts; ignored',
      'warning  clash.ts: tool "bash" is already registered by a built-in; ignored',
      "2 checked: 2 ok, 0 failed, 2 warnings",
      "",
    ]);
  });

  test("a syntax error and a throw in init are reported with file:line:column, exit 1", async () => {
    const p = setup();
    write(p.project, {
      ".kit/extensions/good.ts": GLOBAL_EXT,
      ".kit/extensions/syntax.ts": "export default function init(kit) {\n  const x = ;\n}\n",
      ".kit/extensions/throws.ts": 'export default function init() {\n  const n = 1;\n  throw new Error("not configured " + n);\n}\n',
    });
    const r = await p.kit("extensions", "validate", "--trust-project");
    expect(r.exitCode).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("ok       .kit/extensions/good.ts  (events: session_start; commands: /from-global)");
    expect(lines[1]).toMatch(/^failed {3}\.kit\/extensions\/syntax\.ts:2:\d+: Unexpected ;$/);
    expect(lines[2]).toMatch(/^failed {3}\.kit\/extensions\/throws\.ts:3:\d+: not configured 1$/);
    expect(lines[3]).toBe("3 checked: 1 ok, 2 failed");
  });

  test("a path that does not exist fails, exit 1", async () => {
    const p = setup();
    const r = await p.kit("extensions", "validate", "nowhere.ts");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`failed   nowhere.ts: extension (-e) not found: ${join(p.project, "nowhere.ts")}`);
  });

  test("an unknown option is a usage error, exit 2", async () => {
    const p = setup();
    const r = await p.kit("extensions", "validate", "--bogus");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("unknown option --bogus");
  });
});

describe("kit extensions init", () => {
  const FILES = [".kit/extensions/my-extension.ts", ".kit/extensions/my-extension.test.ts", ".kit/kit-env.d.ts", ".kit/tsconfig.json"];

  test("writes a working example, its test, the types and a tsconfig; says what to do next", async () => {
    const p = setup();
    const r = await p.kit("extensions", "init");
    expect(r.exitCode).toBe(0);
    for (const f of FILES) {
      expect(existsSync(join(p.project, f))).toBe(true);
      expect(r.stdout).toContain(`wrote      ${f}`);
    }
    expect(r.stdout).toContain('kit -e .kit/extensions/my-extension.ts "');
    const ext = readFileSync(join(p.project, FILES[0]!), "utf8");
    expect(ext).toContain('from "kit/ext"');
    const testFile = readFileSync(join(p.project, FILES[1]!), "utf8");
    expect(testFile).toContain('from "kit/test"');
    expect(testFile).toContain("createHarness");
    const env = readFileSync(join(p.project, FILES[2]!), "utf8");
    expect(env).toContain('declare module "kit/ext"');
    expect(env).toContain('declare module "kit/test"');
    expect(JSON.parse(readFileSync(join(p.project, FILES[3]!), "utf8")).include).toEqual(["kit-env.d.ts", "extensions"]);

    // It loads through the real loader and registers a tool, a command and a tool_call hook.
    const v = await p.kit("extensions", "validate", FILES[0]!);
    expect(v.exitCode).toBe(0);
    expect(v.stdout).toContain(
      "ok       .kit/extensions/my-extension.ts  (events: tool_call; tools: my_extension_word_count; commands: /my-extension)",
    );
    // The test file is not taken for an extension.
    const l = await p.kit("extensions", "list", "--trust-project");
    expect(rows(l.stdout).map((row) => row[0])).toEqual([".kit/extensions/my-extension.ts"]);
  });

  test("refuses to overwrite without --force (exit 2, naming the file); --force overwrites", async () => {
    const p = setup();
    expect((await p.kit("extensions", "init", "guard")).exitCode).toBe(0);
    const extPath = join(p.project, ".kit/extensions/guard.ts");
    const original = readFileSync(extPath, "utf8");
    writeFileSync(extPath, "// my own edits\n");

    const again = await p.kit("extensions", "init", "guard");
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain(".kit/extensions/guard.ts already exists");
    expect(again.stderr).toContain("--force");
    expect(readFileSync(extPath, "utf8")).toBe("// my own edits\n");

    const forced = await p.kit("extensions", "init", "guard", "--force");
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toContain("overwrote  .kit/extensions/guard.ts");
    expect(readFileSync(extPath, "utf8")).toBe(original);
  });

  test("a second extension with another name shares the unchanged types and tsconfig", async () => {
    const p = setup();
    expect((await p.kit("extensions", "init", "first")).exitCode).toBe(0);
    const second = await p.kit("extensions", "init", "second");
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain("wrote      .kit/extensions/second.ts");
    expect(second.stdout).toContain("unchanged  .kit/kit-env.d.ts");
    expect(second.stdout).toContain("unchanged  .kit/tsconfig.json");

    writeFileSync(join(p.project, ".kit/tsconfig.json"), "{}\n");
    const third = await p.kit("extensions", "init", "third");
    expect(third.exitCode).toBe(2);
    expect(third.stderr).toContain(".kit/tsconfig.json already exists");
    expect(existsSync(join(p.project, ".kit/extensions/third.ts"))).toBe(false);
  });

  test("a name that cannot be a file and command name is refused, exit 2", async () => {
    const p = setup();
    const r = await p.kit("extensions", "init", "../escape");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("not a usable name");
    expect(existsSync(join(p.project, ".kit"))).toBe(false);
  });

  test("the generated project type-checks with tsc, and a type error in an extension does not", async () => {
    const p = setup();
    expect((await p.kit("extensions", "init")).exitCode).toBe(0);
    const tsc = async () => {
      const proc = Bun.spawn([TSC, "--noEmit", "-p", join(p.project, ".kit", "tsconfig.json")], { cwd: p.project, stdout: "pipe", stderr: "pipe" });
      const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
      return { output: stdout + stderr, code };
    };
    const clean = await tsc();
    expect(clean.output).toBe("");
    expect(clean.code).toBe(0);

    // The types are the contract's, not `any`: a wrong event field is an error.
    write(p.project, {
      ".kit/extensions/wrong.ts": 'import type { ExtensionAPI } from "kit/ext";\nexport default function (kit: ExtensionAPI) {\n  kit.onInput((e) => ({ action: "transform", text: e.nope }));\n}\n',
    });
    const wrong = await tsc();
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toContain("wrong.ts(3,");
    expect(wrong.output).toContain("nope");
  });

  test("Node's and Bun's globals and built-in modules type-check in a fresh extension; their common members are typed", async () => {
    const p = setup();
    expect((await p.kit("extensions", "init")).exitCode).toBe(0);
    const tsc = async () => {
      const proc = Bun.spawn([TSC, "--noEmit", "-p", join(p.project, ".kit", "tsconfig.json")], { cwd: p.project, stdout: "pipe", stderr: "pipe" });
      const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
      return { output: stdout + stderr, code };
    };
    write(p.project, {
      ".kit/extensions/runtime.ts": `import { readFileSync } from "node:fs";
import { join } from "node:path";
import { homedir } from "os";
import { $ } from "bun";
import type { ExtensionAPI } from "kit/ext";

export default function init(kit: ExtensionAPI) {
  kit.onSessionStart(async (_e, ctx) => {
    process.env.SUDO_ASKPASS = join(homedir(), "askpass");
    const notes: string = readFileSync(join(import.meta.dir, "notes.txt"), "utf8");
    const exists: boolean = await Bun.file(join(process.cwd(), "x")).exists();
    ctx.printInfo(\`\${notes.length} \${exists} \${Bun.version} \${process.platform} \${typeof $}\`);
  });
}
`,
    });
    const clean = await tsc();
    expect(clean.output).toBe("");
    expect(clean.code).toBe(0);

    write(p.project, { ".kit/extensions/wrong.ts": "export const cwd: number = process.cwd();\nexport const v: number = Bun.version;\n" });
    const wrong = await tsc();
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toContain("wrong.ts(1,");
    expect(wrong.output).toContain("wrong.ts(2,");
  });
});

describe("kit extensions --help", () => {
  test("describes the three commands; each has its own usage", async () => {
    const p = setup();
    const r = await p.kit("extensions", "--help");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("kit extensions list|validate|init");
    const list = await p.kit("extensions", "list", "--help");
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toContain("kit extensions list");
    expect(list.stdout).toContain("--no-extensions");
    expect(list.stdout).toContain("-e, --extension=<PATH>");
    const init = await p.kit("extensions", "init", "-h");
    expect(init.stdout).toContain("--force");
    const root = await p.kit("--help");
    expect(root.stdout).toContain("extensions validate [paths]");
  });
});
