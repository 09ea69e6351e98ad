/**
 * What extension results do to a headless run of the built binary, checked where a user would see
 * it: in what kit sends the scripted provider (prompt, system prompt, tool results, context), on
 * stdout, and in the session file. One test (or more) per result event: input, before_agent_start,
 * tool_call, tool_result, context_prepare, prepare_step.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import {
  conversation,
  extension,
  lastToolResults,
  REC,
  runWith,
  sessionEntries,
  systemText,
  tagged,
  tempDir,
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

/** The user messages persisted in a session file, as text. */
const persistedUserTexts = (path: string) =>
  sessionEntries(path)
    .filter((e) => e.type === "message" && e.role === "user")
    .map((e) => e.content.map((p: any) => p.text ?? `[${p.type}]`).join("|"));

describe("input", () => {
  test("transform replaces the prompt; the next extension sees the transformed text", async () => {
    const first = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onInput((e) => ({ action: "transform", text: e.text.replace("colour", "color") }));
`);
    const second = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onInput((e, ctx) => { rec(ctx, "saw", e.text); return { action: "transform", text: e.text + " (be brief)" }; });
`);
    const run = await runWith(mock, { exts: [first, second], args: ["pick a colour"], steps: [text("blue")] });
    expect(run.exitCode).toBe(0);
    expect(tagged(run.stderr, "saw")).toEqual(["pick a color"]);
    expect(conversation(run.requests[0]!)).toEqual([{ role: "user", text: "pick a color (be brief)" }]);
    expect(persistedUserTexts(run.sessionPath)).toEqual(["pick a color (be brief)"]);
  });

  test("handled consumes the input: no model call, no message in the session, later handlers not asked", async () => {
    const handler = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onInput((e, ctx) => {
  if (!e.text.startsWith("!todo ")) return { action: "continue" };
  ctx.print("noted: " + e.text.slice(6));
  return { action: "handled" };
});
`);
    const later = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onInput((e, ctx) => rec(ctx, "later", e.text));
`);
    const run = await runWith(mock, { exts: [handler, later], args: ["!todo buy milk"] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("noted: buy milk\n");
    expect(run.requests).toHaveLength(0);
    expect(tagged(run.stderr, "later")).toEqual([]);
    expect(existsSync(run.sessionPath) ? persistedUserTexts(run.sessionPath) : []).toEqual([]);
  });

  test("continue leaves the prompt as it was", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onInput(() => ({ action: "continue" }));
`);
    const run = await runWith(mock, { exts: [ext], args: ["as typed"], steps: [text("ok")] });
    expect(conversation(run.requests[0]!)).toEqual([{ role: "user", text: "as typed" }]);
  });
});

describe("before_agent_start", () => {
  test("systemPrompt is added to the system prompt and injectText goes before the prompt; several extensions add up", async () => {
    const a = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onBeforeAgentStart((e) => ({ systemPrompt: "Always answer in French.", injectText: "Context: the repo uses Bun." }));
`);
    const b = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onBeforeAgentStart((e) => ({ systemPrompt: "Prompt length: " + e.prompt.length }));
`);
    const run = await runWith(mock, { exts: [a, b], args: ["say hello"], steps: [text("bonjour")] });
    expect(run.exitCode).toBe(0);
    const request = run.requests[0]!;
    const system = systemText(request);
    // Kit's own system prompt comes first; the extensions' text follows, in load order.
    expect(system.indexOf("Always answer in French.")).toBeGreaterThan(0);
    expect(system.indexOf("Prompt length: 9")).toBeGreaterThan(system.indexOf("Always answer in French."));
    const blocks = request.body.messages[0].content as { type: string; text: string }[];
    expect(blocks.map((b) => b.text)).toEqual(["Context: the repo uses Bun.", "say hello"]);
  });

  test("the system prompt addition holds for that turn only: a follow-up turn does not get it", async () => {
    const ext = extension(`${REC}
let turns = 0;
export default (kit: ExtensionAPI) => {
  kit.onBeforeAgentStart(() => (++turns === 1 ? { systemPrompt: "FIRST TURN ONLY" } : undefined));
  kit.onAgentEnd((_e, ctx) => { if (turns === 1) ctx.sendMessage("and now?"); });
};
`);
    const run = await runWith(mock, { exts: [ext], args: ["first"], steps: [text("one"), text("two")] });
    expect(run.exitCode).toBe(0);
    expect(run.requests).toHaveLength(2);
    expect(systemText(run.requests[0]!)).toContain("FIRST TURN ONLY");
    expect(systemText(run.requests[1]!)).not.toContain("FIRST TURN ONLY");
  });
});

describe("tool_call", () => {
  test("block: the tool does not run and the model receives \"Blocked: <reason>\"", async () => {
    const cwd = tempDir();
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onToolCall((e) => (e.toolName === "bash" ? { block: true, reason: "no shell today" } : undefined));
  kit.onToolExecutionStart((e, ctx) => rec(ctx, "ran", e.toolName));
};
`);
    const run = await runWith(mock, {
      exts: [ext],
      cwd,
      args: ["make a file"],
      steps: [toolCall("bash", { command: "touch marker" }), text("I could not run it")],
    });
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(cwd, "marker"))).toBe(false);
    expect(tagged(run.stderr, "ran")).toEqual([]);
    expect(lastToolResults(run.requests[1]!)).toEqual([{ content: "Blocked: no shell today", is_error: true }]);
  });

  test("block stops the chain: a later extension's handler is not asked; {block:false} lets the call run", async () => {
    const allow = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onToolCall((e, ctx) => { rec(ctx, "first", e.toolName); return { block: false }; });
`);
    const block = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onToolCall((e) => (e.args?.path === "secret.txt" ? { block: true, reason: "secret" } : undefined));
`);
    const later = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onToolCall((e, ctx) => rec(ctx, "last", e.args));
`);
    const run = await runWith(mock, {
      exts: [allow, block, later],
      cwd: tempDir({ "secret.txt": "s3cr3t\n", "open.txt": "hello\n" }),
      args: ["read"],
      steps: [
        { kind: "reply", toolCalls: [{ name: "read", input: { path: "secret.txt" } }, { name: "read", input: { path: "open.txt" } }] },
        text("done"),
      ],
    });
    expect(run.exitCode).toBe(0);
    expect(tagged(run.stderr, "first")).toEqual(["read", "read"]);
    expect(tagged(run.stderr, "last")).toEqual([{ path: "open.txt" }]);
    const results = lastToolResults(run.requests[1]!);
    expect(results[0]).toEqual({ content: "Blocked: secret", is_error: true });
    expect(results[1]!.is_error).toBe(false);
    expect(results[1]!.content).toContain("hello");
    expect(JSON.stringify(run.requests[1]!.body)).not.toContain("s3cr3t");
  });

  test("args is null when the model's arguments are not JSON; input keeps the raw text", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onToolCall((e, ctx) => rec(ctx, "call", { input: e.input, args: e.args }));
`);
    const run = await runWith(mock, {
      exts: [ext],
      args: ["go"],
      steps: [{ kind: "reply", toolCalls: [{ name: "bash", input: '{"command": "ls"' }] }, text("hm")],
    });
    expect(tagged(run.stderr, "call")).toEqual([{ input: '{"command": "ls"', args: null }]);
    expect(lastToolResults(run.requests[1]!)[0]!.is_error).toBe(true);
  });
});

describe("tool_result", () => {
  test("rewrites what the model receives and what the session keeps; each handler sees the earlier rewrite", async () => {
    const redact = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onToolResult((e) => ({ content: e.content.replace(/sk-[a-z0-9]+/g, "[key]") }));
`);
    const flag = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onToolResult((e, ctx) => { rec(ctx, "saw", e.content); return e.content.includes("[key]") ? { isError: true } : undefined; });
`);
    const run = await runWith(mock, {
      exts: [redact, flag],
      cwd: tempDir({ ".env": "API_KEY=sk-abc123\n" }),
      args: ["show the env"],
      steps: [toolCall("read", { path: ".env" }), text("it has a key")],
    });
    expect(run.exitCode).toBe(0);
    expect(tagged(run.stderr, "saw")[0]).toContain("API_KEY=[key]");
    const [result] = lastToolResults(run.requests[1]!);
    expect(result!.is_error).toBe(true);
    expect(result!.content).toContain("API_KEY=[key]");
    expect(JSON.stringify(run.requests[1]!.body)).not.toContain("sk-abc123");
    const stored = sessionEntries(run.sessionPath).find((e) => e.type === "message" && e.role === "tool");
    expect(JSON.stringify(stored)).not.toContain("sk-abc123");
    expect(stored.content[0]).toMatchObject({ type: "tool_result", isError: true });
  });
});

describe("context_prepare and prepare_step", () => {
  test("context_prepare replaces the context of the call: index >= 0 keeps the original message intact; nothing is persisted", async () => {
    const cwd = tempDir({ "notes.md": "# Notes\nship it\n" });
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onContextPrepare((e, ctx) => {
  rec(ctx, "seen", e.messages);
  const last = e.messages[e.messages.length - 1]!;
  return { messages: [{ index: -1, role: "user", content: "Earlier: we agreed to ship on Friday." }, { index: -1, role: "assistant", content: "Noted." }, last] };
});
`);
    const run = await runWith(mock, { exts: [ext], cwd, args: ["summarize @notes.md"], steps: [text("Ship it on Friday.")] });
    expect(run.exitCode).toBe(0);
    // The handler sees the message as text (the attached file and the prompt joined).
    const seen = tagged(run.stderr, "seen")[0];
    expect(seen).toEqual([{ index: 0, role: "user", content: `<file path="${join(cwd, "notes.md")}">\n# Notes\nship it\n</file>\nsummarize @notes.md` }]);
    const messages = run.requests[0]!.body.messages;
    expect(messages.map((m: any) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(conversation(run.requests[0]!).slice(0, 2).map((m) => m.text)).toEqual(["Earlier: we agreed to ship on Friday.", "Noted."]);
    // index 0 was reused as it was: still two blocks (the file, then the prompt), not the flattened text.
    expect(messages[2].content.map((b: any) => b.text)).toEqual([`<file path="${join(cwd, "notes.md")}">\n# Notes\nship it\n</file>`, "summarize @notes.md"]);
    // Not persisted: the session holds the real conversation only.
    expect(JSON.stringify(sessionEntries(run.sessionPath))).not.toContain("we agreed to ship");
  });

  test("prepare_step runs before every model call; its replacement applies to that call only", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onPrepareStep((e, ctx) => {
  rec(ctx, "step", { n: e.stepNumber, roles: e.messages.map((m) => m.role), texts: e.messages.map((m) => m.content) });
  if (e.stepNumber !== 1) return;
  return { messages: [...e.messages, { index: -1, role: "user", content: "Reminder: answer in one line." }] };
});
`);
    const run = await runWith(mock, {
      exts: [ext],
      args: ["what is here?"],
      steps: [toolCall("bash", { command: "echo here" }), text("just here")],
    });
    expect(run.exitCode).toBe(0);
    const steps = tagged(run.stderr, "step");
    expect(steps.map((s) => [s.n, s.roles])).toEqual([
      [0, ["user"]],
      [1, ["user", "assistant", "tool"]],
    ]);
    expect(steps[1].texts[1]).toBe('[tool call bash: {"command":"echo here"}]');
    expect(conversation(run.requests[0]!).map((m) => m.text)).toEqual(["what is here?"]);
    const second = run.requests[1]!.body.messages;
    // The kept messages are the originals: the assistant still has its real tool_use block, the tool result its tool_result.
    expect(second[1].content.map((b: any) => b.type)).toEqual(["tool_use"]);
    // Anthropic's wire merges consecutive user turns: the new note follows the tool result in the last message.
    expect(second).toHaveLength(3);
    expect(second[2].content.map((b: any) => b.type)).toEqual(["tool_result", "text"]);
    expect(second[2].content[1].text).toBe("Reminder: answer in one line.");
    expect(JSON.stringify(sessionEntries(run.sessionPath))).not.toContain("Reminder");
  });

  test("handlers chain: the second sees the first one's replacement", async () => {
    const first = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onContextPrepare((e) => ({ messages: [{ index: -1, role: "user", content: "injected by first" }, ...e.messages] }));
`);
    const second = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onContextPrepare((e, ctx) => { rec(ctx, "saw", e.messages.map((m) => [m.index, m.content])); });
`);
    const run = await runWith(mock, { exts: [first, second], args: ["hello"], steps: [text("hi")] });
    expect(tagged(run.stderr, "saw")).toEqual([
      [
        [-1, "injected by first"],
        [0, "hello"],
      ],
    ]);
    // Both are user messages, which Anthropic's wire sends as one message of two blocks.
    expect(run.requests[0]!.body.messages.flatMap((m: any) => m.content.map((b: any) => b.text))).toEqual(["injected by first", "hello"]);
  });
});

describe("before_compact", () => {
  /** About 12,000 tokens: three such answers are well past what compaction keeps verbatim. */
  const big = (tag: string) => `${tag} ` + "lorem ipsum dolor sit amet ".repeat(1800);
  /** Three turns (two sent by the extension), then ctx.compact() from the last agent_end. */
  const compactor = (hook: string) =>
    extension(`${REC}
let turns = 0;
export default (kit: ExtensionAPI) => {
  kit.onAgentEnd(async (_e, ctx) => {
    if (++turns < 3) return ctx.sendMessage("continue " + turns);
    await ctx.compact();
    rec(ctx, "compacted", ctx.getContextStats().messageCount);
  });
  kit.onBeforeCompact((e, ctx) => { rec(ctx, "before_compact", e); ${hook} });
};
`);
  const later = () =>
    extension(`${REC}
export default (kit: ExtensionAPI) => kit.onBeforeCompact((_e, ctx) => rec(ctx, "later", null));
`);
  const steps = () => [text(big("ONE"), { chunkSize: 4000 }), text(big("TWO"), { chunkSize: 4000 }), text(big("THREE"), { chunkSize: 4000 })];

  test("fired by ctx.compact with the context's size; a summary from the extension replaces the model-written one", async () => {
    const run = await runWith(mock, { exts: [compactor(`return { summary: "SUMMARY-FROM-EXTENSION" };`), later()], args: ["start"], steps: steps() });
    expect(run.exitCode).toBe(0);
    const [event] = tagged(run.stderr, "before_compact");
    expect(event).toMatchObject({ contextLimit: 200_000, messageCount: 6, isAutomatic: false });
    expect(event.estimatedTokens).toBeGreaterThan(30_000);
    expect(event.usagePercent).toBeCloseTo(event.estimatedTokens / 200_000, 10);
    // A summary does not stop the chain.
    expect(tagged(run.stderr, "later")).toEqual([null]);
    // No summarising call to the model: three requests, one per turn.
    expect(run.requests).toHaveLength(3);
    const compaction = sessionEntries(run.sessionPath).filter((e) => e.type === "compaction");
    expect(compaction.map((e) => e.summary)).toEqual(["SUMMARY-FROM-EXTENSION"]);
    expect(tagged(run.stderr, "compacted")[0]).toBeLessThan(6);
  });

  test("cancel stops the compaction and the chain; the run says why", async () => {
    const run = await runWith(mock, { exts: [compactor(`return { cancel: true, reason: "keep everything" };`), later()], args: ["start"], steps: steps() });
    expect(run.exitCode).toBe(0);
    expect(tagged(run.stderr, "before_compact")).toHaveLength(1);
    expect(tagged(run.stderr, "later")).toEqual([]);
    expect(run.stderr).toContain("compaction cancelled by an extension: keep everything");
    expect(sessionEntries(run.sessionPath).filter((e) => e.type === "compaction")).toEqual([]);
    expect(tagged(run.stderr, "compacted")).toEqual([6]);
  });
});
