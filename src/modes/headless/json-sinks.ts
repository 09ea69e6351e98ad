import { toolResultText } from "../../llm/message-text.ts";
import type { AgentEvent } from "../../agent/types.ts";
import { llmUsagePayload } from "../../app/turn-events.ts";
import { resultObject, toolCallArgs, type HeadlessSink, type RunInfo, type RunSummary } from "./sink.ts";
import type { HeadlessStdio } from "./stdio.ts";

/** `--json`: nothing until the end, then one object; errors as one JSON line on stderr. */
export function jsonSink({ out, err }: HeadlessStdio): HeadlessSink {
  return {
    start() {},
    event() {},
    notice() {},
    finish(s: RunSummary) {
      if (s.error) err(JSON.stringify({ error: s.error }) + "\n");
      out(JSON.stringify(resultObject(s)) + "\n");
    },
  };
}

/** `--output stream-json`: one flushed JSON line per event, `session` first and `result` always last. */
export function streamJsonSink({ out, err }: HeadlessStdio): HeadlessSink {
  const emit = (type: string, fields: Record<string, unknown> = {}) => out(JSON.stringify({ type, v: 1, ...fields }) + "\n");
  let subscription = false;
  return {
    start(info: RunInfo) {
      subscription = info.subscription === true;
      emit("session", { id: info.sessionId, path: info.sessionPath, model: info.model, cwd: info.cwd });
      emit("turn_start");
    },
    event(ev: AgentEvent) {
      switch (ev.type) {
        case "text_delta":
          emit("text_delta", { text: ev.text });
          break;
        case "reasoning_delta":
          emit("reasoning_delta", { text: ev.text });
          break;
        case "message":
          // The complete assistant message carries each call's full input, before any of them runs.
          for (const p of ev.message.role === "assistant" ? ev.message.content : []) {
            if (p.type === "tool_call") emit("tool_call", { id: p.id, name: p.name, input: p.input, args: toolCallArgs(p.input) });
          }
          break;
        case "tool_output":
          emit("tool_output", { id: ev.call.id, chunk: ev.chunk, is_stderr: ev.isStderr });
          break;
        case "tool_execution_end":
          emit("tool_result", { id: ev.call.id, name: ev.call.name, content: toolResultText(ev.result.content), is_error: ev.result.isError });
          break;
        case "llm_usage":
          // A subscription's call costs 0 (as in the result's usage), whatever the catalogue's price.
          if (subscription) emit("llm_usage", { ...llmUsagePayload(ev.info), cost: 0, costKnown: true, billing: "subscription" });
          else emit("llm_usage", { ...llmUsagePayload(ev.info), costKnown: ev.info.cost !== undefined });
          break;
        case "retry":
          emit("retry", { attempt: ev.attempt, delay_ms: ev.delayMs, error: `${ev.error.kind}: ${ev.error.message}` });
          break;
      }
    },
    notice() {},
    finish(s: RunSummary) {
      if (s.error) err(JSON.stringify({ error: s.error }) + "\n");
      emit("turn_end", { stop_reason: resultObject(s).stop_reason });
      emit("result", { ...resultObject(s), exit_code: s.exitCode });
    },
  };
}
