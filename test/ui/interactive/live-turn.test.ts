import { describe, expect, test } from "bun:test";
import type { AgentEvent } from "../../../src/agent/types.ts";
import type { ToolCallPart } from "../../../src/llm/types.ts";
import { LiveTurn } from "../../../src/modes/interactive/live-turn.ts";
import { plain } from "../components/support.ts";

/** A live turn whose commits and notices are recorded, at a width that can change. */
function turn(width = 40, warned = new Set<string>()) {
  const committed: string[] = [];
  const notices: string[] = [];
  const size = { width };
  const live = new LiveTurn({
    commit: (lines) => committed.push(...lines),
    notice: (kind, text) => notices.push(`${kind}: ${text}`),
    changed: () => {},
    usage: () => {},
    width: () => size.width,
    theme: () => plain,
    cwd: "/project",
    toolRenderer: () => undefined,
  }, warned);
  return { live, committed, notices, size };
}

const call = (id: string, command: string): ToolCallPart => ({ type: "tool_call", id, name: "bash", input: JSON.stringify({ command }) });
const text = (t: string): AgentEvent => ({ type: "text_delta", text: t });

describe("LiveTurn", () => {
  test("finished Markdown blocks of a streamed answer go to the scrollback at once; the open one stays live", () => {
    const { live, committed } = turn();
    live.handle(text("First paragraph.\n\nSecond para"));
    expect(committed).toEqual(["", "First paragraph."]);
    expect(live.lines()).toEqual(["", "Second para"]);
    live.handle(text("graph.\n\nThird."));
    expect(committed).toEqual(["", "First paragraph.", "", "Second paragraph."]);
    expect(live.lines()).toEqual(["", "Third."]);
    live.handle({ type: "step_finish", step: 0, hasToolCalls: false, finishReason: "stop", usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } });
    expect(committed).toEqual(["", "First paragraph.", "", "Second paragraph.", "", "Third."]);
    expect(live.lines()).toEqual([]);
    expect(live.empty).toBe(true);
  });

  test("an answer's paragraph taller than the rows given sends its earlier lines to the scrollback as it streams", () => {
    const { live, committed } = turn();
    const lines = Array.from({ length: 200 }, (_, i) => `row ${i + 1}`);
    const text = lines.join("\n");
    for (let i = 0; i < text.length; i += 9) {
      live.handle({ type: "text_delta", text: text.slice(i, i + 9) });
      expect(live.lines(12).length).toBeLessThanOrEqual(12);
    }
    expect(committed.length).toBeGreaterThan(150);
    live.handle({ type: "step_finish", step: 0, hasToolCalls: false, finishReason: "stop", usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } });
    // Every row reached the scrollback once, in order, after the answer's one blank line.
    expect(committed).toEqual(["", ...lines]);
  });

  test("a tool block is live while it runs (with its streamed output) and is committed, in order, when it ends", () => {
    const { live, committed } = turn();
    live.handle(text("Let me look."));
    live.handle({ type: "tool_call_start", id: "t1", name: "bash" });
    live.handle({ type: "tool_call_delta", id: "t1", delta: '{"command":"ls"}' });
    // The answer before the call is finished by it.
    expect(committed).toEqual(["", "Let me look."]);
    live.handle({ type: "tool_execution_start", call: call("t1", "ls"), tool: undefined });
    live.handle({ type: "tool_output", call: call("t1", "ls"), chunk: "a.txt\n", isStderr: false });
    expect(live.lines()).toEqual(["", "● Bash ls", "│ a.txt"]);
    live.handle({ type: "tool_execution_end", call: call("t1", "ls"), result: { type: "tool_result", toolCallId: "t1", name: "bash", content: "a.txt\nb.txt", isError: false } });
    expect(committed.slice(2)).toEqual(["", "● Bash ls", "│ a.txt", "│ b.txt"]);
    expect(live.lines()).toEqual([]);
  });

  test("a finished call waits for an earlier one still running, so the scrollback keeps the order", () => {
    const { live, committed } = turn();
    live.handle({ type: "tool_call_start", id: "a", name: "bash" });
    live.handle({ type: "tool_call_start", id: "b", name: "bash" });
    live.handle({ type: "tool_execution_end", call: call("b", "second"), result: { type: "tool_result", toolCallId: "b", name: "bash", content: "B", isError: false } });
    expect(committed).toEqual([]);
    live.handle({ type: "tool_execution_end", call: call("a", "first"), result: { type: "tool_result", toolCallId: "a", name: "bash", content: "A", isError: true } });
    expect(committed.filter((l) => l.startsWith("│"))).toEqual(["│ A", "│ B"]);
  });

  test("the turn's end commits what is left; a call that never ran is marked cancelled", () => {
    const { live, committed } = turn();
    live.handle(text("Partial answ"));
    live.handle({ type: "tool_call_start", id: "t", name: "bash" });
    live.finish();
    expect(committed).toEqual(["", "Partial answ", "", "● Bash", "│ cancelled"]);
    expect(live.lines()).toEqual([]);
  });

  test("reasoning streams expanded and is committed as one collapsed line", () => {
    const { live, committed } = turn(60);
    live.handle({ type: "reasoning_start", id: "r" });
    live.handle({ type: "reasoning_delta", text: "Thinking about the files." });
    expect(live.lines()).toEqual(["", "▾ Thinking…", "  Thinking about the files."]);
    live.handle(text("Answer."));
    expect(committed[1]).toMatch(/^▸ Thought for \ds Thinking about the files\.$/);
  });

  test("after a resize, lines already in the scrollback are not sent again", () => {
    const { live, committed, size } = turn(40);
    live.handle(text("One two three four five six seven eight nine ten.\n\nTail"));
    expect(committed).toEqual(["", "One two three four five six seven eight", "nine ten."]);
    size.width = 20;
    expect(live.lines()).toEqual(["", "Tail"]);
    live.handle(text(" end.\n\n"));
    expect(committed.slice(3)).toEqual(["", "Tail end."]);
  });

  test("provider warnings are shown once per session (the same advice comes with every call), retries as they happen", () => {
    const warned = new Set<string>();
    const first = turn(40, warned);
    first.live.handle({ type: "warning", message: "model deprecated" });
    first.live.handle({ type: "warning", message: "model deprecated" });
    const second = turn(40, warned);
    second.live.handle({ type: "warning", message: "model deprecated" });
    second.live.handle({ type: "retry", attempt: 1, delayMs: 1500, error: { kind: "overloaded", message: "busy", retryable: true } as never });
    expect(first.notices).toEqual(["warning: model deprecated"]);
    expect(second.notices).toEqual(["warning: overloaded: busy; retrying in 1.5 s (attempt 1)"]);
  });
});
