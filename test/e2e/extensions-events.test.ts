/**
 * Extension events fired at their real sites in headless runs of the built binary: a recorder
 * extension (loaded with -e) reports every event it receives on stderr, and the tests compare that
 * with what the scripted provider was asked and answered, and with the session file.
 *
 * Result events (their effects) are in extensions-results.test.ts; model_change is with ctx.setModel
 * in extensions-context.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { httpError, startMockLLM, text, toolCall, type MockLLM, type Step } from "../support/mock-llm.ts";
import { conversation, extension, lastToolResults, MODEL, REC, records, runWith, sessionEntries, tagged, tempDir, userEnv } from "./extension-runs.ts";

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

/** Every event a headless run can fire, each recorded with its payload (context messages left out). */
const NOTIFICATIONS = [
  "session_start",
  "session_shutdown",
  "agent_start",
  "agent_end",
  "message_start",
  "message_update",
  "message_end",
  "tool_call_input_start",
  "tool_call_input_delta",
  "tool_call_input_end",
  "tool_execution_start",
  "tool_output",
  "tool_execution_end",
  "step_start",
  "step_finish",
  "llm_usage",
  "reasoning_start",
  "warnings",
  "error",
  "retry",
];
const RESULTS = ["input", "before_agent_start", "tool_call", "tool_result", "context_prepare", "prepare_step"];

const RECORDER = `${REC}
export default function (kit: ExtensionAPI) {
  for (const name of ${JSON.stringify([...NOTIFICATIONS, ...RESULTS])}) {
    kit.on(name as any, (event: any, ctx) => {
      const { messages, ...rest } = event;
      rec(ctx, name, messages ? { ...rest, count: messages.length } : rest);
    });
  }
}
`;

const recorder = () => extension(RECORDER, "recorder.ts");
const tags = (stderr: string) => records(stderr).map((r) => r.tag);
const one = (stderr: string, tag: string) => {
  const all = tagged(stderr, tag);
  expect(all).toHaveLength(1);
  return all[0];
};

describe("one turn with a tool call", () => {
  const USAGE0 = { input: 1200, output: 80, cacheRead: 300, cacheWrite: 40 };
  const USAGE1 = { input: 1500, output: 20, cacheRead: 0, cacheWrite: 0 };
  const COMMAND = "echo one; echo two; echo oops >&2";
  let run: Awaited<ReturnType<typeof runWith>>;

  beforeAll(async () => {
    run = await runWith(mock, {
      exts: [recorder()],
      args: ["count the lines"],
      steps: [
        toolCall("bash", { command: COMMAND }, {
          reasoning: { text: "I should run it.", signature: "sig-1" },
          usage: USAGE0,
          // The model that actually answered: a dated id, not the alias kit asked for.
          model: "claude-haiku-4-5-20251001",
          requestId: "req_step0",
          chunkSize: 5,
          tokenDelayMs: 3,
        }),
        text("all done", { usage: USAGE1, chunkSize: 3, requestId: "req_step1", tokenDelayMs: 3 }),
      ],
    });
  });

  test("the run answers as usual", () => {
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("all done\n");
    expect(run.requests).toHaveLength(2);
  });

  test("session_start comes first with the session's id, session_shutdown last", () => {
    const header = JSON.parse(readFileSync(run.sessionPath, "utf8").split("\n")[0]!);
    const all = tags(run.stderr);
    expect(all[0]).toBe("session_start");
    expect(one(run.stderr, "session_start")).toEqual({ sessionId: header.id, reason: "startup" });
    expect(all.at(-1)).toBe("session_shutdown");
    expect(one(run.stderr, "session_shutdown")).toEqual({ reason: "exit" });
  });

  test("input, before_agent_start and agent_start carry the prompt", () => {
    expect(one(run.stderr, "input")).toEqual({ text: "count the lines", source: "cli" });
    expect(one(run.stderr, "before_agent_start")).toEqual({ prompt: "count the lines" });
    expect(one(run.stderr, "agent_start")).toEqual({ prompt: "count the lines" });
  });

  test("notifications arrive in the order things happened", () => {
    const order = tags(run.stderr).filter((t) => NOTIFICATIONS.includes(t));
    const dedup = order.filter((t, i) => t !== order[i - 1]);
    expect(dedup).toEqual([
      "session_start",
      "agent_start",
      "step_start",
      "reasoning_start",
      "tool_call_input_start",
      "tool_call_input_delta",
      "tool_call_input_end",
      "llm_usage",
      "step_finish",
      "tool_execution_start",
      "tool_output",
      "tool_execution_end",
      "step_start",
      "message_start",
      "message_update",
      "llm_usage",
      "message_end",
      "step_finish",
      "agent_end",
      "session_shutdown",
    ]);
  });

  test("step_start / step_finish per model call, with its usage and finish reason", () => {
    expect(tagged(run.stderr, "step_start")).toEqual([{ stepNumber: 0 }, { stepNumber: 1 }]);
    expect(tagged(run.stderr, "step_finish")).toEqual([
      { stepNumber: 0, hasToolCalls: true, finishReason: "tool_calls", inputTokens: 1200, outputTokens: 80, cacheReadTokens: 300, cacheWriteTokens: 40 },
      { stepNumber: 1, hasToolCalls: false, finishReason: "stop", inputTokens: 1500, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0 },
    ]);
  });

  test("reasoning_start when the model starts thinking", () => {
    expect(tagged(run.stderr, "reasoning_start")).toHaveLength(1);
    expect(typeof one(run.stderr, "reasoning_start").id).toBe("string");
  });

  test("tool input streams: start, deltas that join to the call's JSON, end; then tool_call with parsed args", () => {
    const start = one(run.stderr, "tool_call_input_start");
    expect(start).toMatchObject({ toolName: "bash", toolKind: "execute" });
    const deltas = tagged(run.stderr, "tool_call_input_delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.every((d) => d.toolCallId === start.toolCallId)).toBe(true);
    expect(JSON.parse(deltas.map((d) => d.delta).join(""))).toEqual({ command: COMMAND });
    expect(one(run.stderr, "tool_call_input_end")).toEqual({ toolCallId: start.toolCallId });
    expect(one(run.stderr, "tool_call")).toEqual({
      toolCallId: start.toolCallId,
      toolName: "bash",
      toolKind: "execute",
      input: JSON.stringify({ command: COMMAND }),
      args: { command: COMMAND },
      source: "llm",
    });
  });

  test("tool execution: start, bash output lines as tool_output (stdout and stderr), end, then tool_result", () => {
    const id = one(run.stderr, "tool_call").toolCallId;
    expect(one(run.stderr, "tool_execution_start")).toEqual({ toolCallId: id, toolName: "bash", toolKind: "execute" });
    const output = tagged(run.stderr, "tool_output");
    expect(output.every((o) => o.toolCallId === id && o.toolName === "bash")).toBe(true);
    expect(output.filter((o) => !o.isStderr).map((o) => o.chunk).join("")).toBe("one\ntwo\n");
    expect(output.filter((o) => o.isStderr).map((o) => o.chunk).join("")).toBe("oops\n");
    expect(one(run.stderr, "tool_execution_end")).toEqual({ toolCallId: id, toolName: "bash", toolKind: "execute" });
    const result = one(run.stderr, "tool_result");
    expect(result).toMatchObject({ toolCallId: id, toolName: "bash", toolKind: "execute", input: JSON.stringify({ command: COMMAND }), isError: false });
    expect(result.content).toContain("one\ntwo");
    expect(result.content).toContain("oops");
    const all = tags(run.stderr);
    expect(all.indexOf("tool_execution_end")).toBeLessThan(all.indexOf("tool_result"));
    expect(all.lastIndexOf("tool_output")).toBeLessThan(all.indexOf("tool_execution_end"));
  });

  test("message_start / message_update chunks / message_end with the whole text", () => {
    expect(tagged(run.stderr, "message_start")).toEqual([{}]);
    const chunks = tagged(run.stderr, "message_update").map((u) => u.chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe("all done");
    expect(one(run.stderr, "message_end")).toEqual({ content: "all done" });
  });

  test("llm_usage: one per provider call, attributed to the model that answered, with its cost and request id", () => {
    const usage = tagged(run.stderr, "llm_usage");
    expect(usage).toHaveLength(2);
    expect(usage[0]).toMatchObject({
      inputTokens: 1200,
      outputTokens: 80,
      cacheReadTokens: 300,
      cacheWriteTokens: 40,
      model: "claude-haiku-4-5-20251001",
      provider: "anthropic",
      stepNumber: 0,
      finishReason: "tool_calls",
      requestId: "req_step0",
    });
    expect(usage[1]).toMatchObject({ inputTokens: 1500, outputTokens: 20, model: "claude-haiku-4-5", stepNumber: 1, finishReason: "stop", requestId: "req_step1" });
    // The cost is the one kit recorded for the call in the session file.
    const costs = sessionEntries(run.sessionPath)
      .filter((e) => e.type === "message" && e.role === "assistant")
      .map((e) => e.usage.cost);
    expect(usage.map((u) => u.cost)).toEqual(costs);
    expect(costs.every((c) => c > 0)).toBe(true);
  });

  test("agent_end carries the turn's aggregates", () => {
    const end = one(run.stderr, "agent_end");
    const usage = tagged(run.stderr, "llm_usage");
    expect(end).toMatchObject({
      response: "all done",
      stopReason: "completed",
      providerStopReason: "end_turn",
      toolCallCount: 1,
      toolNames: ["bash"],
      llmCallCount: 2,
      inputTokensDelta: 2700,
      outputTokensDelta: 100,
      cacheReadTokensDelta: 300,
      cacheWriteTokensDelta: 40,
    });
    expect(end.costDelta).toBeCloseTo(usage[0].cost + usage[1].cost, 10);
    expect(end.durationMs).toBeGreaterThanOrEqual(0);
  });

  test("context_prepare once per turn, prepare_step before every model call", () => {
    expect(one(run.stderr, "context_prepare")).toEqual({ count: 1 });
    // Step 1 sees the user message, the assistant's tool call and the tool result.
    expect(tagged(run.stderr, "prepare_step")).toEqual([
      { stepNumber: 0, count: 1 },
      { stepNumber: 1, count: 3 },
    ]);
  });
});

describe("events of other runs", () => {
  test("input comes from stdin when the prompt is piped", async () => {
    const run = await runWith(mock, { exts: [recorder()], args: [], stdin: "summarize this\n", steps: [text("ok")] });
    expect(run.exitCode).toBe(0);
    expect(one(run.stderr, "input")).toEqual({ text: "summarize this\n", source: "stdin" });
  });

  test("agent_end aggregates count every tool call, duplicates kept, in call order", async () => {
    const cwd = tempDir({ "a.txt": "A\n", "b.txt": "B\n" });
    const run = await runWith(mock, {
      exts: [recorder()],
      cwd,
      args: ["read both"],
      steps: [
        { kind: "reply", toolCalls: [{ name: "read", input: { path: "a.txt" } }, { name: "read", input: { path: "b.txt" } }] },
        toolCall("ls", { path: "." }),
        text("read them"),
      ],
    });
    expect(run.exitCode).toBe(0);
    expect(one(run.stderr, "agent_end")).toMatchObject({ toolCallCount: 3, toolNames: ["read", "read", "ls"], llmCallCount: 3, response: "read them" });
    expect(tagged(run.stderr, "tool_execution_start").map((e) => e.toolName)).toEqual(["read", "read", "ls"]);
  });

  test("agent_end.stopReason is the same word on every wire; providerStopReason keeps the wire's own", async () => {
    const OPENAI = { OPENAI_API_KEY: "test-openai-key" };
    const cases: { wire: string; model: string; step: Step; args?: string[]; stopReason: string; providerStopReason: string }[] = [
      { wire: "anthropic", model: MODEL, step: text("ok"), stopReason: "completed", providerStopReason: "end_turn" },
      { wire: "openai", model: "openai/gpt-5", step: text("ok"), stopReason: "completed", providerStopReason: "completed" },
      { wire: "openai-compat", model: "openai/gpt-5", step: text("ok"), stopReason: "completed", providerStopReason: "stop" },
      { wire: "anthropic", model: MODEL, step: text("cut", { stopReason: "length" }), stopReason: "max_tokens", providerStopReason: "max_tokens" },
      { wire: "openai", model: "openai/gpt-5", step: text("cut", { stopReason: "length" }), stopReason: "max_tokens", providerStopReason: "max_output_tokens" },
      { wire: "openai-compat", model: "openai/gpt-5", step: text("cut", { stopReason: "length" }), stopReason: "max_tokens", providerStopReason: "length" },
      { wire: "anthropic", model: MODEL, step: text("", { stopReason: "refusal" }), stopReason: "refusal", providerStopReason: "refusal" },
      { wire: "openai-compat", model: "openai/gpt-5", step: text("", { stopReason: "refusal" }), stopReason: "refusal", providerStopReason: "content_filter" },
      { wire: "anthropic", model: MODEL, step: toolCall("ls", { path: "." }), args: ["--max-steps", "1"], stopReason: "limit", providerStopReason: "tool_use" },
    ];
    for (const c of cases) {
      const run = await runWith(mock, {
        exts: [recorder()],
        model: c.model,
        env: userEnv(OPENAI),
        args: ["--provider-wire", c.wire, ...(c.args ?? []), "hello"],
        steps: [c.step],
      });
      const end = one(run.stderr, "agent_end");
      expect({ wire: c.wire, stopReason: end.stopReason, providerStopReason: end.providerStopReason }).toEqual({
        wire: c.wire,
        stopReason: c.stopReason,
        providerStopReason: c.providerStopReason,
      });
    }
  });

  test("retry: a provider call that is retried fires retry with the attempt, the error and the delay", async () => {
    const run = await runWith(mock, {
      exts: [recorder()],
      args: ["hello"],
      steps: [httpError(529, { message: "busy right now", headers: { "retry-after-ms": "20" } }), text("hi after retry")],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("hi after retry\n");
    const retry = one(run.stderr, "retry");
    expect(retry).toMatchObject({ attempt: 1, delayMs: 20 });
    expect(retry.error).toContain("overloaded");
    expect(retry.error).toContain("busy right now");
    // One model call from the turn's point of view.
    expect(one(run.stderr, "agent_end").llmCallCount).toBe(1);
  });

  test("error: a failed turn fires error, and agent_end says stopReason \"error\"", async () => {
    const run = await runWith(mock, { exts: [recorder()], args: ["hello"], steps: [httpError(400, { message: "bad field in request" })] });
    expect(run.exitCode).toBe(1);
    const error = one(run.stderr, "error");
    expect(error.error).toContain("invalid_request");
    expect(error.error).toContain("bad field in request");
    expect(one(run.stderr, "agent_end")).toMatchObject({ stopReason: "error", providerStopReason: "", llmCallCount: 1, toolCallCount: 0 });
    expect(tags(run.stderr).at(-1)).toBe("session_shutdown");
  });

  test("warnings: what the provider layer warns about reaches extensions", async () => {
    // Claude Opus 4.6 takes no sampling parameters: kit drops --temperature and warns.
    const run = await runWith(mock, { exts: [recorder()], model: "anthropic/claude-opus-4-6", args: ["--temperature", "0.3", "hello"], steps: [text("ok")] });
    expect(run.exitCode).toBe(0);
    expect(one(run.stderr, "warnings")).toEqual({ warnings: ["claude-opus-4-6 takes no sampling parameters; --temperature ignored"] });
    expect(run.requests[0]!.body.temperature).toBeUndefined();
  });

  test("a tool that reports progress and returns at once: its tool_output, then tool_execution_end, then tool_result", async () => {
    const ext = extension(`${REC}
export default function (kit: ExtensionAPI) {
  kit.registerTool({
    name: "quick",
    description: "returns at once",
    parameters: { type: "object", properties: {} },
    execute: (_args, tc) => {
      tc.onProgress("working");
      return "done";
    },
  });
  for (const name of ["tool_output", "tool_execution_end", "tool_result"]) kit.on(name as any, (_e: any, ctx) => rec(ctx, name));
}
`);
    const run = await runWith(mock, { exts: [ext], args: ["go"], steps: [toolCall("quick", {}), text("ok")] });
    expect(run.exitCode).toBe(0);
    expect(tags(run.stderr)).toEqual(["tool_output", "tool_execution_end", "tool_result"]);
  });

  test("an environment variable an extension sets reaches the bash tool", async () => {
    const ext = extension(`${REC}
export default function (kit: ExtensionAPI) {
  kit.on("session_start", () => {
    process.env.KIT_TEST_ASKPASS = "/usr/local/bin/askpass";
  });
}
`);
    const run = await runWith(mock, { exts: [ext], args: ["go"], steps: [toolCall("bash", { command: "echo \"[$KIT_TEST_ASKPASS]\"" }), text("ok")] });
    expect(run.exitCode).toBe(0);
    expect(lastToolResults(run.requests[1]!)[0]!.content).toContain("[/usr/local/bin/askpass]");
  });

  test("an extension command starts no turn and fires no input event: no agent_start, agent_end or model call", async () => {
    const ext = extension(`${REC}
export default function (kit: ExtensionAPI) {
  kit.registerCommand({ name: "hi", description: "says hi", execute: () => "hi there" });
  for (const name of ["input", "before_agent_start", "agent_start", "agent_end", "step_start"]) kit.on(name as any, (_e: any, ctx) => rec(ctx, name));
}
`);
    const run = await runWith(mock, { exts: [ext], args: ["/hi"] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("hi there\n");
    expect(run.requests).toHaveLength(0);
    expect(tags(run.stderr)).toEqual([]);
  });

  test("an input-rewriting extension cannot turn a command into a prompt: the command runs, no model call", async () => {
    const ext = extension(`${REC}
export default function (kit: ExtensionAPI) {
  kit.registerCommand({ name: "hi", description: "says hi", execute: () => "hi there" });
  kit.on("input", (e, ctx) => {
    rec(ctx, "input", e.text);
    return { action: "transform", text: "please " + e.text };
  });
}
`);
    const command = await runWith(mock, { exts: [ext], args: ["/hi"] });
    expect(command.exitCode).toBe(0);
    expect(command.stdout).toBe("hi there\n");
    expect(command.requests).toHaveLength(0);
    expect(tags(command.stderr)).toEqual([]);
    // A prompt, which does start a turn, is still rewritten.
    const prompt = await runWith(mock, { exts: [ext], args: ["hello"], steps: [text("ok")] });
    expect(tagged(prompt.stderr, "input")).toEqual(["hello"]);
    expect(conversation(prompt.requests[0]!)[0]!.text).toBe("please hello");
  });
});
