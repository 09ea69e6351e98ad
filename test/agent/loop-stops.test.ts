/**
 * How a turn ends other than by the model's own answer: the step and cost limits, cancellation while
 * the model streams and while a tool runs, provider errors, and a stream that drops and is retried.
 * Also what the turn adds up along the way (aggregates, per-call llm_usage).
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Usage } from "../../src/llm/types.ts";
import { contextOverflow, httpError, text, toolCall } from "../support/mock-llm.ts";
import { callsOf, coreTools, drive, MODEL, realProvider, resultsOf, tempProject, textOfContent } from "./harness.ts";
import { processAlive, waitUntil } from "../support/process-facts.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";

const mock = useMockLLM();

describe("limits", () => {
  test("maxSteps: the last allowed call's tool calls are answered 'Not run' and the turn stops", async () => {
    const dir = tempProject();
    mock.push(
      toolCall("bash", { command: "echo one >> ran.log" }),
      {
        kind: "reply",
        toolCalls: [
          { name: "bash", input: { command: "echo two >> ran.log" } },
          { name: "read", input: { path: "ran.log" } },
        ],
      },
    );
    const before = mock.requests.length;
    const { events, result } = await drive({ mock, tools: coreTools(dir), maxSteps: 2 });

    expect(result.stopReason).toBe("max_steps");
    expect(readFileSync(join(dir, "ran.log"), "utf8")).toBe("one\n");
    expect(mock.requests.length - before).toBe(2);
    expect(result.newMessages.map((m) => m.role)).toEqual(["assistant", "tool", "assistant", "tool"]);
    const notRun = resultsOf(result.newMessages[3]!);
    expect(notRun.map((r) => [r.name, r.isError])).toEqual([
      ["bash", true],
      ["read", true],
    ]);
    expect(notRun.every((r) => textOfContent(r.content) === "Not run: the step limit (--max-steps) was reached.")).toBe(true);
    // Calls that were not run are not reported as executed.
    expect(events.filter((e) => e.type === "tool_execution_start")).toHaveLength(1);
    expect(result.aggregates.toolNames).toEqual(["bash", "bash", "read"]);
    expect(result.aggregates.llmCallCount).toBe(2);
  });

  test("maxSteps: a text answer within the limit is a normal stop", async () => {
    mock.push(text("done in one"));
    const { result } = await drive({ mock, maxSteps: 1 });
    expect(result.stopReason).toBe("stop");
    expect(result.response).toBe("done in one");
  });

  test("maxCost: the call that reaches the budget gets no tools run, and the turn stops", async () => {
    const dir = tempProject();
    mock.push(toolCall("bash", { command: "echo a >> spent.log" }), toolCall("bash", { command: "echo b >> spent.log" }));
    const { result } = await drive({ mock, tools: coreTools(dir), maxCost: 0.015, costOf: () => 0.01 });
    expect(result.stopReason).toBe("max_cost");
    expect(readFileSync(join(dir, "spent.log"), "utf8")).toBe("a\n");
    expect(textOfContent(resultsOf(result.newMessages[3]!)[0]!.content)).toBe("Not run: the cost limit (--max-cost) was reached.");
    expect(result.aggregates.cost).toBeCloseTo(0.02, 10);
  });

  test("maxCost counts what the run spent before this turn", async () => {
    const dir = tempProject();
    mock.push(toolCall("bash", { command: "touch ran" }));
    const { result } = await drive({ mock, tools: coreTools(dir), maxCost: 0.015, spentBefore: 0.01, costOf: () => 0.01 });
    expect(result.stopReason).toBe("max_cost");
    expect(existsSync(join(dir, "ran"))).toBe(false);
  });

  test("maxCost never stops a turn whose price is unknown (it is never guessed)", async () => {
    const dir = tempProject();
    mock.push(toolCall("bash", { command: "echo x" }), text("finished"));
    const { result } = await drive({ mock, tools: coreTools(dir), maxCost: 0.000001, costOf: () => undefined });
    expect(result.stopReason).toBe("stop");
    expect(result.aggregates).toMatchObject({ cost: 0, costKnown: false });
  });
});

describe("cancellation", () => {
  test("while the model streams: the turn ends 'cancelled' promptly, with no error, keeping the text shown so far", async () => {
    const abort = new AbortController();
    // 60 frames at 100 ms each would take six seconds if the abort did not cut the stream.
    mock.push(text("word ".repeat(60), { chunkSize: 5, tokenDelayMs: 100 }));
    const { events, result } = await drive({
      mock,
      signal: abort.signal,
      onEvent(ev) {
        if (ev.type === "text_delta") abort.abort();
      },
    });
    expect(result.stopReason).toBe("cancelled");
    expect(result.error).toBeUndefined();
    const streamed = events.flatMap((e) => (e.type === "text_delta" ? [e.text] : [])).join("");
    expect(streamed.length).toBeLessThan("word ".repeat(60).length);
    // The partial answer the user saw is a message of the turn (so it is persisted), with no tool calls.
    expect(result.newMessages).toEqual([{ role: "assistant", content: [{ type: "text", text: streamed }] }]);
    expect(result.response).toBe(streamed);
    const usage = events.find((e) => e.type === "llm_usage");
    expect(usage?.type === "llm_usage" && usage.info.finishReason).toBe("aborted");
  });

  test("while a tool runs: bash's process tree is killed, every call gets a result, no further model call", async () => {
    const dir = tempProject();
    mock.push({
      kind: "reply",
      toolCalls: [
        { name: "bash", input: { command: "echo $$ > bash.pid; sleep 30 & echo $! > sleep.pid; echo started; wait; touch finished" } },
        { name: "read", input: { path: "bash.pid" } },
      ],
    });
    const before = mock.requests.length;
    const abort = new AbortController();
    const { events, result } = await drive({
      mock,
      tools: coreTools(dir),
      signal: abort.signal,
      onEvent(ev) {
        if (ev.type === "tool_output" && ev.chunk.includes("started")) abort.abort();
      },
    });
    expect(result.stopReason).toBe("cancelled");
    expect(mock.requests.length - before).toBe(1);
    const [bashResult, readResult] = resultsOf(result.newMessages[1]!);
    expect(bashResult).toMatchObject({ name: "bash", isError: true });
    expect(textOfContent(bashResult!.content)).toContain("cancelled");
    expect(readResult).toMatchObject({ name: "read", isError: true });
    expect(textOfContent(readResult!.content)).toContain("Cancelled");
    expect(callsOf(result.newMessages[0]!).map((c) => c.id)).toEqual([bashResult!.toolCallId, readResult!.toolCallId]);
    expect(events.some((e) => e.type === "tool_output" && e.chunk.includes("started"))).toBe(true);

    const bashPid = Number(readFileSync(join(dir, "bash.pid"), "utf8"));
    const sleepPid = Number(readFileSync(join(dir, "sleep.pid"), "utf8"));
    await waitUntil("bash and sleep to be gone", () => !processAlive(bashPid) && !processAlive(sleepPid));
    expect(existsSync(join(dir, "finished"))).toBe(false);
  });

  test("an already aborted signal runs nothing", async () => {
    const dir = tempProject();
    const abort = new AbortController();
    abort.abort();
    const before = mock.requests.length;
    const { result } = await drive({ mock, tools: coreTools(dir), signal: abort.signal });
    expect(result.stopReason).toBe("cancelled");
    expect(result.newMessages).toEqual([]);
    expect(mock.requests.length - before).toBe(0);
  });
});

describe("provider errors", () => {
  test("an error that is not retried ends the turn 'error' with the classified error", async () => {
    mock.push(contextOverflow());
    const { result, events } = await drive({ mock });
    expect(result.stopReason).toBe("error");
    expect(result.error).toMatchObject({ kind: "context_overflow", status: 400 });
    expect(result.newMessages).toEqual([]);
    expect(events.some((e) => e.type === "llm_usage" && e.info.finishReason === "error")).toBe(true);
  });

  test("retries run out after tools already ran: the completed steps stay, with their results", async () => {
    const dir = tempProject();
    mock.push(toolCall("bash", { command: "echo ran >> ran.log" }), httpError(529), httpError(529));
    const { result, events } = await drive({ mock, tools: coreTools(dir), provider: await realProvider(1) });
    expect(result.stopReason).toBe("error");
    expect(result.error?.kind).toBe("overloaded");
    expect(result.newMessages.map((m) => m.role)).toEqual(["assistant", "tool"]);
    expect(events.filter((e) => e.type === "retry")).toHaveLength(1);
    expect(readFileSync(join(dir, "ran.log"), "utf8")).toBe("ran\n");
  });

  test("a stream dropped mid-answer is retried: earlier tools do not run again and no text is doubled", async () => {
    const dir = tempProject();
    const answer = "The command ran exactly once, and this sentence arrives exactly once too.";
    mock.push(
      toolCall("bash", { command: "echo run >> runs.log && echo logged" }),
      text(answer, { chunkSize: 6, dropAfterChunks: 7 }),
      text(answer, { chunkSize: 11 }),
    );
    const before = mock.requests.length;
    const { events, result } = await drive({ mock, tools: coreTools(dir) });

    expect(readFileSync(join(dir, "runs.log"), "utf8")).toBe("run\n");
    const retryAt = events.findIndex((e) => e.type === "retry");
    expect(retryAt).toBeGreaterThan(-1);
    const shownBefore = events.slice(0, retryAt).flatMap((e) => (e.type === "text_delta" ? [e.text] : [])).join("");
    expect(shownBefore.length).toBeGreaterThan(0);
    expect(events.flatMap((e) => (e.type === "text_delta" ? [e.text] : [])).join("")).toBe(answer);
    expect(result.response).toBe(answer);
    expect(result.newMessages.map((m) => m.role)).toEqual(["assistant", "tool", "assistant"]);
    expect(events.filter((e) => e.type === "tool_execution_start")).toHaveLength(1);
    // The retried request is the same conversation; the model call counts once.
    const reqs = mock.requests.slice(before);
    expect(reqs).toHaveLength(3);
    expect(reqs[2]!.body.messages).toEqual(reqs[1]!.body.messages);
    expect(result.aggregates.llmCallCount).toBe(2);
    expect(events.filter((e) => e.type === "llm_usage")).toHaveLength(2);
  });
});

describe("aggregates", () => {
  const usages: Usage[] = [
    { input: 100, output: 20, cacheRead: 50, cacheWrite: 10 },
    { input: 200, output: 30, cacheRead: 60, cacheWrite: 0 },
    { input: 300, output: 40, cacheRead: 0, cacheWrite: 5 },
  ];

  function script(): void {
    mock.push(
      {
        kind: "reply",
        toolCalls: [
          { name: "read", input: { path: "a.txt" } },
          { name: "read", input: { path: "b.txt" } },
        ],
        usage: usages[0],
      },
      {
        kind: "reply",
        toolCalls: [
          { name: "bash", input: { command: "cat a.txt b.txt" } },
          { name: "read", input: { path: "a.txt" } },
        ],
        usage: usages[1],
      },
      text("a and b", { usage: usages[2] }),
    );
  }

  test("tool calls in call order with duplicates, model calls, summed usage and known cost", async () => {
    const dir = tempProject({ "a.txt": "a\n", "b.txt": "b\n" });
    script();
    const seen: [number, string][] = [];
    const { events, result } = await drive({
      mock,
      tools: coreTools(dir),
      costOf: (u, model) => {
        seen.push([u.input, model]);
        return u.input / 1000;
      },
    });
    expect(result.aggregates).toMatchObject({
      toolCallCount: 4,
      toolNames: ["read", "read", "bash", "read"],
      llmCallCount: 3,
      usage: { input: 600, output: 90, cacheRead: 110, cacheWrite: 15 },
      costKnown: true,
    });
    expect(result.aggregates.cost).toBeCloseTo(0.6, 10);
    expect(result.aggregates.durationMs).toBeGreaterThanOrEqual(0);
    // costOf is asked with each call's own usage and the model that answered.
    expect(seen).toEqual([
      [100, MODEL],
      [200, MODEL],
      [300, MODEL],
    ]);
    const perCall = events.flatMap((e) => (e.type === "llm_usage" ? [e.info] : []));
    expect(perCall.map((i) => [i.step, i.usage, i.cost, i.provider, i.finishReason])).toEqual([
      [0, usages[0], 0.1, "anthropic", "tool_calls"],
      [1, usages[1], 0.2, "anthropic", "tool_calls"],
      [2, usages[2], 0.3, "anthropic", "stop"],
    ]);
    expect(perCall.every((i) => i.requestId.startsWith("req_"))).toBe(true);
  });

  test("one call with an unknown price makes the turn's cost unknown; the known part is still summed", async () => {
    const dir = tempProject({ "a.txt": "a\n", "b.txt": "b\n" });
    script();
    const { events, result } = await drive({ mock, tools: coreTools(dir), costOf: (u) => (u.input === 200 ? undefined : u.input / 1000) });
    expect(result.aggregates.costKnown).toBe(false);
    expect(result.aggregates.cost).toBeCloseTo(0.4, 10);
    expect(events.flatMap((e) => (e.type === "llm_usage" ? [e.info.cost] : []))).toEqual([0.1, undefined, 0.3]);
  });

  test("the turn's result carries the model's own finish word", async () => {
    mock.push(text("cut", { stopReason: "length" }));
    const { result } = await drive({ mock });
    expect(result.stopReason).toBe("length");
    expect(result.rawStopReason).toBe("max_tokens");
  });
});
