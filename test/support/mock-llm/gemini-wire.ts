/**
 * Google Gemini generateContent (POST …/models/MODEL:streamGenerateContent?alt=sse and
 * :generateContent), the "gemini" and "vertex" wires.
 *
 * Facts kit relies on: the stream is bare `data:` lines, each a whole GenerateContentResponse, with
 * no end marker (the last chunk carries `finishReason` and the final `usageMetadata`). Thought
 * summaries are parts with `thought: true`; a `thoughtSignature` rides on the first function call
 * of a turn (or, without calls, on the last part) and must come back on that part. Function calls
 * arrive whole (`args` an object), never as argument deltas. Token counts: the prompt count includes
 * cached tokens; thought tokens are counted beside the candidates' tokens, not inside them.
 */
import { randomId, split, sse, type ErrorSpec, type Reply, type StreamErrorKind, type WireFormat } from "./common.ts";

/** The signature used when the script gives none: opaque base64, as Gemini's are. */
const defaultSignature = () => btoa(randomId("gemini-signature-", 32));

function usageMetadata(r: Reply) {
  const prompt = r.usage.input + r.usage.cacheRead + r.usage.cacheWrite;
  const thoughts = r.usage.reasoning;
  const candidates = Math.max(0, r.usage.output - thoughts);
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    ...(r.usage.cacheRead ? { cachedContentTokenCount: r.usage.cacheRead } : {}),
    ...(thoughts ? { thoughtsTokenCount: thoughts } : {}),
    totalTokenCount: prompt + candidates + thoughts,
  };
}

function finishReason(r: Reply): string {
  return { stop: "STOP", tool_calls: "STOP", length: "MAX_TOKENS", refusal: "SAFETY" }[r.stopReason];
}

function callPart(t: Reply["toolCalls"][number]): Record<string, unknown> {
  let args: unknown;
  try {
    args = JSON.parse(t.args);
  } catch {
    args = {};
  }
  return { functionCall: { ...(t.id ? { id: t.id } : {}), name: t.name, args } };
}

/** Every part of the answer in order, the signature already on the part that carries it. */
function parts(r: Reply, chunkSize: number): Record<string, unknown>[][] {
  const chunks: Record<string, unknown>[][] = [];
  if (r.reasoning) for (const piece of split(r.reasoning.text, chunkSize)) chunks.push([{ text: piece, thought: true }]);
  const signature = r.reasoning ? (r.reasoning.signature ?? defaultSignature()) : undefined;
  if (r.stopReason !== "refusal" && r.text) for (const piece of split(r.text, chunkSize)) chunks.push([{ text: piece }]);
  if (r.toolCalls.length) chunks.push(r.toolCalls.map(callPart));
  if (signature) {
    // The first function call carries it; without calls, the last part (an empty text part if none).
    const target = r.toolCalls.length ? chunks[chunks.length - 1]![0]! : chunks.findLast((c) => !c[0]!.thought)?.at(-1);
    if (target) target.thoughtSignature = signature;
    else chunks.push([{ text: "", thoughtSignature: signature }]);
  }
  return chunks;
}

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

function googleError(e: ErrorSpec) {
  if (e.code === "context_length_exceeded") {
    return {
      error: {
        code: 400,
        message: e.message ?? "The input token count (1234567) exceeds the maximum number of tokens allowed (1048576).",
        status: "INVALID_ARGUMENT",
      },
    };
  }
  // Google answers a bad key with 400 and the reason API_KEY_INVALID.
  const badKey = e.status === 401 || e.code === "API_KEY_INVALID";
  const status = badKey ? 400 : e.status;
  return {
    error: {
      code: status,
      message: e.message ?? (badKey ? "API key not valid. Please pass a valid API key." : `mock error (HTTP ${status})`),
      status: e.errorType ?? STATUS_NAMES[status] ?? "UNKNOWN",
      ...(badKey
        ? { details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" }] }
        : {}),
    },
  };
}

const STREAM_ERROR_STATUS: Record<StreamErrorKind, number> = { overloaded: 503, rate_limit: 429, server: 500, context_overflow: 400 };

export const geminiWire: WireFormat = {
  requestIdHeader: "x-request-id",
  newRequestId: () => randomId("", 24, "hex"),
  overloadedStatus: 503,
  // Google's SSE has no ping event: an SSE comment is what a proxy in between would send.
  keepAliveFrame: ": keep-alive\n\n",
  /** Google answers a bad key with 400, not 401. */
  httpStatus: (e) => googleError(e).error.code,

  json(r) {
    const all = parts(r, Number.MAX_SAFE_INTEGER).flat();
    return {
      candidates: [{ content: { role: "model", parts: all }, finishReason: finishReason(r), index: 0 }],
      usageMetadata: usageMetadata(r),
      modelVersion: r.model,
      responseId: randomId("", 22),
    };
  },

  frames(r) {
    const responseId = randomId("", 22);
    const chunks = parts(r, r.chunkSize);
    const out = chunks.map((p) => sse(null, { candidates: [{ content: { role: "model", parts: p }, index: 0 }], modelVersion: r.model, responseId }));
    // The last chunk ends the candidate and reports the usage.
    out.push(
      sse(null, {
        candidates: [{ content: { role: "model", parts: [{ text: "" }] }, finishReason: finishReason(r), index: 0 }],
        usageMetadata: usageMetadata(r),
        modelVersion: r.model,
        responseId,
      }),
    );
    return out;
  },

  errorFrame: (kind, message) =>
    sse(null, googleError({ status: STREAM_ERROR_STATUS[kind], message, code: kind === "context_overflow" ? "context_length_exceeded" : undefined })),

  errorBody: (e) => googleError(e),
};
