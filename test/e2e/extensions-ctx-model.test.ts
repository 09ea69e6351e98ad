/**
 * The Context in a headless run of the built binary, part 3: the model and the tools. setModel (and
 * the model_change event), getAvailableModels, getThinkingLevel, getAllTools, setActiveTools,
 * complete, and reloadExtensions, checked in what kit sends the scripted provider, the session file
 * and what the extensions report.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import {
  conversation,
  errorLines,
  extension,
  lastToolResults,
  REC,
  runWith,
  sessionEntries,
  sidecar,
  systemText,
  tagged,
  toolNames,
} from "./extension-runs.ts";

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

const BUILT_INS = ["read", "write", "edit", "bash", "grep", "find", "ls", "subagent"];

describe("setModel and model_change", () => {
  test("switches the model of the following calls, fires model_change, records it in the session", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onModelChange((e, ctx) => rec(ctx, "model_change", e));
  kit.onLLMUsage((e, ctx) => rec(ctx, "usage", e.model));
  kit.onToolResult((_e, ctx) => {
    if (ctx.model !== "anthropic/claude-sonnet-4-6") ctx.setModel("anthropic/claude-sonnet-4-6");
    rec(ctx, "now", ctx.model);
  });
  kit.onAgentStart((_e, ctx) => {
    try { ctx.setModel("anthropic/no-such-model"); } catch (err) { rec(ctx, "refused", String(err)); }
  });
};
`);
    const run = await runWith(mock, { exts: [ext], args: ["go"], steps: [toolCall("ls", { path: "." }), text("done")] });
    expect(run.exitCode).toBe(0);
    // The first call with the model of the run, the one after the switch with the new model.
    expect(run.requests.map((r) => r.body.model)).toEqual(["claude-haiku-4-5", "claude-sonnet-4-6"]);
    expect(tagged(run.stderr, "model_change")).toEqual([{ newModel: "anthropic/claude-sonnet-4-6", previousModel: "anthropic/claude-haiku-4-5", source: "extension" }]);
    expect(tagged(run.stderr, "now")).toEqual(["anthropic/claude-sonnet-4-6"]);
    expect(tagged(run.stderr, "usage")).toEqual(["claude-haiku-4-5", "claude-sonnet-4-6"]);
    // An unknown model throws and changes nothing.
    expect(tagged(run.stderr, "refused")[0]).toContain("no-such-model");
    const entries = sessionEntries(run.sessionPath);
    expect(entries.filter((e) => e.type === "model_change")).toEqual([expect.objectContaining({ provider: "anthropic", model: "claude-sonnet-4-6" })]);
    expect(entries.filter((e) => e.role === "assistant").map((e) => e.model)).toEqual(["claude-haiku-4-5", "claude-sonnet-4-6"]);
  });
});

describe("models and thinking level", () => {
  const reporter = () => extension(`${REC}
export default (kit: ExtensionAPI) => kit.onSessionStart((_e, ctx) => {
  const models = ctx.getAvailableModels();
  rec(ctx, "models", { count: models.length, haiku: models.find((m) => m.modelId === "claude-haiku-4-5") ?? null });
  rec(ctx, "thinking", ctx.getThinkingLevel());
});
`);

  test("getAvailableModels lists the registry with limits and prices; getThinkingLevel is the run's level", async () => {
    const plain = await runWith(mock, { exts: [reporter()], args: ["hi"], steps: [text("ok")] });
    const models = tagged(plain.stderr, "models")[0];
    expect(models.count).toBeGreaterThan(5);
    expect(models.haiku).toMatchObject({ provider: "anthropic", modelId: "claude-haiku-4-5", contextLimit: 200_000, pricing: { known: true } });
    expect(models.haiku.pricing.input).toBeGreaterThan(0);
    expect(tagged(plain.stderr, "thinking")).toEqual(["off"]);

    const low = await runWith(mock, { exts: [reporter()], args: ["--thinking-level", "low", "hi"], steps: [text("ok")] });
    expect(tagged(low.stderr, "thinking")).toEqual(["low"]);
    expect(low.requests[0]!.body.thinking).toBeDefined();
  });
});

describe("tools", () => {
  const TOOLS = () => extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.registerTool({ name: "lookup", description: "looks a word up", parameters: { type: "object", properties: { word: { type: "string" } } }, execute: (a) => "found " + a.word });
  kit.onBeforeAgentStart((e, ctx) => {
    if (e.prompt.startsWith("readonly")) ctx.setActiveTools(["read", "lookup"]);
    if (e.prompt.startsWith("reset")) { ctx.setActiveTools(["read"]); ctx.setActiveTools(null); }
    rec(ctx, "tools", ctx.getAllTools());
  });
};
`);

  test("getAllTools: built-ins (core) then registered tools (extension), all enabled", async () => {
    const run = await runWith(mock, { exts: [TOOLS()], args: ["hi"], steps: [text("ok")] });
    const tools = tagged(run.stderr, "tools")[0] as any[];
    expect(tools.map((t) => [t.name, t.source, t.enabled])).toEqual([...BUILT_INS.map((n) => [n, "core", true]), ["lookup", "extension", true]]);
    expect(tools.find((t) => t.name === "lookup").description).toBe("looks a word up");
    expect(toolNames(run.requests[0]!)).toEqual([...BUILT_INS, "lookup"]);
  });

  test("setActiveTools: only the allowed tools are offered, getAllTools says which are enabled, a disabled tool called anyway gets an error", async () => {
    const toolsExt = TOOLS();
    const cwd = dirname(toolsExt);
    const run = await runWith(mock, {
      exts: [toolsExt],
      cwd,
      args: ["readonly please"],
      steps: [{ kind: "reply", toolCalls: [{ name: "bash", input: { command: "touch hacked" } }, { name: "lookup", input: { word: "kit" } }] }, text("ok")],
    });
    expect(run.exitCode).toBe(0);
    expect(run.requests.map(toolNames)).toEqual([
      ["read", "lookup"],
      ["read", "lookup"],
    ]);
    const tools = tagged(run.stderr, "tools")[0] as any[];
    expect(tools.filter((t) => t.enabled).map((t) => t.name)).toEqual(["read", "lookup"]);
    const [bash, lookup] = lastToolResults(run.requests[1]!);
    expect(bash!.is_error).toBe(true);
    expect(bash!.content).toContain("disabled");
    expect(await Bun.file(join(cwd, "hacked")).exists()).toBe(false);
    expect(lookup).toEqual({ content: "found kit", is_error: false });
  });

  test("setActiveTools during a turn applies from the next model call of the same turn", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onToolResult((e, ctx) => { if (e.toolName === "ls") ctx.setActiveTools(["read"]); });
};
`);
    const run = await runWith(mock, { exts: [ext], args: ["look around"], steps: [toolCall("ls", { path: "." }), text("ok")] });
    expect(run.exitCode).toBe(0);
    expect(run.requests.map(toolNames)).toEqual([BUILT_INS, ["read"]]);
  });

  test("setActiveTools(null) enables every tool again", async () => {
    const run = await runWith(mock, { exts: [TOOLS()], args: ["reset now"], steps: [text("ok")] });
    expect(toolNames(run.requests[0]!)).toEqual([...BUILT_INS, "lookup"]);
  });
});

describe("complete", () => {
  test("one model call outside the turn: system, earlier messages and prompt sent, no tools, nothing persisted", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => kit.registerCommand({
  name: "title",
  description: "suggests a title",
  async execute(args, ctx) {
    const chunks: string[] = [];
    const r = await ctx.complete({
      system: "You write short titles.",
      messages: [{ role: "user", content: "We fixed the parser." }, { role: "assistant", content: "Nice." }],
      prompt: "Title for: " + args,
      maxTokens: 50,
      onChunk: (c) => chunks.push(c),
    });
    rec(ctx, "complete", { ...r, chunks: chunks.length });
    return "Title: " + r.text;
  },
});
`);
    const run = await runWith(mock, {
      exts: [ext],
      args: ["/title parser fix"],
      steps: [text("Parser Fixed", { usage: { input: 30, output: 4 }, chunkSize: 4, tokenDelayMs: 3 })],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("Title: Parser Fixed\n");
    expect(run.requests).toHaveLength(1);
    const body = run.requests[0]!.body;
    expect(systemText(run.requests[0]!)).toBe("You write short titles.");
    expect(body.tools ?? []).toEqual([]);
    expect(body.max_tokens).toBe(50);
    expect(body.model).toBe("claude-haiku-4-5");
    expect(conversation(run.requests[0]!)).toEqual([
      { role: "user", text: "We fixed the parser." },
      { role: "assistant", text: "Nice." },
      { role: "user", text: "Title for: parser fix" },
    ]);
    const r = tagged(run.stderr, "complete")[0];
    expect(r).toMatchObject({ text: "Parser Fixed", inputTokens: 30, outputTokens: 4, model: "anthropic/claude-haiku-4-5" });
    expect(r.chunks).toBeGreaterThan(1);
  });

  test("a model given by name is used for that call only", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onBeforeAgentStart(async (e, ctx) => {
  const r = await ctx.complete({ model: "anthropic/claude-sonnet-4-6", prompt: "classify: " + e.prompt });
  return { systemPrompt: "Category: " + r.text };
});
`);
    const run = await runWith(mock, { exts: [ext], args: ["fix the bug"], steps: [text("bugfix"), text("on it")] });
    expect(run.exitCode).toBe(0);
    expect(run.requests.map((r) => r.body.model)).toEqual(["claude-sonnet-4-6", "claude-haiku-4-5"]);
    expect(systemText(run.requests[1]!)).toContain("Category: bugfix");
    // The side call is not part of the conversation.
    expect(sessionEntries(run.sessionPath).filter((e) => e.type === "message").map((e) => e.role)).toEqual(["user", "assistant"]);
  });
});

describe("reloadExtensions", () => {
  test("re-imports the extensions from disk (relative imports too): shutdown/start with reason reload, state kept, new code runs", async () => {
    const ext = extension(`${REC}
import { greeting } from "./greeting.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
export default (kit: ExtensionAPI) => {
  kit.onSessionStart((e, ctx) => rec(ctx, "start", { reason: e.reason, greeting, state: ctx.getState("kept") ?? null }));
  kit.onSessionShutdown((e, ctx) => rec(ctx, "shutdown", e.reason));
  kit.registerCommand({
    name: "upgrade",
    description: "rewrites the helper and reloads",
    async execute(_args, ctx) {
      ctx.setState("kept", "yes");
      writeFileSync(join(${JSON.stringify("DIR")}, "greeting.ts"), 'export const greeting = "v2";\\n');
      await ctx.reloadExtensions();
      return "reloaded";
    },
  });
};
`);
    writeFileSync(ext, (await Bun.file(ext).text()).replace('"DIR"', JSON.stringify(dirname(ext))));
    writeFileSync(join(dirname(ext), "greeting.ts"), 'export const greeting = "v1";\n');
    const run = await runWith(mock, { exts: [ext], args: ["/upgrade"] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("reloaded\n");
    expect(errorLines(run.stderr)).toEqual([]);
    expect(tagged(run.stderr, "start")).toEqual([
      { reason: "startup", greeting: "v1", state: null },
      { reason: "reload", greeting: "v2", state: "yes" },
    ]);
    expect(tagged(run.stderr, "shutdown")).toEqual(["reload", "exit"]);
    expect(sidecar(run.sessionPath)).toEqual({ kept: "yes" });
  });

  test("awaited from inside a notification handler (agent_end), the reload completes and the run ends", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onSessionStart((e, ctx) => rec(ctx, "start", e.reason));
  kit.onSessionShutdown((e, ctx) => rec(ctx, "shutdown", e.reason));
  kit.onAgentEnd(async (_e, ctx) => {
    if (ctx.getState("reloaded")) return;
    ctx.setState("reloaded", "yes");
    await ctx.reloadExtensions();
    rec(ctx, "after reload");
  });
};
`);
    const run = await runWith(mock, { exts: [ext], args: ["hi"], steps: [text("ok")] });
    expect(run.exitCode).toBe(0);
    expect(tagged(run.stderr, "after reload")).toEqual([null]);
    expect(tagged(run.stderr, "start")).toEqual(["startup", "reload"]);
    expect(tagged(run.stderr, "shutdown")).toContain("reload");
  });

  test("a reload that breaks an extension is reported; the command sees the failure", async () => {
    const ext = extension(`${REC}
import { writeFileSync } from "node:fs";
export default (kit: ExtensionAPI) => kit.registerCommand({
  name: "break",
  description: "breaks itself",
  async execute(_args, ctx) {
    writeFileSync(${JSON.stringify("SELF")}, "export default (kit) => { kit.on('no_such_event', () => {}); };\\n");
    try { await ctx.reloadExtensions(); return "reloaded"; } catch (err) { return "reload failed: " + (err as Error).message; }
  },
});
`);
    writeFileSync(ext, (await Bun.file(ext).text()).replace('"SELF"', JSON.stringify(ext)));
    const run = await runWith(mock, { exts: [ext], args: ["/break"] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("reload failed");
    expect(errorLines(run.stderr).join("\n")).toContain('unknown event "no_such_event"');
  });
});
