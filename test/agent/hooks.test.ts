/**
 * The hooks through which the app steps into a turn (beforeToolCall, afterToolResult, prepareStep),
 * driven through the real Anthropic adapter against mock-llm with the real built-in tools: what the
 * model receives when a hook blocks, rewrites or fails, and what a hook can and cannot change.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Message } from "../../src/llm/types.ts";
import { text, toolCall } from "../support/mock-llm.ts";
import {
  contentText,
  coreTools,
  drive,
  tempProject,
  textOfContent,
  toolResultsSent,
  userMessage,
} from "./harness.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";

const mock = useMockLLM();

/** Requests this test made (the server is shared by the file). */
function requestsSince(before: number) {
  return mock.requests.slice(before);
}

describe("hooks", () => {
  test("beforeToolCall blocks a call: the tool never runs and the model reads the reason", async () => {
    const dir = tempProject();
    const seen: [string, Record<string, unknown> | null][] = [];
    mock.push(toolCall("bash", { command: "touch pwned" }), text("Understood, I will not run it."));
    const before = mock.requests.length;
    const { events, result } = await drive({
      mock,
      tools: coreTools(dir),
      hooks: {
        beforeToolCall(call, args) {
          seen.push([call.name, args]);
          return { block: true, reason: "shell commands are disabled in this project" };
        },
      },
    });
    expect(seen).toEqual([["bash", { command: "touch pwned" }]]);
    expect(existsSync(join(dir, "pwned"))).toBe(false);
    expect(events.some((e) => e.type === "tool_execution_start")).toBe(false);
    const [sent] = toolResultsSent(requestsSince(before)[1]!.body);
    expect(sent).toMatchObject({ is_error: true });
    expect(contentText(sent!.content)).toBe("Blocked: shell commands are disabled in this project");
    expect(result.response).toBe("Understood, I will not run it.");
  });

  test("a beforeToolCall hook that throws blocks the call (fail closed)", async () => {
    const dir = tempProject();
    mock.push(toolCall("bash", { command: "touch pwned" }), text("ok"));
    const before = mock.requests.length;
    await drive({
      mock,
      tools: coreTools(dir),
      hooks: {
        async beforeToolCall() {
          throw new Error("policy service unreachable");
        },
      },
    });
    expect(existsSync(join(dir, "pwned"))).toBe(false);
    const [sent] = toolResultsSent(requestsSince(before)[1]!.body);
    expect(sent).toMatchObject({ is_error: true });
    expect(contentText(sent!.content)).toBe("Blocked: policy service unreachable");
  });

  test("beforeToolCall gets null arguments for a call whose JSON does not parse", async () => {
    const seen: (Record<string, unknown> | null)[] = [];
    mock.push(toolCall("bash", '{"command": "ls'), text("ok"));
    await drive({ mock, tools: coreTools(tempProject()), hooks: { beforeToolCall: (_c, args) => void seen.push(args) } });
    expect(seen).toEqual([null]);
  });

  test("afterToolResult rewrites what the model receives and what the events report", async () => {
    const dir = tempProject({ ".env": "API_TOKEN=sk-live-123456\n" });
    mock.push(toolCall("read", { path: ".env" }), text("The file holds a token."));
    const before = mock.requests.length;
    const { events, result } = await drive({
      mock,
      tools: coreTools(dir),
      hooks: {
        afterToolResult(_call, r) {
          return { ...r, content: textOfContent(r.content).replace(/sk-live-\d+/g, "[redacted]") };
        },
      },
    });
    const [sent] = toolResultsSent(requestsSince(before)[1]!.body);
    expect(contentText(sent!.content)).toContain("API_TOKEN=[redacted]");
    expect(JSON.stringify(requestsSince(before)[1]!.body)).not.toContain("sk-live");
    const end = events.find((e) => e.type === "tool_execution_end");
    expect(end?.type === "tool_execution_end" ? textOfContent(end.result.content) : "").toContain("[redacted]");
    expect(JSON.stringify(result.newMessages)).not.toContain("sk-live");
  });

  test("an afterToolResult hook that throws hides the result and reports an error result instead", async () => {
    const dir = tempProject({ "secret.txt": "hunter2\n" });
    mock.push(toolCall("read", { path: "secret.txt" }), text("ok"));
    const before = mock.requests.length;
    const { result } = await drive({
      mock,
      tools: coreTools(dir),
      hooks: {
        afterToolResult() {
          throw new Error("redaction service down");
        },
      },
    });
    const [sent] = toolResultsSent(requestsSince(before)[1]!.body);
    expect(sent).toMatchObject({ is_error: true });
    expect(contentText(sent!.content)).toContain("redaction service down");
    expect(JSON.stringify(mock.requests.slice(before))).not.toContain("hunter2");
    expect(result.stopReason).toBe("stop");
  });

  test("prepareStep replaces the context of one call only; the turn's own messages are untouched", async () => {
    const dir = tempProject({ "a.txt": "alpha\n" });
    mock.push(toolCall("read", { path: "a.txt" }), text("alpha it is"));
    const before = mock.requests.length;
    const stepsSeen: [number, string[]][] = [];
    const { result } = await drive({
      mock,
      tools: coreTools(dir),
      messages: [userMessage("an old question"), { role: "assistant", content: [{ type: "text", text: "an old answer" }] }, userMessage("read a.txt")],
      hooks: {
        prepareStep(step, messages) {
          stepsSeen.push([step, messages.map((m) => m.role)]);
          // Step 0 only: drop the old exchange (as a compaction would) and keep the new request.
          if (step === 0) return [userMessage("[summary: earlier chat about nothing]"), messages[messages.length - 1]!];
        },
      },
    });
    expect(stepsSeen).toEqual([
      [0, ["user", "assistant", "user"]],
      [1, ["user", "assistant", "user", "assistant", "tool"]],
    ]);
    const [first, second] = requestsSince(before);
    const firstText = JSON.stringify(first!.body.messages);
    expect(firstText).toContain("[summary: earlier chat about nothing]");
    expect(firstText).not.toContain("an old question");
    // The next call goes back to the real context, which still has the old exchange.
    const secondText = JSON.stringify(second!.body.messages);
    expect(secondText).toContain("an old question");
    expect(secondText).not.toContain("[summary");
    expect(second!.body.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(result.newMessages.map((m: Message) => m.role)).toEqual(["assistant", "tool", "assistant"]);
    expect(JSON.stringify(result.newMessages)).not.toContain("[summary");
  });

  test("prepareStep that edits the array it was given in place still changes only that call", async () => {
    const dir = tempProject({ "a.txt": "alpha\n" });
    mock.push(toolCall("read", { path: "a.txt" }), text("done"));
    const before = mock.requests.length;
    const { result } = await drive({
      mock,
      tools: coreTools(dir),
      messages: [userMessage("an old question"), { role: "assistant", content: [{ type: "text", text: "an old answer" }] }, userMessage("read a.txt")],
      hooks: {
        prepareStep(step, messages) {
          if (step === 0) messages.splice(0, 2);
          return messages;
        },
      },
    });
    const [first, second] = requestsSince(before);
    expect(first!.body.messages).toHaveLength(1);
    expect(JSON.stringify(second!.body.messages)).toContain("an old question");
    expect(second!.body.messages).toHaveLength(5);
    expect(result.newMessages.map((m: Message) => m.role)).toEqual(["assistant", "tool", "assistant"]);
  });
});

describe("toolExecuted", () => {
  test("comes after the consumer has taken the call's every event (its last output), and before afterToolResult", async () => {
    const order: string[] = [];
    const quick = {
      name: "quick",
      description: "reports progress and returns at once",
      parameters: { type: "object", properties: {} },
      kind: "execute" as const,
      readOnly: false,
      async execute(_args: Record<string, unknown>, ctx: { onOutput(chunk: string, isStderr: boolean): void }) {
        ctx.onOutput("working\n", false);
        return { content: "done" };
      },
    };
    mock.push(toolCall("quick", {}), text("ok"));
    await drive({
      mock,
      tools: [quick],
      hooks: {
        toolExecuted: (call, result) => order.push(`executed ${call.name} ${contentText(result.content)}`),
        afterToolResult: () => void order.push("afterToolResult"),
      },
      onEvent: (e) => {
        if (e.type === "tool_output" || e.type === "tool_execution_end") order.push(e.type);
      },
    });
    expect(order).toEqual(["tool_output", "executed quick done", "afterToolResult", "tool_execution_end"]);
  });
});

describe("steering", () => {
  /** A tool whose first run has the user say `said` into the turn (as Enter while it runs does). */
  const typingTool = (inbox: Message[], said: string) => {
    let runs = 0;
    return {
      name: "slow",
      description: "the user types while it runs",
      parameters: { type: "object", properties: {} },
      kind: "execute" as const,
      readOnly: false,
      async execute() {
        if (runs++ === 0) inbox.push(userMessage(said));
        return { content: "slow done" };
      },
    };
  };

  test("a message sent while a tool runs joins the context after its result, and the next call sees it", async () => {
    const inbox: Message[] = [];
    mock.push(toolCall("slow", {}), toolCall("slow", {}), text("heard you"));
    const before = mock.requests.length;
    const { events, result } = await drive({ mock, tools: [typingTool(inbox, "use the other file")], hooks: { steering: () => inbox.splice(0) } });
    const [first, second, third] = requestsSince(before);
    expect(JSON.stringify(first!.body.messages)).not.toContain("use the other file");
    // After the first tool's result, before the second call (Anthropic's wire puts both in the last user turn).
    const last = JSON.stringify((second!.body.messages as unknown[]).at(-1));
    expect(last).toContain("use the other file");
    expect(last.indexOf("slow done")).toBeLessThan(last.indexOf("use the other file"));
    expect(JSON.stringify(third!.body.messages)).toContain("use the other file");
    expect(result.newMessages.map((m) => m.role)).toEqual(["assistant", "tool", "user", "assistant", "tool", "assistant"]);
    // The message is reported before the step whose call it joins.
    const story = events.flatMap((e) => (e.type === "message" ? [`message:${e.message.role}`] : e.type === "step_start" ? ["step_start"] : []));
    expect(story).toEqual(["step_start", "message:assistant", "message:tool", "message:user", "step_start", "message:assistant", "message:tool", "step_start", "message:assistant"]);
    expect(result.stopReason).toBe("stop");
  });

  test("a message waiting when the model finishes keeps the turn going: the model answers it in the same turn", async () => {
    const inbox: Message[] = [];
    let typed = false;
    mock.push(text("first answer"), text("answer to the afterthought"));
    const before = mock.requests.length;
    const { result } = await drive({
      mock,
      hooks: { steering: () => inbox.splice(0) },
      onEvent: (e) => {
        if (e.type !== "text_delta" || typed) return;
        inbox.push(userMessage("and one more thing"));
        typed = true;
      },
    });
    expect(requestsSince(before)).toHaveLength(2);
    expect(JSON.stringify(requestsSince(before)[1]!.body.messages)).toContain("and one more thing");
    expect(result.response).toBe("answer to the afterthought");
    expect(result.newMessages.map((m) => m.role)).toEqual(["assistant", "user", "assistant"]);
  });
});
