/**
 * Permission modes in headless runs of the built binary against the scripted provider: `auto` runs
 * everything, `read-only` offers only read-only tools, `ask` denies what no rule covers (the model is
 * told, stderr gets one line) and `--allow` rules (command prefixes, path globs) let calls through;
 * the project's stored rules count too, and an extension's tool_call handler still sees (and may
 * block) only what the rules let through.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PermissionStore } from "../../src/app/permission-store.ts";
import { text, type Step } from "../support/mock-llm.ts";
import { runKit } from "../support/kit-process.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project, toolNamesOf, userEnv } from "./headless-support.ts";
import { everythingStdio, mcpConfig } from "./mcp-support.ts";

// Each test runs whole kits (some starting an MCP server); every wait has its own generous limit.
setDefaultTimeout(60_000);
const mock = useMockLLM();
const MODEL = ["-m", "anthropic/claude-haiku-4-5"];

/** One reply calling the given tools, in order. */
function calls(...list: [name: string, input: object][]): Step {
  return { kind: "reply", toolCalls: list.map(([name, input], i) => ({ id: `call_${i}`, name, input })) };
}

/** Runs kit headless in `cwd` with the flags; returns its result and the tool results the model read back (in call order). */
async function run(cwd: string, flags: string[], steps: Step[], env = userEnv()) {
  mock.push(...steps);
  const base = mock.requests.length;
  const result = await runKit(["--provider-url", mock.url, ...MODEL, ...flags, "go"], { cwd, env });
  const requests = mock.requests.slice(base);
  const results = requests.slice(1).flatMap((r) => {
    const last = (r.body.messages as { role: string; content: { type: string; content?: unknown }[] }[]).at(-1)!;
    return last.content.filter((c) => c.type === "tool_result").map((c) => (typeof c.content === "string" ? c.content : JSON.stringify(c.content)));
  });
  return { ...result, requests, results };
}

describe("permission mode auto (the default)", () => {
  test("every tool runs without asking", async () => {
    const cwd = project();
    const r = await run(cwd, [], [calls(["bash", { command: "touch made-by-bash" }], ["write", { path: "w.txt", content: "w" }]), text("done")]);
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(cwd, "made-by-bash"))).toBe(true);
    expect(readFileSync(join(cwd, "w.txt"), "utf8")).toBe("w");
    expect(r.stderr).not.toContain("permission denied");
  });
});

describe("permission mode read-only", () => {
  test("only read-only tools are offered; a call to another is refused and changes nothing", async () => {
    const cwd = project({ "notes.txt": "hello\n" });
    const r = await run(cwd, ["--permission-mode", "read-only"], [calls(["read", { path: "notes.txt" }], ["write", { path: "notes.txt", content: "gone" }]), text("done")]);
    expect(r.exitCode).toBe(0);
    expect(toolNamesOf(r.requests[0]!).sort()).toEqual(["find", "grep", "ls", "read", "subagent"]);
    expect(r.results[0]).toContain("hello");
    expect(r.results[1]).toStartWith("Blocked:");
    expect(readFileSync(join(cwd, "notes.txt"), "utf8")).toBe("hello\n");
  });

  test("the config key permission-mode sets it too (KIT_PERMISSION_MODE)", async () => {
    const cwd = project();
    const r = await run(cwd, [], [text("done")], userEnv({ KIT_PERMISSION_MODE: "read-only" }));
    expect(toolNamesOf(r.requests[0]!)).not.toContain("bash");
  });
});

describe("what counts as read-only: MCP tools by readOnlyHint, extension tools by their kind", () => {
  /** A user with the everything MCP server in their own (global) config, and a project with two extension tools. */
  function setup() {
    const env = userEnv();
    mkdirSync(join(env.XDG_CONFIG_HOME!, "kit"), { recursive: true });
    writeFileSync(join(env.XDG_CONFIG_HOME!, "kit", "config.yml"), mcpConfig({ ev: { type: "local", command: everythingStdio() } }));
    const cwd = project({
      "tools.ts": `import type { ExtensionAPI } from "kit/ext";
export default function (kit: ExtensionAPI) {
  kit.registerTool({ name: "lookup", description: "Looks up", kind: "search", parameters: { type: "object", properties: {} }, execute: () => "looked up" });
  kit.registerTool({ name: "deploy", description: "Deploys", parameters: { type: "object", properties: {} }, execute: () => "deployed" });
}
`,
    });
    return { env, cwd };
  }

  test("read-only offers read/search extension tools and MCP tools marked readOnlyHint, and no others", async () => {
    const { env, cwd } = setup();
    const r = await run(cwd, ["--permission-mode", "read-only", "-e", "tools.ts"], [text("done")], env);
    const names = toolNamesOf(r.requests[0]!);
    expect(names).toContain("lookup");
    expect(names).toContain("ev__echo");
    expect(names).not.toContain("deploy");
    expect(names).not.toContain("ev__toggle-simulated-logging");
  });

  test("ask runs them without asking, and denies the others headless", async () => {
    const { env, cwd } = setup();
    const r = await run(
      cwd,
      ["--permission-mode", "ask", "-e", "tools.ts"],
      [calls(["lookup", {}], ["ev__echo", { message: "hi" }], ["deploy", {}], ["ev__toggle-simulated-logging", {}]), text("done")],
      env,
    );
    expect(r.results[0]).toBe("looked up");
    expect(r.results[1]).toContain("hi");
    expect(r.results[2]).toContain("no rule allows deploy {}");
    expect(r.results[3]).toContain("no rule allows ev__toggle-simulated-logging {}");
    expect(r.stderr).toContain("--allow 'deploy'");
  });

  test("an extension tool with a kind kit does not know fails to register, saying which kinds there are", async () => {
    const cwd = project({
      "bad.ts": `export default function (kit: any) { kit.registerTool({ name: "x", description: "x", kind: "readonly", parameters: {}, execute: () => "" }); }\n`,
    });
    const r = await runKit(["extensions", "validate", "bad.ts"], { cwd, env: userEnv() });
    expect(r.exitCode).toBe(1);
    expect(r.stdout + r.stderr).toContain(`registerTool("x"): kind must be one of execute, edit, read, search, agent (default execute)`);
  });
});

describe("permission mode ask, headless", () => {
  test("a call no rule covers is denied: the model is told how to allow it, stderr has one line, nothing runs", async () => {
    const cwd = project();
    const r = await run(cwd, ["--permission-mode", "ask"], [calls(["bash", { command: "touch evil" }], ["read", { path: "." }]), text("I could not")]);
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(cwd, "evil"))).toBe(false);
    expect(r.results[0]).toContain("no rule allows bash: touch evil");
    expect(r.results[0]).toContain("--allow 'bash(touch *)'");
    // Read-only tools need no permission.
    expect(r.results[1]).not.toStartWith("Blocked:");
    const lines = r.stderr.split("\n").filter((l) => l.includes("permission denied"));
    expect(lines).toEqual(["[error] permission denied: bash: touch evil (no rule allows it and a headless run cannot ask; allow it with --allow 'bash(touch *)')"]);
  });

  test("--allow bash rules match commands by prefix; each part of a compound command must match", async () => {
    const cwd = project();
    const r = await run(
      cwd,
      ["--permission-mode", "ask", "--allow", "bash(echo *)", "--allow", "bash(npm test*)"],
      [
        calls(
          ["bash", { command: "echo allowed > a.txt" }],
          ["bash", { command: "echo sneaky && touch b.txt" }],
          ["bash", { command: "echo $(touch c.txt)" }],
          ["bash", { command: "npm test --silent || echo failed > d.txt" }],
        ),
        text("done"),
      ],
    );
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(cwd, "a.txt"), "utf8")).toBe("allowed\n");
    expect(existsSync(join(cwd, "b.txt"))).toBe(false);
    expect(existsSync(join(cwd, "c.txt"))).toBe(false);
    expect(r.results.slice(1, 3).every((c) => c.startsWith("Blocked:"))).toBe(true);
    // Both parts are covered: it runs (npm fails here, the echo after || writes).
    expect(r.results[3]).not.toStartWith("Blocked:");
  });

  test("--allow edit(glob) lets edits and writes of matching paths through, and no others", async () => {
    const cwd = project({ "src/app.ts": "old\n", "README.md": "keep\n" });
    const r = await run(
      cwd,
      ["--permission-mode", "ask", "--allow", "edit(src/**)"],
      [
        calls(
          ["edit", { path: "src/app.ts", old_text: "old", new_text: "new" }],
          ["write", { path: "src/deep/new.ts", content: "x" }],
          ["write", { path: "README.md", content: "gone" }],
          ["write", { path: join(cwd, "..", "outside.txt"), content: "x" }],
        ),
        text("done"),
      ],
    );
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(cwd, "src/app.ts"), "utf8")).toBe("new\n");
    expect(readFileSync(join(cwd, "src/deep/new.ts"), "utf8")).toBe("x");
    expect(readFileSync(join(cwd, "README.md"), "utf8")).toBe("keep\n");
    expect(r.results[2]).toContain("--allow 'write(README.md)'");
    expect(r.results[3]).toStartWith("Blocked:");
  });

  test("rules stored for the project (allow always) apply to later runs in it, and only in it", async () => {
    const cwd = project();
    const env = userEnv();
    new PermissionStore(join(env.XDG_DATA_HOME!, "kit"), cwd).add("bash(touch *)");
    const r = await run(cwd, ["--permission-mode", "ask"], [calls(["bash", { command: "touch stored-rule" }]), text("done")], env);
    expect(existsSync(join(cwd, "stored-rule"))).toBe(true);
    const other = project();
    const r2 = await run(other, ["--permission-mode", "ask"], [calls(["bash", { command: "touch stored-rule" }]), text("done")], env);
    expect(existsSync(join(other, "stored-rule"))).toBe(false);
    expect(r.exitCode + r2.exitCode).toBe(0);
  });

  test("a damaged rules file allows nothing and says which file to fix", async () => {
    const cwd = project();
    const env = userEnv();
    const store = new PermissionStore(join(env.XDG_DATA_HOME!, "kit"), cwd);
    mkdirSync(join(store.file, ".."), { recursive: true });
    writeFileSync(store.file, '{"allow": ["bash(touch *)"');
    const r = await run(cwd, ["--permission-mode", "ask"], [calls(["bash", { command: "touch x" }], ["bash", { command: "touch y" }]), text("done")], env);
    expect(existsSync(join(cwd, "x"))).toBe(false);
    expect(r.results[0]).toContain("no rule allows bash: touch x");
    const damage = r.stderr.split("\n").filter((l) => l.includes("are not valid JSON"));
    expect(damage).toEqual([`[error] the project's permission rules (${store.file}) are not valid JSON: fix or delete the file`]);
  });

  test("an extension's tool_call handler runs after the rules: it may block what a rule allows, and never sees what they deny", async () => {
    const cwd = project();
    const seen = join(cwd, "seen.log");
    mkdirSync(join(cwd, "ext"));
    writeFileSync(
      join(cwd, "ext", "guard.ts"),
      `import type { ExtensionAPI } from "kit/ext";
import { appendFileSync } from "node:fs";
export default function (kit: ExtensionAPI) {
  kit.on("tool_call", (e) => {
    appendFileSync(${JSON.stringify(seen)}, String((e.args as any)?.command) + "\\n");
    if (String((e.args as any)?.command).includes("forbidden")) return { block: true, reason: "the guard says no" };
  });
}
`,
    );
    const r = await run(
      cwd,
      ["--permission-mode", "ask", "--allow", "bash(echo *)", "-e", "ext/guard.ts"],
      [calls(["bash", { command: "echo forbidden > f.txt" }], ["bash", { command: "touch denied" }], ["bash", { command: "echo fine > ok.txt" }]), text("done")],
    );
    expect(r.exitCode).toBe(0);
    expect(r.results[0]).toBe("Blocked: the guard says no");
    expect(r.results[1]).toContain("no rule allows bash: touch denied");
    expect(existsSync(join(cwd, "ok.txt"))).toBe(true);
    expect(readFileSync(seen, "utf8")).toBe("echo forbidden > f.txt\necho fine > ok.txt\n");
  });

  test("a malformed --allow rule is a usage error that shows what a rule looks like", async () => {
    const r = await runKit(["--permission-mode", "ask", "--allow", "bash(npm test", "hi"], { cwd: project(), env: userEnv() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`--allow: "bash(npm test" is not a permission rule: write tool(pattern), e.g. bash(npm test*), edit(src/**)`);
    expect(r.stderr).not.toContain("    at ");
  });

  test("kit --help lists the permission and sandbox flags", async () => {
    const r = await runKit(["--help"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/--permission-mode MODE +auto: run every tool; ask: .* \(auto, ask, read-only\)/);
    expect(r.stdout).toMatch(/--allow RULE +in ask mode, allow matching calls without asking \(repeatable\)/);
    expect(r.stdout).toMatch(/--sandbox MODE +run bash commands in an OS sandbox .* \(off, workspace-write, read-only\)/);
    expect(r.stdout).toMatch(/--sandbox-network +let sandboxed commands use the network/);
  });

  test("--allow is not a config key: a project's config cannot grant itself permissions", async () => {
    const cwd = project({ ".kit.yml": "allow:\n  - bash(*)\n" });
    const r = await runKit(["hi"], { cwd, env: userEnv() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown config key "allow"');
  });
});
