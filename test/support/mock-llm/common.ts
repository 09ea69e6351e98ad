/**
 * What the three wire renderers share: the normalised reply they all render, the contract each one
 * fulfils, and small helpers (ids, chunking, SSE framing). Kept free of HTTP so the renderers stay pure.
 */

/** "refusal": the model declines (Anthropic stop_reason "refusal", OpenAI a refusal or content_filter). */
export type StopReasonName = "stop" | "tool_calls" | "length" | "refusal";
/** `context_overflow` exists because the Responses API really reports an overlong input in-stream (HTTP 200). */
export type StreamErrorKind = "overloaded" | "rate_limit" | "server" | "context_overflow";

/** A reply step with every default resolved, so renderers never guess. */
export interface Reply {
  model: string;
  /** Undefined = no text block/part at all (e.g. a tool-only turn). */
  text: string | undefined;
  reasoning: { text: string; signature?: string } | undefined;
  /** `id` stays undefined when the script gave none, so each wire can mint one in its own style. */
  toolCalls: { id: string | undefined; name: string; args: string }[];
  /**
   * `input` counts prompt tokens NOT served from or written to the cache (Anthropic's meaning).
   * OpenAI wires report prompt_tokens = input + cacheRead + cacheWrite with cached_tokens = cacheRead.
   */
  usage: { input: number; output: number; cacheRead: number; cacheWrite: number; reasoning: number };
  stopReason: StopReasonName;
  /** The provider's explanation of a refusal, where its wire has one (OpenAI's `refusal` text). */
  refusal: string | undefined;
  chunkSize: number;
  /** The parsed request body, for fields a real API echoes back (instructions, tools, ...). */
  request: Record<string, unknown>;
}

export interface ErrorSpec {
  status: number;
  message?: string;
  errorType?: string;
  code?: string;
}

export interface WireFormat {
  /** Response header carrying the request id, as each SDK reads it. */
  requestIdHeader: string;
  newRequestId(): string;
  /** HTTP status this provider uses for "overloaded" (Anthropic 529, OpenAI 503). */
  overloadedStatus: number;
  json(r: Reply): unknown;
  /** Complete SSE frames in order; each one is "a chunk" for dropAfterChunks/streamError counting. */
  frames(r: Reply): string[];
  /** An in-stream error frame; `seq` = frames already written (Responses numbers its events). */
  errorFrame(kind: StreamErrorKind, message: string | undefined, seq: number): string;
  /** What this provider sends to keep an idle stream open: Anthropic's `ping` event, an SSE comment for OpenAI-style servers. */
  keepAliveFrame: string;
  errorBody(e: ErrorSpec, requestId: string): unknown;
  /** The HTTP status really sent for an error, when the provider uses another than scripted (Google's bad key is a 400). */
  httpStatus?(e: ErrorSpec): number;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

/** Random id shaped like the provider's (prefix + fixed-length body); randomness avoids cross-test collisions. */
export function randomId(prefix: string, length: number, alphabet: "base62" | "hex" = "base62"): string {
  const chars = alphabet === "hex" ? HEX : BASE62;
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = prefix;
  for (const b of bytes) out += chars[b % chars.length];
  return out;
}

/** Split into pieces of `size` characters, never cutting a surrogate pair (real deltas are whole code points). */
export function split(s: string, size: number): string[] {
  const cps = Array.from(s);
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += size) out.push(cps.slice(i, i + size).join(""));
  return out;
}

/** One SSE frame. Anthropic and Responses name every event; Chat Completions sends bare `data:` lines. */
export function sse(event: string | null, data: unknown): string {
  const payload = typeof data === "string" ? data : JSON.stringify(data);
  return (event ? `event: ${event}\n` : "") + `data: ${payload}\n\n`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

