/**
 * The agent loop driven end to end through the real Anthropic adapter against mock-llm, with the
 * real built-in tools in a temp project: the events of a turn, what the model is sent back after
 * each tool, parallel read-only calls. The hooks are in hooks.test.ts.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { text, toolCall } from "../support/mock-llm.ts";
import {
  callsOf,
  contentText,
  coreTools,
  drive,
  fakeTool,
  resultsOf,
  storyOf,
  tempProject,
  textOfContent,
  toolResultsSent,
} from "./harness.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";

const mock = useMockLLM();

/** Requests this test made (the server is shared by the file). */
function requestsSince(before: number) {
  return mock.requests.slice(before);
}

describe("a turn", () => {
  test("a text-only answer: one call, streamed text, one assistant message, stop", async () => {
    mock.push(text("Hello there, nothing to run.", { chunkSize: 5, usage: { input: 12, output: 7 }, tokenDelayMs: 3 }));
    const before = mock.requests.length;
    const { events, result } = await drive({ mock, prompt: "say hello", tools: coreTools(tempProject()) });

    expect(storyOf(events)).toEqual(["step_start", "text_delta", "llm_usage", "message:assistant", "step_finish", "turn_end"]);
    const deltas = events.flatMap((e) => (e.type === "text_delta" ? [e.text] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("Hello there, nothing to run.");
    expect(result.stopReason).toBe("stop");
    expect(result.rawStopReason).toBe("end_turn");
    expect(result.response).toBe("Hello there, nothing to run.");
    expect(result.newMessages).toEqual([{ role: "assistant", content: [{ type: "text", text: "Hello there, nothing to run." }] }]);
    expect(result.aggregates).toMatchObject({ toolCallCount: 0, toolNames: [], llmCallCount: 1, usage: { input: 12, output: 7, cacheRead: 0, cacheWrite: 0 } });

    const [req] = requestsSince(before);
    expect(req!.body.system[0].text).toBe("You are a test agent.");
    expect(req!.body.messages).toEqual([{ role: "user", content: [{ type: "text", text: "say hello", cache_control: { type: "ephemeral" } }] }]);
    expect(req!.body.tools.map((t: { name: string }) => t.name)).toEqual(["read", "write", "edit", "bash", "grep", "find", "ls"]);
  });

  test("bash, then read, then an answer: real tools run and their output goes back to the model", async () => {
    const dir = tempProject();
    mock.push(
      toolCall("bash", { command: "printf 'kit was here\\n' > note.txt && echo wrote note" }),
      toolCall("read", { path: "note.txt" }),
      text("The note says: kit was here."),
    );
    const before = mock.requests.length;
    const { events, result } = await drive({ mock, tools: coreTools(dir) });

    expect(readFileSync(join(dir, "note.txt"), "utf8")).toBe("kit was here\n");
    expect(result.stopReason).toBe("stop");
    expect(result.response).toBe("The note says: kit was here.");
    expect(result.newMessages.map((m) => m.role)).toEqual(["assistant", "tool", "assistant", "tool", "assistant"]);

    const toolStep = ["step_start", "tool_call_start", "tool_call_delta", "tool_call_end", "llm_usage", "message:assistant", "step_finish"];
    expect(storyOf(events)).toEqual([
      ...toolStep,
      "tool_execution_start",
      "tool_output",
      "tool_execution_end",
      "message:tool",
      ...toolStep,
      "tool_execution_start",
      "tool_execution_end",
      "message:tool",
      "step_start",
      "text_delta",
      "llm_usage",
      "message:assistant",
      "step_finish",
      "turn_end",
    ]);
    // Every streamed event carries the step it belongs to, and each call has its own llm_usage.
    expect(events.flatMap((e) => (e.type === "llm_usage" ? [e.info.step] : []))).toEqual([0, 1, 2]);
    expect(events.flatMap((e) => (e.type === "step_finish" ? [[e.step, e.hasToolCalls, e.finishReason]] : []))).toEqual([
      [0, true, "tool_calls"],
      [1, true, "tool_calls"],
      [2, false, "stop"],
    ]);
    const output = events.flatMap((e) => (e.type === "tool_output" ? [e.chunk] : [])).join("");
    expect(output).toContain("wrote note");

    const [bashCall] = callsOf(result.newMessages[0]!);
    const [readCall] = callsOf(result.newMessages[2]!);
    expect(bashCall!.name).toBe("bash");
    expect(JSON.parse(bashCall!.input)).toEqual({ command: "printf 'kit was here\\n' > note.txt && echo wrote note" });
    expect(readCall!.name).toBe("read");

    // The model sees each result as a tool_result for its own call id.
    const reqs = requestsSince(before);
    expect(reqs).toHaveLength(3);
    const [sentBash] = toolResultsSent(reqs[1]!.body);
    expect(sentBash!.tool_use_id).toBe(bashCall!.id);
    expect(contentText(sentBash!.content)).toContain("wrote note");
    expect(sentBash!.is_error).toBeUndefined();
    const [sentRead] = toolResultsSent(reqs[2]!.body);
    expect(sentRead!.tool_use_id).toBe(readCall!.id);
    expect(contentText(sentRead!.content)).toContain("kit was here");
    // The whole conversation is sent each time: user, assistant, tool, assistant, tool.
    expect(reqs[2]!.body.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
  });
});

describe("tool calls in one step", () => {
  test("read-only calls run together, others alone and in order; results keep call order", async () => {
    const log: string[] = [];
    let releaseSlow!: () => void;
    const fastDone = new Promise<void>((resolve) => (releaseSlow = resolve));
    // `slow` finishes only after `fast` has finished, or after 3 s if it never started (run serially).
    const slow = fakeTool({
      name: "slow",
      readOnly: true,
      async execute() {
        log.push("slow:start");
        const waited = await Promise.race([fastDone.then(() => "released"), Bun.sleep(3000).then(() => "gave up")]);
        log.push("slow:end");
        return { content: `slow ${waited}` };
      },
    });
    const fast = fakeTool({
      name: "fast",
      readOnly: true,
      async execute() {
        log.push("fast:start");
        await Bun.sleep(1);
        log.push("fast:end");
        releaseSlow();
        return { content: "fast done" };
      },
    });
    const write = fakeTool({
      name: "mutate",
      async execute(args) {
        log.push(`mutate${args.id}:start`);
        await Bun.sleep(1);
        log.push(`mutate${args.id}:end`);
        return { content: `mutated ${args.id}` };
      },
    });
    const after = fakeTool({
      name: "after",
      readOnly: true,
      async execute() {
        log.push("after:start");
        log.push("after:end");
        return { content: "after done" };
      },
    });
    mock.push(
      {
        kind: "reply",
        toolCalls: [
          { name: "slow", input: {} },
          { name: "fast", input: {} },
          { name: "mutate", input: { id: "1" } },
          { name: "mutate", input: { id: "2" } },
          { name: "after", input: {} },
        ],
      },
      text("all done"),
    );
    const before = mock.requests.length;
    const { result } = await drive({ mock, tools: [slow, fast, write, after] });

    expect(log).toEqual([
      "slow:start",
      "fast:start",
      "fast:end",
      "slow:end",
      "mutate1:start",
      "mutate1:end",
      "mutate2:start",
      "mutate2:end",
      "after:start",
      "after:end",
    ]);
    const results = resultsOf(result.newMessages[1]!);
    expect(results.map((r) => textOfContent(r.content))).toEqual(["slow released", "fast done", "mutated 1", "mutated 2", "after done"]);
    const calls = callsOf(result.newMessages[0]!);
    expect(results.map((r) => r.toolCallId)).toEqual(calls.map((c) => c.id));
    const sent = toolResultsSent(requestsSince(before)[1]!.body);
    expect(sent.map((r) => r.tool_use_id)).toEqual(calls.map((c) => c.id));
    expect(sent.map((r) => contentText(r.content))).toEqual(["slow released", "fast done", "mutated 1", "mutated 2", "after done"]);
  });

  test("the real read, grep, find and ls all start before any of them finishes", async () => {
    const dir = tempProject({ "src/a.ts": "export const answer = 42;\n", "src/b.ts": "export const other = 1;\n", "README.md": "# demo\n" });
    mock.push(
      {
        kind: "reply",
        toolCalls: [
          { name: "read", input: { path: "src/a.ts" } },
          { name: "grep", input: { pattern: "answer" } },
          { name: "find", input: { pattern: "*.ts" } },
          { name: "ls", input: { path: "src" } },
        ],
      },
      text("found it"),
    );
    const { events, result } = await drive({ mock, tools: coreTools(dir) });
    const execution = events.filter((e) => e.type === "tool_execution_start" || e.type === "tool_execution_end");
    expect(execution.map((e) => e.type)).toEqual([
      "tool_execution_start",
      "tool_execution_start",
      "tool_execution_start",
      "tool_execution_start",
      "tool_execution_end",
      "tool_execution_end",
      "tool_execution_end",
      "tool_execution_end",
    ]);
    const results = resultsOf(result.newMessages[1]!);
    expect(results.map((r) => r.name)).toEqual(["read", "grep", "find", "ls"]);
    expect(results.every((r) => !r.isError)).toBe(true);
    expect(textOfContent(results[0]!.content)).toContain("export const answer = 42;");
    expect(textOfContent(results[1]!.content)).toContain("a.ts");
    expect(textOfContent(results[1]!.content)).not.toContain("b.ts");
    expect(textOfContent(results[2]!.content)).toContain("src/b.ts");
    expect(textOfContent(results[3]!.content)).toContain("a.ts");
  });

  test("a tool that throws becomes an error result with its message, and the turn goes on", async () => {
    const broken = fakeTool({
      name: "flaky",
      async execute() {
        throw new Error("disk on fire: /var is full");
      },
    });
    mock.push(toolCall("flaky", {}), text("I could not do it: the disk is full."));
    const before = mock.requests.length;
    const { events, result } = await drive({ mock, tools: [broken] });
    const end = events.find((e) => e.type === "tool_execution_end");
    expect(end?.type === "tool_execution_end" && end.result).toMatchObject({ isError: true, content: "disk on fire: /var is full", name: "flaky" });
    const [sent] = toolResultsSent(requestsSince(before)[1]!.body);
    expect(sent).toMatchObject({ is_error: true });
    expect(contentText(sent!.content)).toBe("disk on fire: /var is full");
    expect(result.stopReason).toBe("stop");
    expect(result.response).toBe("I could not do it: the disk is full.");
  });

  test("an unknown tool and unparsable arguments are error results the model recovers from", async () => {
    const dir = tempProject({ "x.txt": "x\n" });
    mock.push(
      {
        kind: "reply",
        toolCalls: [
          { name: "teleport", input: { to: "mars" } },
          { name: "read", input: '{"path": "x.txt", ' },
        ],
      },
      toolCall("read", { path: "x.txt" }),
      text("Recovered: x.txt holds x."),
    );
    const before = mock.requests.length;
    const { events, result } = await drive({ mock, tools: coreTools(dir) });

    const sent = toolResultsSent(requestsSince(before)[1]!.body);
    expect(sent).toHaveLength(2);
    expect(sent.every((r) => r.is_error === true)).toBe(true);
    expect(contentText(sent[0]!.content)).toContain('Unknown tool "teleport"');
    expect(contentText(sent[0]!.content)).toContain("read, write, edit, bash, grep, find, ls");
    expect(contentText(sent[1]!.content)).toContain("Invalid arguments for read");
    // Neither call ran a tool; only the corrected read of the next step did.
    expect(events.filter((e) => e.type === "tool_execution_start")).toHaveLength(1);
    const [retried] = toolResultsSent(requestsSince(before)[2]!.body);
    expect(retried!.is_error).toBeUndefined();
    expect(contentText(retried!.content)).toContain("x");
    expect(result.stopReason).toBe("stop");
    expect(result.response).toBe("Recovered: x.txt holds x.");
    expect(result.aggregates.toolNames).toEqual(["teleport", "read", "read"]);
  });
});
