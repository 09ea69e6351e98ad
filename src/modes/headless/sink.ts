import { toolResultText } from "../../llm/message-text.ts";
import type { AgentEvent, TurnResult } from "../../agent/types.ts";
import type { Message, Part } from "../../llm/types.ts";

export interface RunInfo {
  sessionId: string;
  /** "" for in-memory sessions. */
  sessionPath: string;
  /** "provider/model" */
  model: string;
  cwd: string;
  /** Paid by a subscription (a GitHub Copilot login), not per token: costs are reported as 0 with `billing`. */
  subscription?: boolean;
}

export interface RunSummary {
  info: RunInfo;
  result: TurnResult;
  exitCode: number;
  /** The whole conversation of the run: the user message and everything the turn added. */
  messages: Message[];
  /** Set when the run failed: what went wrong and what to do next. */
  error?: { kind: string; message: string };
}

/** What a headless run prints (spec/cli.md, Output of a headless run): --output, --json, --quiet or text. */
export type HeadlessFormat = "text" | "quiet" | "json" | "stream-json";

/** One output format of a headless run (spec/cli.md, Output of a headless run). */
export interface HeadlessSink {
  start(info: RunInfo): void;
  event(ev: AgentEvent): void;
  /** A warning or notice from kit itself (not the model). */
  notice(text: string): void;
  /** Before other output (an extension's print) goes to stdout: end a line of streamed answer text. */
  startLine?(): void;
  finish(summary: RunSummary): void;
}

/** The `--json` object; `stream-json` ends with the same fields in its `result` event. */
export function resultObject(s: RunSummary): Record<string, unknown> {
  const { usage, cost, costKnown } = s.result.aggregates;
  return {
    response: s.result.response,
    model: s.info.model,
    stop_reason: stopReasonWord(s.result),
    session_id: s.info.sessionId,
    usage: {
      input_tokens: usage.input,
      output_tokens: usage.output,
      total_tokens: usage.input + usage.output + usage.cacheRead + usage.cacheWrite,
      cache_read_tokens: usage.cacheRead,
      cache_creation_tokens: usage.cacheWrite,
      // null, not 0, when any call had no known price: an unknown cost is never reported as free.
      // A subscription costs nothing per run: 0, with `billing` saying why (the UI shows "subscription").
      cost_usd: s.info.subscription ? 0 : costKnown ? roundUsd(cost) : null,
      ...(s.info.subscription ? { billing: "subscription" } : {}),
    },
    messages: s.messages.map(jsonMessage),
    ...(s.error ? { error: s.error } : {}),
  };
}

/** The provider's finish word when the model answered, else kit's reason ("refusal", "max_steps", "cancelled", "error"). */
export function stopReasonWord(r: TurnResult): string {
  return r.stopReason === "stop" || r.stopReason === "length" ? r.rawStopReason || r.stopReason : r.stopReason;
}

function roundUsd(n: number): number {
  return Math.round(n * 1e8) / 1e8;
}

function jsonMessage(m: Message): { role: string; parts: { type: string; data: unknown }[] } {
  return { role: m.role, parts: m.content.flatMap(jsonPart) };
}

function jsonPart(p: Part): { type: string; data: unknown }[] {
  switch (p.type) {
    case "text":
      return [{ type: "text", data: { text: p.text } }];
    case "reasoning":
      return p.redacted ? [] : [{ type: "reasoning", data: { text: p.text } }];
    case "tool_call":
      return [{ type: "tool_call", data: { id: p.id, name: p.name, input: p.input, args: toolCallArgs(p.input) } }];
    case "tool_result":
      return [{ type: "tool_result", data: { tool_call_id: p.toolCallId, name: p.name, content: toolResultText(p.content), is_error: p.isError } }];
    case "image":
      return [{ type: "image", data: { media_type: p.mediaType, bytes: Math.floor((p.data.length * 3) / 4) } }];
  }
}

/**
 * A tool call's input as an object (`args` beside `input`, the JSON text kept for compatibility), so
 * consumers need not decode it twice; null when the model sent input that is not valid JSON.
 */
export function toolCallArgs(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch {
    return null;
  }
}
