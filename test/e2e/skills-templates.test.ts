/**
 * Skills and prompt templates through the built binary against the scripted provider: the catalogue
 * in the system prompt and the skill tool, `/skill:name` and `/template args` as headless prompts,
 * the resource flags, and the example bridge-demo.ts exercising the skill, template and
 * model-resolution members of the Context on the real app.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { join, resolve } from "node:path";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import {
  conversation,
  errorLines,
  extension,
  lastToolResults,
  REC,
  runWith,
  sessionEntries,
  systemText,
  tagged,
  tempDir,
  toolNames,
} from "./extension-runs.ts";

const BRIDGE = resolve(import.meta.dir, "../../extensions/bridge-demo.ts");

let mock: MockLLM;
beforeAll(async () => {
  mock = await startMockLLM();
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  expect(mock.remaining()).toBe(0);
});

const PROJECT = {
  ".kit/skills/deploy/SKILL.md": "---\nname: deploy\ndescription: Ship a release to production\n---\nRun `make release`, then tag it.\n",
  ".kit/skills/rotate-keys.md": "---\ndescription: Rotate the API keys\ndisable-model-invocation: true\n---\nAsk the user first.\n",
  ".kit/prompts/fix.md": "---\ndescription: Fix a file\nargument-hint: <file> [how]\n---\nFix the bug in $1. ${@:2}\n```sh\nnpm test -- $1\n```\n",
  "other/lint.md": "---\ndescription: Lint rules\n---\nNo default exports.\n",
  "other/prompts/explain.md": "Explain $ARGUMENTS simply.",
};

describe("skills", () => {
  test("a skill is listed in the system prompt and loaded on demand through the skill tool", async () => {
    const cwd = tempDir(PROJECT);
    const run = await runWith(mock, { exts: [], cwd, args: ["ship version 2"], steps: [toolCall("skill", { name: "deploy" }), text("Releasing as the skill says.")] });
    expect(run.exitCode).toBe(0);
    const [first, second] = run.requests;
    expect(toolNames(first!)).toContain("skill");
    const system = systemText(first!);
    expect(system).toContain(`<skill name="deploy" location="${join(cwd, ".kit/skills/deploy/SKILL.md")}">Ship a release to production</skill>`);
    expect(system).not.toContain("rotate-keys");
    expect(system).not.toContain("make release");
    expect(lastToolResults(second!)).toEqual([
      { content: `<skill name="deploy" location="${join(cwd, ".kit/skills/deploy/SKILL.md")}">\nRun \`make release\`, then tag it.\n</skill>`, is_error: false },
    ]);
    expect(run.stdout).toBe("Releasing as the skill says.\n");
  });

  test("`/skill:name task` puts the skill before the task, user-only skills too; an unknown skill is a usage error", async () => {
    const cwd = tempDir(PROJECT);
    const run = await runWith(mock, { exts: [], cwd, args: ["/skill:rotate-keys", "rotate", "them"], steps: [text("Asking first.")] });
    expect(run.exitCode).toBe(0);
    const [user] = run.requests[0]!.body.messages as any[];
    expect(user.content.map((b: any) => b.text)).toEqual([`<skill name="rotate-keys" location="${join(cwd, ".kit/skills/rotate-keys.md")}">\nAsk the user first.\n</skill>`, "rotate them"]);

    const bad = await runWith(mock, { exts: [], cwd, args: ["/skill:nope", "x"] });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('no skill named "nope"; the skills are: deploy, rotate-keys');
    expect(bad.requests).toEqual([]);
  });

  test("--skill, --skills-dir and --skill-disable choose the skills; --no-skills drops them and the tool", async () => {
    const cwd = tempDir(PROJECT);
    const chosen = await runWith(mock, { exts: [], cwd, args: ["--skill", "other/lint.md", "--skill-disable", "deploy", "hi"], steps: [text("hello")] });
    const system = systemText(chosen.requests[0]!);
    expect(system).toContain('<skill name="lint"');
    expect(system).not.toContain('<skill name="deploy"');
    const none = await runWith(mock, { exts: [], cwd, args: ["--no-skills", "hi"], steps: [text("hello")] });
    expect(toolNames(none.requests[0]!)).not.toContain("skill");
    expect(systemText(none.requests[0]!)).not.toContain("available_skills");
    const dir = await runWith(mock, { exts: [], cwd, args: ["--no-skills", "--skills-dir", "other", "hi"], steps: [text("hello")] });
    expect(systemText(dir.requests[0]!)).toContain('<skill name="lint"');
    // Without any skill the tool is not offered at all.
    const plain = await runWith(mock, { exts: [], args: ["hi"], steps: [text("hello")] });
    expect(toolNames(plain.requests[0]!)).not.toContain("skill");
  });
});

describe("prompt templates", () => {
  test("a template expands with arguments ($1, ${@:2}), leaving code fences alone", async () => {
    const cwd = tempDir(PROJECT);
    const run = await runWith(mock, { exts: [], cwd, args: ["/fix", "src/app.ts", "keep", "the API"], steps: [text("Fixed.")] });
    expect(run.exitCode).toBe(0);
    expect(conversation(run.requests[0]!)).toEqual([{ role: "user", text: "Fix the bug in src/app.ts. keep the API\n```sh\nnpm test -- $1\n```" }]);
  });

  test("too few arguments is a usage error and nothing is sent", async () => {
    const run = await runWith(mock, { exts: [], cwd: tempDir(PROJECT), args: ["/fix"] });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe("kit: /fix needs 1 argument ($1), got 0 (usage: /fix <file> [how])\n");
    expect(run.requests).toEqual([]);
  });

  test("--prompt-template adds templates; --no-prompt-templates sends `/name` as it is; an extension command wins", async () => {
    const cwd = tempDir(PROJECT);
    const extra = await runWith(mock, { exts: [], cwd, args: ["--prompt-template", "other/prompts", "/explain", "closures", "in", "JS"], steps: [text("ok")] });
    expect(conversation(extra.requests[0]!)).toEqual([{ role: "user", text: "Explain closures in JS simply." }]);
    const off = await runWith(mock, { exts: [], cwd, args: ["--no-prompt-templates", "/fix", "a.ts"], steps: [text("ok")] });
    expect(conversation(off.requests[0]!)).toEqual([{ role: "user", text: "/fix a.ts" }]);
    const ext = extension(`export default (kit: any) => kit.registerCommand({ name: "fix", description: "", execute: (a: string) => "extension fix " + a });`);
    const command = await runWith(mock, { exts: [ext], cwd, args: ["/fix", "a.ts"] });
    expect(command.stdout).toBe("extension fix a.ts\n");
    expect(command.requests).toEqual([]);
  });

  test("the input event sees what was typed; before_agent_start sees the expansion", async () => {
    const ext = extension(`${REC}export default (kit: ExtensionAPI) => {
  kit.onInput((e, ctx) => rec(ctx, "input", e.text));
  kit.onBeforeAgentStart((e, ctx) => rec(ctx, "before", e.prompt));
};`);
    const run = await runWith(mock, { exts: [ext], cwd: tempDir(PROJECT), args: ["/fix", "x.ts"], steps: [text("ok")] });
    expect(tagged(run.stderr, "input")).toEqual(["/fix x.ts"]);
    expect(tagged(run.stderr, "before")).toEqual(["Fix the bug in x.ts. \n```sh\nnpm test -- $1\n```"]);
  });
});

describe("bridge-demo.ts on the real app", () => {
  test("skills: discover, load, list, and inject into the next prompt by name and by file", async () => {
    const cwd = tempDir(PROJECT);
    const listed = await runWith(mock, { exts: [BRIDGE], cwd, args: ["/skills"] });
    expect(listed.stdout).toBe("discovered: deploy, rotate-keys\navailable: deploy, rotate-keys\n");
    const loaded = await runWith(mock, { exts: [BRIDGE], cwd, args: ["/skill-load", "other"] });
    expect(loaded.stdout).toBe("loaded lint\n");

    const named = await runWith(mock, { exts: [BRIDGE], cwd, args: ["/with-skill", "deploy", "ship", "it"], steps: [text("shipping")] });
    expect(errorLines(named.stderr)).toEqual([]);
    expect(named.stdout).toBe("using deploy\nshipping\n");
    const [user] = named.requests[0]!.body.messages as any[];
    expect(user.content.map((b: any) => b.text)).toEqual([expect.stringContaining("Run `make release`, then tag it."), "ship it"]);

    const file = await runWith(mock, { exts: [BRIDGE], cwd, args: ["/with-skill", "other/lint.md", "check", "src"], steps: [text("checked")] });
    const [fileUser] = file.requests[0]!.body.messages as any[];
    expect(fileUser.content.map((b: any) => b.text)).toEqual([`<skill name="lint" location="${join(cwd, "other/lint.md")}">\nNo default exports.\n</skill>`, "check src"]);
  });

  test("templates: arguments parsed and a model conditional rendered for the current model", async () => {
    const run = await runWith(mock, { exts: [BRIDGE], args: ["/review src/app.ts --focus 'error handling'"], steps: [text("reviewed")] });
    expect(run.stdout).toBe("review of src/app.ts requested (template variables: path, focus, strictness)\nreviewed\n");
    expect(conversation(run.requests[0]!)).toEqual([
      { role: "user", text: "Review src/app.ts and report problems, most serious first.\nFocus: error handling.\nThink it through before you answer." },
    ]);
    const compare = await runWith(mock, { exts: [BRIDGE], args: ["/compare", "a.ts", "b.ts", "be", "brief"], steps: [text("compared")] });
    expect(conversation(compare.requests[0]!)[0]!.text).toBe("Compare a.ts with b.ts: what each does, how they differ, and which to keep. Notes: be brief");
  });

  test("model resolution: capabilities and availability from the real registry; a chain picks the session's model", async () => {
    const info = await runWith(mock, { exts: [BRIDGE], args: ["/model-info"] });
    expect(info.stdout).toContain("current: provider anthropic, model claude-haiku-4-5 (a Claude model)");
    expect(info.stdout).toContain("available now: yes");
    const other = await runWith(mock, { exts: [BRIDGE], args: ["/model-info", "acme/unknown"] });
    expect(other.stdout).toContain("acme/unknown: unknown, context unknown, output unknown, no reasoning, price unknown\navailable now: no");

    const picked = await runWith(mock, { exts: [BRIDGE], args: ["/use-model", "acme/unknown,anthropic/claude-sonnet-4-5"] });
    expect(picked.stdout).toBe("switched to anthropic/claude-sonnet-4-5 (tried acme/unknown, anthropic/claude-sonnet-4-5; context 200000)\n");
    expect(sessionEntries(picked.sessionPath)).toEqual([expect.objectContaining({ type: "model_change", provider: "anthropic", model: "claude-sonnet-4-5" })]);
    const none = await runWith(mock, { exts: [BRIDGE], args: ["/use-model", "acme/a"] });
    expect(none.stdout).toBe("no model switched: none of these models is available: acme/a (tried acme/a)\n");
  });
});
