/**
 * Anthropic Messages API (POST /v1/messages), JSON and SSE.
 *
 * Facts the official SDK relies on: every SSE frame carries an `event:` line (frames without one are
 * skipped), `event: error` frames become an APIError, `message_delta` must carry `usage` (the
 * accumulator reads usage.output_tokens unconditionally), and a message only counts once
 * `message_stop` arrives.
 */
import { randomId, split, sse, type ErrorSpec, type Reply, type StreamErrorKind, type WireFormat } from "./common.ts";

const DIRECT = { type: "direct" };

const STOP: Record<Reply["stopReason"], string> = { stop: "end_turn", tool_calls: "tool_use", length: "max_tokens", refusal: "refusal" };

const TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  409: "conflict_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

const MESSAGE_BY_TYPE: Record<string, string> = {
  invalid_request_error: "Invalid request",
  authentication_error: "invalid x-api-key",
  permission_error: "Your API key does not have permission to use the specified resource.",
  not_found_error: "Not found",
  request_too_large: "Request exceeds the maximum allowed number of bytes.",
  rate_limit_error: "Number of request tokens has exceeded your per-minute rate limit",
  api_error: "Internal server error",
  overloaded_error: "Overloaded",
};

/** The wording the API really uses when the prompt does not fit the context window. */
const PROMPT_TOO_LONG = "prompt is too long: 212345 tokens > 200000 maximum";

const STREAM_ERROR: Record<StreamErrorKind, [type: string, message: string]> = {
  overloaded: ["overloaded_error", "Overloaded"],
  rate_limit: ["rate_limit_error", MESSAGE_BY_TYPE.rate_limit_error!],
  server: ["api_error", "Internal server error"],
  context_overflow: ["invalid_request_error", PROMPT_TOO_LONG],
};

function usage(r: Reply, output: number) {
  return {
    input_tokens: r.usage.input,
    cache_creation_input_tokens: r.usage.cacheWrite,
    cache_read_input_tokens: r.usage.cacheRead,
    output_tokens: output,
  };
}

/** Tool ids are minted once per reply so the JSON and SSE renderings of one reply would agree. */
function toolIds(r: Reply): string[] {
  return r.toolCalls.map((t) => t.id ?? randomId("toolu_01", 22));
}

function parseInput(args: string): unknown {
  try {
    return JSON.parse(args || "{}");
  } catch {
    // Non-streaming `input` must be an object; a deliberately broken argument string can only stream.
    return {};
  }
}

export const anthropicWire: WireFormat = {
  requestIdHeader: "request-id",
  newRequestId: () => randomId("req_01", 22),
  overloadedStatus: 529,
  keepAliveFrame: sse("ping", { type: "ping" }),

  json(r) {
    const ids = toolIds(r);
    const content: unknown[] = [];
    if (r.reasoning) {
      content.push({ type: "thinking", thinking: r.reasoning.text, signature: r.reasoning.signature ?? defaultSignature() });
    }
    // `citations` and `caller` are required by the SDK's types (generated from the API spec).
    if (r.text !== undefined) content.push({ type: "text", text: r.text, citations: null });
    r.toolCalls.forEach((t, i) =>
      content.push({ type: "tool_use", id: ids[i], name: t.name, input: parseInput(t.args), caller: DIRECT }),
    );
    return {
      id: randomId("msg_01", 22),
      type: "message",
      role: "assistant",
      model: r.model,
      content,
      stop_reason: STOP[r.stopReason],
      stop_sequence: null,
      usage: usage(r, r.usage.output),
    };
  },

  frames(r) {
    const ids = toolIds(r);
    const out: string[] = [];
    const start = {
      id: randomId("msg_01", 22),
      type: "message",
      role: "assistant",
      model: r.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      // The real API reports a token or so here and the final count in message_delta.
      usage: usage(r, Math.min(1, r.usage.output)),
    };
    out.push(sse("message_start", { type: "message_start", message: start }));
    out.push(sse("ping", { type: "ping" }));
    let index = 0;
    const block = (contentBlock: object, deltas: object[]) => {
      out.push(sse("content_block_start", { type: "content_block_start", index, content_block: contentBlock }));
      for (const delta of deltas) out.push(sse("content_block_delta", { type: "content_block_delta", index, delta }));
      out.push(sse("content_block_stop", { type: "content_block_stop", index }));
      index++;
    };
    if (r.reasoning) {
      const deltas: object[] = split(r.reasoning.text, r.chunkSize).map((thinking) => ({ type: "thinking_delta", thinking }));
      deltas.push({ type: "signature_delta", signature: r.reasoning.signature ?? defaultSignature() });
      block({ type: "thinking", thinking: "", signature: "" }, deltas);
    }
    if (r.text !== undefined) {
      block({ type: "text", text: "" }, split(r.text, r.chunkSize).map((text) => ({ type: "text_delta", text })));
    }
    r.toolCalls.forEach((t, i) => {
      const deltas = split(t.args, r.chunkSize).map((partial_json) => ({ type: "input_json_delta", partial_json }));
      block({ type: "tool_use", id: ids[i], name: t.name, input: {}, caller: DIRECT }, deltas);
    });
    out.push(
      sse("message_delta", {
        type: "message_delta",
        delta: { stop_reason: STOP[r.stopReason], stop_sequence: null },
        usage: usage(r, r.usage.output),
      }),
    );
    out.push(sse("message_stop", { type: "message_stop" }));
    return out;
  },

  errorFrame(kind, message) {
    const [type, fallback] = STREAM_ERROR[kind];
    return sse("error", { type: "error", error: { type, message: message ?? fallback } });
  },

  errorBody(e: ErrorSpec, requestId) {
    const overflow = e.code === "context_length_exceeded";
    const type = e.errorType ?? (overflow ? "invalid_request_error" : typeFor(e.status));
    const message = e.message ?? (overflow ? PROMPT_TOO_LONG : (MESSAGE_BY_TYPE[type] ?? `HTTP ${e.status}`));
    return { type: "error", error: { type, message }, request_id: requestId };
  },
};

function typeFor(status: number): string {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

/** Signatures are opaque base64 to clients; any stable-looking blob will do when the script gives none. */
function defaultSignature(): string {
  return btoa(randomId("mock-signature-", 48));
}
