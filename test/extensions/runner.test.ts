import { beforeEach, describe, expect, test } from "bun:test";
import type { ContextMessage, Events } from "../../src/extensions/contract.ts";
import { ExtensionRunner, formatHandlerError } from "../../src/extensions/runner.ts";
import { fakeContext, gate, LOG, loadSources, resetLog, runnerFor } from "./helpers.ts";

let log: unknown[];
beforeEach(() => {
  log = resetLog();
});

const toolCall = (over: Partial<Events["tool_call"]> = {}): Events["tool_call"] => ({
  toolCallId: "c1",
  toolName: "bash",
  toolKind: "execute",
  input: '{"command":"ls"}',
  args: { command: "ls" },
  source: "llm",
  ...over,
});

async function load(files: Record<string, string>) {
  const r = await loadSources(files);
  expect(r.errors).toEqual([]);
  return { ...r, ...runnerFor(r) };
}

describe("result events", () => {
  test("handlers run in extension load order, then registration order", async () => {
    const { runner } = await load({
      "a.ts": `${LOG}export default (kit: any) => {
  kit.onInput(() => { LOG("a1"); });
  kit.on("input", () => { LOG("a2"); });
  kit.onToolResult(() => { LOG("a-result"); });
};`,
      "b.ts": `${LOG}export default (kit: any) => { kit.onInput(async () => { await Promise.resolve(); LOG("b1"); }); kit.onInput(() => { LOG("b2"); }); };`,
    });
    expect(await runner.emit("input", { text: "x", source: "cli" })).toBeUndefined();
    expect(log).toEqual(["a1", "a2", "b1", "b2"]);
  });

  test("input: each handler sees the text as transformed before it; the last transform wins", async () => {
    const { runner } = await load({
      "a.ts": `${LOG}export default (kit: any) => kit.onInput((e: any) => { LOG(e.text); return { action: "transform", text: e.text + " +a" }; });`,
      "b.ts": `${LOG}export default (kit: any) => kit.onInput(async (e: any) => { LOG(e.text); return { action: "continue" }; });`,
      "c.ts": `${LOG}export default (kit: any) => kit.onInput((e: any) => { LOG(e.text); return { action: "transform", text: e.text + " +c" }; });`,
    });
    const payload = { text: "hello", source: "interactive" as const };
    expect(await runner.emitResult("input", payload)).toEqual({ action: "transform", text: "hello +a +c" });
    expect(log).toEqual(["hello", "hello +a", "hello +a"]);
    expect(payload.text).toBe("hello"); // the emitter's object is not mutated
  });

  test('input {action: "handled"} stops the chain', async () => {
    const { runner } = await load({
      "a.ts": `${LOG}export default (kit: any) => kit.onInput((e: any) => ({ action: "transform", text: "changed" }));`,
      "b.ts": `${LOG}export default (kit: any) => kit.onInput(() => { LOG("b"); return { action: "handled" }; });`,
      "c.ts": `${LOG}export default (kit: any) => kit.onInput(() => { LOG("c must not run"); });`,
    });
    expect(await runner.emit("input", { text: "/x", source: "interactive" })).toEqual({ action: "handled" });
    expect(log).toEqual(["b"]);
  });

  test("tool_result: content and isError rewrites chain; undefined fields stay", async () => {
    const { runner } = await load({
      "a.ts": `${LOG}export default (kit: any) => kit.onToolResult((e: any) => ({ content: e.content.toUpperCase() }));`,
      "b.ts": `${LOG}export default (kit: any) => kit.onToolResult((e: any) => { LOG([e.content, e.isError]); return { isError: true }; });`,
      "c.ts": `${LOG}export default (kit: any) => kit.onToolResult((e: any) => { LOG([e.content, e.isError]); });`,
    });
    const result = await runner.emit("tool_result", {
      toolCallId: "c1",
      toolName: "read",
      toolKind: "read",
      input: "{}",
      content: "file text",
      isError: false,
    });
    expect(result).toEqual({ content: "FILE TEXT", isError: true });
    expect(log).toEqual([["FILE TEXT", false], ["FILE TEXT", true]]);
  });

  test("context_prepare and prepare_step: messages chain through rewrites", async () => {
    const { runner, errors } = await load({
      "a.ts": `${LOG}export default (kit: any) => {
  const drop = (e: any) => ({ messages: e.messages.filter((m: any) => m.role !== "system") });
  kit.onContextPrepare(drop);
  kit.onPrepareStep(drop);
};`,
      "b.ts": `${LOG}export default (kit: any) => {
  const add = (e: any) => { LOG(e.messages.map((m: any) => m.index)); return { messages: [...e.messages, { index: -1, role: "user", content: "note" }] }; };
  kit.onContextPrepare(add);
  kit.onPrepareStep(add);
};`,
    });
    const messages: ContextMessage[] = [
      { index: 0, role: "system", content: "sys" },
      { index: 1, role: "user", content: "hi" },
      { index: 2, role: "assistant", content: "hello" },
    ];
    const expected: { messages: ContextMessage[] } = { messages: [messages[1]!, messages[2]!, { index: -1, role: "user", content: "note" }] };
    expect(await runner.emit("context_prepare", { messages })).toEqual(expected);
    expect(await runner.emit("prepare_step", { stepNumber: 1, messages })).toEqual(expected);
    expect(log).toEqual([[1, 2], [1, 2]]);
    expect(messages).toHaveLength(3);
    expect(errors).toEqual([]);
  });

  test("a malformed context rewrite is reported and skipped", async () => {
    const { runner, errors, paths } = await load({
      "bad.ts": `export default (kit: any) => kit.onContextPrepare(() => ({ messages: [{ index: 7 }] }));`,
    });
    expect(await runner.emit("context_prepare", { messages: [{ index: 0, role: "user", content: "hi" }] })).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ extPath: paths[0], event: "context_prepare" });
    expect(String(errors[0]!.error)).toContain("index must be an integer below 1");
  });

  test("before_agent_start: systemPrompt and injectText accumulate in order", async () => {
    const { runner } = await load({
      "a.ts": `export default (kit: any) => kit.onBeforeAgentStart((e: any) => ({ systemPrompt: "Be brief.", injectText: "ctx for " + e.prompt }));`,
      "b.ts": `export default (kit: any) => kit.onBeforeAgentStart(() => ({ systemPrompt: "Use British spelling." }));`,
      "c.ts": `export default (kit: any) => kit.onBeforeAgentStart(() => undefined);`,
    });
    expect(await runner.emit("before_agent_start", { prompt: "fix it" })).toEqual({
      systemPrompt: "Be brief.\n\nUse British spelling.",
      injectText: "ctx for fix it",
    });
  });

  test("tool_call {block: true} stops the chain", async () => {
    const { runner } = await load({
      "a.ts": `${LOG}export default (kit: any) => kit.onToolCall(() => { LOG("a"); return { block: false }; });`,
      "b.ts": `${LOG}export default (kit: any) => kit.onToolCall((e: any) => { LOG("b"); if (e.args?.command?.includes("rm")) return { block: true, reason: "Dangerous" }; });`,
      "c.ts": `${LOG}export default (kit: any) => kit.onToolCall(() => { LOG("c"); });`,
    });
    expect(await runner.emit("tool_call", toolCall())).toEqual({ block: false });
    expect(log).toEqual(["a", "b", "c"]);
    log.length = 0;
    expect(await runner.emit("tool_call", toolCall({ args: { command: "rm -rf /" } }))).toEqual({ block: true, reason: "Dangerous" });
    expect(log).toEqual(["a", "b"]);
  });

  test("a block without a reason names the extension", async () => {
    const { runner } = await load({ "guard.ts": `export default (kit: any) => kit.onToolCall(() => ({ block: true }));` });
    expect(await runner.emit("tool_call", toolCall())).toEqual({ block: true, reason: "blocked by extension guard.ts" });
  });

  test("a throwing tool_call handler blocks the call (fail closed), is reported, and stops the chain", async () => {
    const { runner, errors, paths } = await load({
      "a.ts": `${LOG}export default (kit: any) => kit.onToolCall(async () => { LOG("a"); throw new Error("policy crashed"); });`,
      "b.ts": `${LOG}export default (kit: any) => kit.onToolCall(() => { LOG("b must not run"); });`,
    });
    expect(await runner.emit("tool_call", toolCall())).toEqual({ block: true, reason: "policy crashed" });
    expect(log).toEqual(["a"]);
    expect(errors.map((e) => [e.extPath, e.event, (e.error as Error).message])).toEqual([[paths[0], "tool_call", "policy crashed"]]);
  });

  test("a malformed tool_call result fails closed too", async () => {
    const { runner, errors } = await load({ "a.ts": `export default (kit: any) => kit.onToolCall(() => ({ block: "yes" }));` });
    const result = await runner.emit("tool_call", toolCall());
    expect(result?.block).toBe(true);
    expect(result?.reason).toContain("block must be a boolean");
    expect(errors).toHaveLength(1);
  });

  test("before_fork, before_session_switch, before_compact {cancel: true} stop the chain", async () => {
    const { runner } = await load({
      "a.ts": `${LOG}export default (kit: any) => {
  kit.onBeforeFork(() => { LOG("a fork"); return { cancel: true, reason: "not now" }; });
  kit.onBeforeSessionSwitch((e: any) => { LOG("a switch"); if (e.reason === "clear") return { cancel: true }; return { cancel: false }; });
  kit.onBeforeCompact((e: any) => { LOG("a compact"); return e.isAutomatic ? { cancel: true, reason: "manual only" } : { summary: "my summary" }; });
};`,
      "b.ts": `${LOG}export default (kit: any) => {
  kit.onBeforeFork(() => { LOG("b fork"); });
  kit.onBeforeSessionSwitch(() => { LOG("b switch"); });
  kit.onBeforeCompact(() => { LOG("b compact"); });
};`,
    });
    expect(await runner.emit("before_fork", { targetId: "e1", isUserMessage: true, userText: "hi" })).toEqual({ cancel: true, reason: "not now" });
    expect(await runner.emit("before_session_switch", { reason: "clear", initialPrompt: "" })).toEqual({ cancel: true });
    expect(await runner.emit("before_session_switch", { reason: "new", initialPrompt: "" })).toEqual({ cancel: false });
    const compact = { estimatedTokens: 9000, contextLimit: 10000, usagePercent: 0.9, messageCount: 12, isAutomatic: true };
    expect(await runner.emit("before_compact", compact)).toEqual({ cancel: true, reason: "manual only" });
    expect(await runner.emit("before_compact", { ...compact, isAutomatic: false })).toEqual({ summary: "my summary" });
    expect(log).toEqual(["a fork", "a switch", "a switch", "b switch", "a compact", "a compact", "b compact"]);
  });

  test("a throwing handler is reported with its extension file and skipped; later handlers still apply", async () => {
    const { runner, errors, paths } = await load({
      "thrower.ts": `export default (kit: any) => {
  kit.onInput(() => { throw new Error("sync boom"); });
  kit.onInput(async () => { throw new Error("async boom"); });
};`,
      "ok.ts": `export default (kit: any) => kit.onInput((e: any) => ({ action: "transform", text: e.text + "!" }));`,
    });
    expect(await runner.emit("input", { text: "go", source: "cli" })).toEqual({ action: "transform", text: "go!" });
    expect(errors.map((e) => [e.extPath, e.event, (e.error as Error).message])).toEqual([
      [paths[0], "input", "sync boom"],
      [paths[0], "input", "async boom"],
    ]);
    expect(formatHandlerError(errors[0]!.extPath, errors[0]!.event, errors[0]!.error)).toBe(`${paths[0]}:2:33: input handler failed: sync boom`);
  });

  test("a result returned from a notification handler is ignored", async () => {
    const { runner, errors } = await load({ "a.ts": `export default (kit: any) => kit.onAgentStart(() => ({ whatever: 1 }));` });
    expect(await runner.emit("agent_start", { prompt: "p" })).toBeUndefined();
    expect(errors).toEqual([]);
  });
});

describe("notification events", () => {
  test("emitNotification returns before any handler runs; per-extension order holds; a slow extension does not hold up the others; drain waits", async () => {
    const slow = gate();
    const fastSawAll = gate();
    Object.assign(globalThis, { __slowGate: slow.promise, __fastSawAll: fastSawAll.open });
    const { runner } = await load({
      "slow.ts": `${LOG}export default (kit: any) => kit.onMessageUpdate(async (e: any) => {
  LOG("slow start " + e.chunk);
  await (globalThis as any).__slowGate;
  LOG("slow end " + e.chunk);
});`,
      "fast.ts": `${LOG}export default (kit: any) => kit.onMessageUpdate((e: any) => {
  LOG("fast " + e.chunk);
  if (e.chunk === "3") (globalThis as any).__fastSawAll();
});`,
    });
    for (const chunk of ["1", "2", "3"]) expect(runner.emitNotification("message_update", { chunk })).toBeUndefined();
    expect(log).toEqual([]); // nothing ran inside the emitter

    await fastSawAll.promise; // the fast extension got all three while the slow one is stuck on the first
    expect(log).toEqual(["slow start 1", "fast 1", "fast 2", "fast 3"]);

    let drained = false;
    const draining = runner.drain().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    slow.open();
    await draining;
    expect(log.filter((x) => String(x).startsWith("slow"))).toEqual([
      "slow start 1",
      "slow end 1",
      "slow start 2",
      "slow end 2",
      "slow start 3",
      "slow end 3",
    ]);
  });

  test("a handler that never settles: waits give up on it after the grace period, report it once, and its queue starts afresh", async () => {
    const r = await loadSources({
      "hung.ts": `${LOG}export default (kit: any) => {
  kit.onMessageUpdate(() => new Promise(() => {}));
  kit.onAgentEnd(() => { LOG("agent_end, dropped: queued behind the hung handler"); });
  kit.onSessionShutdown(() => { LOG("shutdown"); });
  kit.onInput(() => { LOG("input"); });
};`,
      "fine.ts": `${LOG}export default (kit: any) => kit.onAgentEnd(() => { LOG("fine agent_end"); });`,
    });
    const unfinished: unknown[] = [];
    const runner = new ExtensionRunner({
      registry: r.registry,
      contextFor: fakeContext,
      onHandlerError: () => {},
      graceMs: 50,
      onUnfinished: (extPath, event, graceMs) => unfinished.push([extPath, event, graceMs]),
    });
    runner.emitNotification("message_update", { chunk: "x" });
    runner.emitNotification("agent_end", { response: "" } as never);
    await runner.drain();
    expect(unfinished).toEqual([[r.paths[0], "message_update", 50]]);
    expect(log).toEqual(["fine agent_end"]);
    // Later events reach the extension again, and waiting for them no longer waits for the hung one.
    await runner.emit("session_shutdown", { reason: "exit" });
    expect(await runner.emit("input", { text: "x", source: "cli" })).toBeUndefined();
    expect(log).toEqual(["fine agent_end", "shutdown", "input"]);
    expect(unfinished).toHaveLength(1);
  });

  test("drain stops waiting at once when its signal aborts, reporting nothing", async () => {
    const r = await loadSources({ "hung.ts": `export default (kit: any) => kit.onAgentEnd(() => new Promise(() => {}));` });
    const unfinished: unknown[] = [];
    const runner = new ExtensionRunner({ registry: r.registry, contextFor: fakeContext, onHandlerError: () => {}, onUnfinished: (...a) => unfinished.push(a) });
    runner.emitNotification("agent_end", { response: "" } as never);
    const stop = new AbortController();
    const draining = runner.drain({ signal: stop.signal });
    stop.abort();
    await draining;
    expect(unfinished).toEqual([]);
  });

  test("a throwing notification handler is reported and the extension keeps receiving events", async () => {
    const { runner, errors, paths } = await load({
      "a.ts": `${LOG}export default (kit: any) => kit.onStepStart((e: any) => { if (e.stepNumber === 0) throw new Error("step 0 failed"); LOG(e.stepNumber); });`,
    });
    runner.emitNotification("step_start", { stepNumber: 0 });
    runner.emitNotification("step_start", { stepNumber: 1 });
    await runner.drain();
    expect(log).toEqual([1]);
    expect(errors.map((e) => [e.extPath, e.event, (e.error as Error).message])).toEqual([[paths[0], "step_start", "step 0 failed"]]);
  });

  test("emit() on a notification resolves once every handler has run; drain covers events queued while draining", async () => {
    const { runner } = await load({
      "a.ts": `${LOG}export default (kit: any) => {
  kit.onSessionStart(async (e: any) => { await Promise.resolve(); LOG("start " + e.reason); });
  kit.onAgentEnd(async () => { await Promise.resolve(); LOG("end"); });
};`,
    });
    expect(await runner.emit("session_start", { sessionId: "s", reason: "startup" })).toBeUndefined();
    expect(log).toEqual(["start startup"]);
    runner.emitNotification("session_start", { sessionId: "s", reason: "reload" });
    const drained = runner.drain();
    runner.emitNotification("agent_end", {
      response: "",
      stopReason: "completed",
      providerStopReason: "end_turn",
      toolCallCount: 0,
      toolNames: [],
      llmCallCount: 1,
      inputTokensDelta: 0,
      outputTokensDelta: 0,
      cacheReadTokensDelta: 0,
      cacheWriteTokensDelta: 0,
      costDelta: 0,
      durationMs: 1,
    });
    await drained;
    expect(log).toEqual(["start startup", "start reload", "end"]);
  });

  test("custom events reach onCustomEvent handlers of every extension, in order, with the data", async () => {
    const { runner, errors, paths } = await load({
      "a.ts": `${LOG}export default (kit: any) => {
  kit.onCustomEvent("ping", (data: any) => { LOG(["a", data]); });
  kit.onCustomEvent("other", () => { LOG("wrong event"); });
};`,
      "b.ts": `${LOG}export default (kit: any) => kit.onCustomEvent("ping", (data: any) => { LOG(["b", data]); throw new Error("b failed"); });`,
    });
    await runner.emitCustomEvent("ping", { n: 1 });
    expect(log).toEqual([["a", { n: 1 }], ["b", { n: 1 }]]);
    expect(errors.map((e) => [e.extPath, e.event])).toEqual([[paths[1], "custom:ping"]]);
  });

  test("hasHandlers tells the app whether an event has listeners", async () => {
    const { runner } = await load({ "a.ts": `export default (kit: any) => kit.onMessageUpdate(() => {});` });
    expect(runner.hasHandlers("message_update")).toBe(true);
    expect(runner.hasHandlers("tool_output")).toBe(false);
  });
});

describe("order across notifications and result events", () => {
  test("a result event reaches an extension after the notifications queued for it before", async () => {
    const { runner } = await load({
      "a.ts": `${LOG}export default (kit: any) => {
  kit.onStepStart(async (e: any) => { await new Promise((r) => setTimeout(r, 5)); LOG("step_start " + e.stepNumber); });
  kit.onContextPrepare(() => { LOG("context_prepare"); });
};`,
    });
    runner.emitNotification("step_start", { stepNumber: 0 });
    await runner.emitResult("context_prepare", { messages: [] });
    expect(log).toEqual(["step_start 0", "context_prepare"]);
  });

  test("a result event caused from inside the same extension's notification handler does not wait on itself", async () => {
    let runnerRef: any;
    const { runner } = await load({
      "a.ts": `${LOG}export default (kit: any) => {
  kit.onAgentEnd(async () => { LOG("agent_end start"); await (globalThis as any).__emitInput(); LOG("agent_end done"); });
  kit.onInput(() => { LOG("input"); });
};`,
    });
    runnerRef = runner;
    (globalThis as any).__emitInput = () => runnerRef.emitResult("input", { text: "x", source: "extension" });
    runner.emitNotification("agent_end", {
      response: "",
      stopReason: "completed",
      providerStopReason: "end_turn",
      toolCallCount: 0,
      toolNames: [],
      llmCallCount: 1,
      inputTokensDelta: 0,
      outputTokensDelta: 0,
      cacheReadTokensDelta: 0,
      cacheWriteTokensDelta: 0,
      costDelta: 0,
      durationMs: 0,
    });
    await runner.drain();
    expect(log).toEqual(["agent_end start", "input", "agent_end done"]);
  });
});
