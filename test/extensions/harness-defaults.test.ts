/**
 * h.emit fills the fields a test leaves out with neutral defaults, for every one of the 37 events, and
 * derives fields that belong together from the one given. Handlers see the full event.
 */
import { beforeEach, describe, expect, test } from "bun:test";
import { EVENT_NAMES, type EventName, type Events } from "../../src/extensions/contract.ts";
import { createHarness, type Harness } from "../../src/extensions/harness/index.ts";
import { LOG, resetLog } from "./helpers.ts";

let log: unknown[];
beforeEach(() => {
  log = resetLog();
});

/** An extension that logs every event it receives, for all events. */
const RECORDER = `${LOG}import { EVENT_NAMES } from "kit/ext";
export default (kit: any) => { for (const name of EVENT_NAMES) kit.on(name, (e: any) => { LOG([name, e]); }); };`;

async function recorder(opts: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  return createHarness(opts).loadString(RECORDER);
}

async function seen<K extends EventName>(h: Harness, event: K, payload?: Partial<Events[K]>): Promise<Events[K]> {
  log.length = 0;
  await h.emit(event, payload);
  expect(log).toHaveLength(1);
  const [name, e] = log[0] as [string, Events[K]];
  expect(name).toBe(event);
  return e;
}

const ZERO_USAGE = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
const TOOL = { toolCallId: "call_1", toolName: "", toolKind: "execute" };

/** Written out by hand: what a handler gets for `h.emit(event)` with no payload, default harness. */
const EXPECTED: { [K in EventName]: Events[K] } = {
  session_start: { sessionId: "test-session", reason: "startup" },
  session_shutdown: { reason: "exit" },
  input: { text: "", source: "interactive" },
  before_agent_start: { prompt: "" },
  agent_start: { prompt: "" },
  agent_end: {
    response: "",
    stopReason: "completed",
    providerStopReason: "end_turn",
    toolCallCount: 0,
    toolNames: [],
    llmCallCount: 0,
    inputTokensDelta: 0,
    outputTokensDelta: 0,
    cacheReadTokensDelta: 0,
    cacheWriteTokensDelta: 0,
    costDelta: 0,
    durationMs: 0,
  },
  message_start: {},
  message_update: { chunk: "" },
  message_end: { content: "" },
  tool_call: { toolCallId: "call_1", toolName: "", toolKind: "execute", input: "{}", args: {}, source: "llm" },
  tool_call_input_start: { toolCallId: "call_1", toolName: "", toolKind: "execute" },
  tool_call_input_delta: { toolCallId: "call_1", delta: "" },
  tool_call_input_end: { toolCallId: "call_1" },
  tool_execution_start: { toolCallId: "call_1", toolName: "", toolKind: "execute" },
  tool_output: { toolCallId: "call_1", toolName: "", chunk: "", isStderr: false },
  tool_execution_end: { toolCallId: "call_1", toolName: "", toolKind: "execute" },
  tool_result: { ...(TOOL as Events["tool_result"]), input: "{}", content: "", isError: false },
  model_change: { newModel: "anthropic/claude-sonnet-4-5", previousModel: "anthropic/claude-sonnet-4-5", source: "user" },
  thinking_level_change: { newLevel: "off", previousLevel: "off", source: "user" },
  terminal_resize: { width: 80, height: 24 },
  turn_state_change: { state: "working", previous: "idle" },
  context_prepare: { messages: [] },
  prepare_step: { stepNumber: 0, messages: [] },
  before_fork: { targetId: "", isUserMessage: true, userText: "" },
  before_session_switch: { reason: "new", initialPrompt: "" },
  before_compact: { estimatedTokens: 0, contextLimit: 200_000, usagePercent: 0, messageCount: 0, isAutomatic: false },
  subagent_start: { toolCallId: "call_1", task: "" },
  subagent_chunk: { toolCallId: "call_1", task: "", chunkType: "text", content: "" },
  subagent_end: { toolCallId: "call_1", task: "", response: "", errorMsg: "" },
  step_start: { stepNumber: 0 },
  step_finish: { stepNumber: 0, hasToolCalls: false, finishReason: "stop", ...ZERO_USAGE },
  llm_usage: { ...ZERO_USAGE, cost: 0, model: "claude-sonnet-4-5", provider: "anthropic", stepNumber: 0, finishReason: "stop", requestId: "" },
  reasoning_start: { id: "" },
  warnings: { warnings: [] },
  source: { sourceType: "url", id: "", url: "", title: "" },
  error: { error: "" },
  retry: { attempt: 1, error: "", delayMs: 0 },
};

describe("defaults", () => {
  test("the table covers all 37 events", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...EVENT_NAMES].sort());
    expect(EVENT_NAMES).toHaveLength(37);
  });

  for (const event of EVENT_NAMES) {
    test(`${event} with no payload`, async () => {
      const h = await recorder();
      expect(await seen(h, event)).toEqual(EXPECTED[event] as never);
    });
  }

  test("given fields win; undefined ones count as not given; extra fields pass through", async () => {
    const h = await recorder();
    expect(await seen(h, "retry", { attempt: 3, error: undefined, extra: 1 } as never)).toEqual({ attempt: 3, error: "", delayMs: 0, extra: 1 } as never);
  });

  test("defaults follow the harness: session id, model, interactivity, thinking level", async () => {
    const h = await recorder({ sessionId: "s-42", model: "openai/gpt-5.4-mini", interactive: false, thinkingLevel: "high" });
    expect(await seen(h, "session_start")).toEqual({ sessionId: "s-42", reason: "startup" });
    expect(await seen(h, "input", { text: "hi" })).toEqual({ text: "hi", source: "cli" });
    expect(await seen(h, "model_change", { newModel: "openai/gpt-5.5" })).toEqual({ newModel: "openai/gpt-5.5", previousModel: "openai/gpt-5.4-mini", source: "user" });
    expect(await seen(h, "thinking_level_change")).toEqual({ newLevel: "high", previousLevel: "high", source: "user" });
    expect(await seen(h, "llm_usage", { outputTokens: 5 })).toMatchObject({ model: "gpt-5.4-mini", provider: "openai", outputTokens: 5 });
    expect((await seen(h, "before_compact", { estimatedTokens: 100_000 })).contextLimit).toBe(400_000);
  });
});

describe("derived fields", () => {
  test("tool_call: args parsed from input, input written from args, kind from a built-in tool name", async () => {
    const h = await recorder();
    expect(await seen(h, "tool_call", { toolName: "bash", input: '{"command":"ls"}' })).toEqual({
      toolCallId: "call_1",
      toolName: "bash",
      toolKind: "execute",
      input: '{"command":"ls"}',
      args: { command: "ls" },
      source: "llm",
    });
    expect(await seen(h, "tool_call", { toolName: "edit", args: { path: "a" } })).toMatchObject({ toolKind: "edit", input: '{"path":"a"}', args: { path: "a" } });
    expect(await seen(h, "tool_call", { toolName: "grep", input: "not json" })).toMatchObject({ toolKind: "search", input: "not json", args: null });
    expect(await seen(h, "tool_call", { toolName: "read", input: "[1]", source: "user" })).toMatchObject({ toolKind: "read", args: null, source: "user" });
    expect(await seen(h, "tool_call", { toolName: "subagent", toolKind: "execute" })).toMatchObject({ toolKind: "execute" });
    expect(await seen(h, "tool_call", { args: null })).toMatchObject({ input: "", args: null });
    // Both given: taken as they are, even when they disagree.
    expect(await seen(h, "tool_call", { input: "{}", args: { a: 1 } })).toMatchObject({ input: "{}", args: { a: 1 } });
    expect(await seen(h, "tool_result", { toolName: "ls", content: "x" })).toMatchObject({ toolKind: "read", content: "x", isError: false });
  });

  test("turn_state_change previous, agent_end toolCallCount, before_compact usagePercent", async () => {
    const h = await recorder();
    expect(await seen(h, "turn_state_change", { state: "idle" })).toEqual({ state: "idle", previous: "working" });
    expect(await seen(h, "agent_end", { toolNames: ["read", "bash", "read"] })).toMatchObject({ toolCallCount: 3, toolNames: ["read", "bash", "read"] });
    expect(await seen(h, "agent_end", { toolNames: ["read"], toolCallCount: 7 })).toMatchObject({ toolCallCount: 7 });
    expect(await seen(h, "before_compact", { estimatedTokens: 50_000 })).toMatchObject({ usagePercent: 0.25, contextLimit: 200_000 });
    expect(await seen(h, "before_compact", { estimatedTokens: 10, contextLimit: 0 })).toMatchObject({ usagePercent: 0 });
  });

  test("a handler cannot change the defaults the next emit gets", async () => {
    const h = await createHarness().loadString(`${LOG}export default (kit: any) => kit.onAgentEnd((e: any) => { LOG(e.toolNames.length); e.toolNames.push("x"); });`);
    await h.emit("agent_end");
    await h.emit("agent_end");
    expect(log).toEqual([0, 0]);
  });
});
