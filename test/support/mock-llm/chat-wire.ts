/**
 * OpenAI Chat Completions (POST /v1/chat/completions), the "openai-compat" wire, JSON and SSE.
 *
 * Facts the official SDK relies on: frames are bare `data:` lines ended by `data: [DONE]`; every chunk
 * of one completion shares the same `id` (a new id means a new completion to ChatCompletionStream);
 * a `data: {"error": ...}` frame becomes an APIError; the final choice needs a finish_reason and the
 * message a role. Reasoning uses `reasoning_content`, the field OpenAI-compatible servers (DeepSeek,
 * vLLM, ...) stream; it is not an OpenAI field, so the SDK's ChatCompletionStream keeps only the last
 * delta of it instead of concatenating.
 */
import { nowSeconds, randomId, split, sse, type ErrorSpec, type Reply, type StreamErrorKind, type WireFormat } from "./common.ts";

export interface OpenAIErrorShape {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** Error bodies shared by both OpenAI wires; only the context-overflow wording differs between them. */
export function openaiError(e: ErrorSpec, contextOverflow: { message: string; param: string }): { error: OpenAIErrorShape } {
  if (e.code === "context_length_exceeded") {
    return {
      error: {
        message: e.message ?? contextOverflow.message,
        type: e.errorType ?? "invalid_request_error",
        param: contextOverflow.param,
        code: e.code,
      },
    };
  }
  const [type, code, message] = byStatus(e.status);
  return { error: { message: e.message ?? message, type: e.errorType ?? type, param: null, code: e.code ?? code } };
}

function byStatus(status: number): [type: string, code: string | null, message: string] {
  if (status === 401) return ["invalid_request_error", "invalid_api_key", "Incorrect API key provided: test."];
  if (status === 404) return ["invalid_request_error", "model_not_found", "The model does not exist or you do not have access to it."];
  if (status === 429) return ["requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again in 1s."];
  if (status === 503) return ["server_error", "server_is_overloaded", "Our servers are currently overloaded. Please try again later."];
  if (status >= 500) return ["server_error", null, "The server had an error while processing your request. Sorry about that!"];
  return ["invalid_request_error", null, `Invalid request (HTTP ${status}).`];
}

const STREAM_ERROR_STATUS: Record<StreamErrorKind, number> = { overloaded: 503, rate_limit: 429, server: 500, context_overflow: 400 };

/** The error object of an in-stream failure, built like the HTTP error of the same kind. */
export function openaiStreamError(
  kind: StreamErrorKind,
  message: string | undefined,
  contextOverflow: { message: string; param: string },
): OpenAIErrorShape {
  const code = kind === "context_overflow" ? "context_length_exceeded" : kind === "server" ? "server_error" : undefined;
  return openaiError({ status: STREAM_ERROR_STATUS[kind], message, code }, contextOverflow).error;
}

const CONTEXT_OVERFLOW = {
  message:
    "This model's maximum context length is 128000 tokens. However, your messages resulted in 212345 tokens. Please reduce the length of the messages.",
  param: "messages",
};

function usage(r: Reply) {
  const prompt = r.usage.input + r.usage.cacheRead + r.usage.cacheWrite;
  return {
    prompt_tokens: prompt,
    completion_tokens: r.usage.output,
    total_tokens: prompt + r.usage.output,
    prompt_tokens_details: { cached_tokens: r.usage.cacheRead, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: r.usage.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** A refusal with an explanation finishes as "stop" (the text is in `refusal`); one without, as "content_filter". */
function finishReason(r: Reply): string {
  if (r.stopReason !== "refusal") return r.stopReason;
  return r.refusal !== undefined ? "stop" : "content_filter";
}

function toolIds(r: Reply): string[] {
  return r.toolCalls.map((t) => t.id ?? randomId("call_", 24));
}

export const chatWire: WireFormat = {
  requestIdHeader: "x-request-id",
  newRequestId: () => randomId("req_", 32, "hex"),
  overloadedStatus: 503,
  keepAliveFrame: ": keep-alive\n\n",

  json(r) {
    const ids = toolIds(r);
    const message: Record<string, unknown> = { role: "assistant", content: r.text ?? null, refusal: r.refusal ?? null, annotations: [] };
    if (r.reasoning) message.reasoning_content = r.reasoning.text;
    if (r.toolCalls.length > 0) {
      message.tool_calls = r.toolCalls.map((t, i) => ({ id: ids[i], type: "function", function: { name: t.name, arguments: t.args } }));
    }
    return {
      id: randomId("chatcmpl-", 29),
      object: "chat.completion",
      created: nowSeconds(),
      model: r.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(r) }],
      usage: usage(r),
      service_tier: "default",
      system_fingerprint: "fp_mock",
    };
  },

  frames(r) {
    const ids = toolIds(r);
    const base = { id: randomId("chatcmpl-", 29), object: "chat.completion.chunk", created: nowSeconds(), model: r.model };
    // With include_usage the real API sends `usage: null` on every chunk but the last.
    const streamOptions = r.request.stream_options as { include_usage?: boolean } | undefined;
    const nullUsage = streamOptions?.include_usage ? { usage: null } : {};
    const chunk = (delta: object, finish: string | null = null) =>
      sse(null, {
        ...base,
        service_tier: "default",
        system_fingerprint: "fp_mock",
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...nullUsage,
      });
    const out = [chunk({ role: "assistant", content: r.text === undefined ? null : "", refusal: null })];
    if (r.reasoning) for (const piece of split(r.reasoning.text, r.chunkSize)) out.push(chunk({ reasoning_content: piece }));
    if (r.text !== undefined) for (const piece of split(r.text, r.chunkSize)) out.push(chunk({ content: piece }));
    if (r.refusal !== undefined) for (const piece of split(r.refusal, r.chunkSize)) out.push(chunk({ refusal: piece }));
    r.toolCalls.forEach((t, index) => {
      out.push(chunk({ tool_calls: [{ index, id: ids[index], type: "function", function: { name: t.name, arguments: "" } }] }));
      for (const piece of split(t.args, r.chunkSize)) out.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    });
    out.push(chunk({}, finishReason(r)));
    // Sent even without stream_options.include_usage: many compatible servers do, and clients must cope.
    out.push(sse(null, { ...base, service_tier: "default", system_fingerprint: "fp_mock", choices: [], usage: usage(r) }));
    out.push(sse(null, "[DONE]"));
    return out;
  },

  errorFrame: (kind, message) => sse(null, { error: openaiStreamError(kind, message, CONTEXT_OVERFLOW) }),

  errorBody: (e) => openaiError(e, CONTEXT_OVERFLOW),
};
