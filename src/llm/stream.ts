import { classifyError } from "./errors.ts";
import type { Message, Part, StopReason, StreamEvent, ToolCallPart, Usage } from "./types.ts";

/**
 * What a provider adapter yields while translating its SDK's stream. The adapter only translates;
 * `assembleStream` builds the final message, tracks usage, and guarantees the protocol's ending
 * (exactly one `done` or `error`, never a throw), so that logic exists once for every wire.
 */
export type RawEvent =
  | { type: "start"; requestId: string }
  | { type: "text_delta"; text: string }
  | { type: "reasoning_start"; id: string }
  | { type: "reasoning_delta"; text: string }
  /** Signature (or encrypted content) of the current reasoning block; `redacted` for opaque thinking. */
  | { type: "reasoning_signature"; signature: string; redacted?: boolean; id?: string }
  | { type: "tool_call_start"; id: string; name: string }
  | { type: "tool_call_delta"; id: string; delta: string }
  /** `input` given when the provider reports the complete arguments at the end (replaces the deltas). */
  | { type: "tool_call_end"; id: string; input?: string }
  /** Usage figures as reported so far; later reports overwrite the fields they carry. */
  | { type: "usage"; usage: Partial<Usage> }
  | { type: "finish"; rawStopReason: string; model?: string }
  | { type: "warning"; message: string };

export async function* assembleStream(
  raw: AsyncIterable<RawEvent>,
  signal: AbortSignal | undefined,
  model: string,
): AsyncIterable<StreamEvent> {
  const parts: Part[] = [];
  const usage: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  const toolCalls = new Map<string, ToolCallPart>();
  let requestId = "";
  let rawStopReason = "";
  let finalModel = model;
  let finished = false;
  let last: Part | undefined;

  try {
    for await (const ev of raw) {
      switch (ev.type) {
        case "start":
          requestId = ev.requestId;
          yield ev;
          break;
        case "warning":
          yield ev;
          break;
        case "text_delta":
          if (!ev.text) break;
          if (last?.type === "text") last.text += ev.text;
          else parts.push((last = { type: "text", text: ev.text }));
          yield ev;
          break;
        case "reasoning_start":
          parts.push((last = { type: "reasoning", text: "" }));
          yield ev;
          break;
        case "reasoning_delta":
          if (last?.type !== "reasoning") parts.push((last = { type: "reasoning", text: "" }));
          last.text += ev.text;
          yield ev;
          break;
        case "reasoning_signature": {
          if (last?.type !== "reasoning") parts.push((last = { type: "reasoning", text: "" }));
          last.signature = ev.signature;
          if (ev.redacted) last.redacted = true;
          if (ev.id) last.id = ev.id;
          break;
        }
        case "tool_call_start": {
          const call: ToolCallPart = { type: "tool_call", id: ev.id, name: ev.name, input: "" };
          toolCalls.set(ev.id, call);
          parts.push((last = call));
          yield ev;
          break;
        }
        case "tool_call_delta": {
          const call = toolCalls.get(ev.id);
          if (call) call.input += ev.delta;
          yield ev;
          break;
        }
        case "tool_call_end": {
          const call = toolCalls.get(ev.id);
          if (call && ev.input !== undefined) call.input = ev.input;
          if (call && call.input.trim() === "") call.input = "{}";
          yield { type: "tool_call_end", id: ev.id };
          break;
        }
        case "usage":
          Object.assign(usage, definedOnly(ev.usage));
          break;
        case "finish":
          finished = true;
          rawStopReason = ev.rawStopReason;
          if (ev.model) finalModel = ev.model;
          break;
      }
    }
  } catch (err) {
    yield { type: "error", error: classifyError(err, signal), usage, ...partialOf(parts) };
    return;
  }
  if (signal?.aborted) {
    yield { type: "error", error: { kind: "aborted", message: "request cancelled" }, usage, ...partialOf(parts) };
    return;
  }
  if (!finished) {
    // The body ended cleanly but without the wire's end of response: a connection cut short, so the
    // partial message must not pass for a complete one (and the call is worth retrying).
    yield { type: "error", error: { kind: "network", message: "the stream ended before the response was complete" }, usage, ...partialOf(parts) };
    return;
  }
  const stopReason: StopReason = toolCalls.size > 0 ? "tool_calls" : normaliseStopReason(rawStopReason);
  yield {
    type: "done",
    message: { role: "assistant", content: parts },
    usage,
    stopReason,
    rawStopReason: rawStopReason || "stop",
    requestId,
    model: finalModel,
  };
}

/** The text and reasoning received so far; tool calls are left out, since they never ran. */
function partialOf(parts: Part[]): { partial?: Message } {
  const kept = parts.filter((p) => (p.type === "text" && p.text !== "") || (p.type === "reasoning" && p.text !== ""));
  return kept.length ? { partial: { role: "assistant", content: kept } } : {};
}

function definedOnly(u: Partial<Usage>): Partial<Usage> {
  const out: Partial<Usage> = {};
  for (const [k, v] of Object.entries(u)) if (typeof v === "number" && Number.isFinite(v)) out[k as keyof Usage] = v;
  return out;
}

/** Maps every wire's finish words onto the neutral set. */
export function normaliseStopReason(raw: string): StopReason {
  switch (raw) {
    case "tool_use":
    case "tool_calls":
    case "function_call":
      return "tool_calls";
    case "max_tokens":
    case "length":
    case "max_output_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "content_filter":
    case "refusal":
      return "content_filter";
    default:
      return "stop";
  }
}
