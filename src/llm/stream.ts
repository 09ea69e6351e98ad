import { classifyError } from "./errors.ts";
import { DEFAULT_STREAM_TIMEOUTS, StreamWatchdog } from "./stream-watchdog.ts";
import type { LLMError, Message, Part, StopReason, StreamEvent, StreamTimeouts, ToolCallPart, Usage } from "./types.ts";

/**
 * What a provider adapter yields while translating its SDK's stream. The adapter only translates;
 * `assembleStream` builds the final message, tracks usage, and guarantees the protocol's ending
 * (exactly one `done` or `error`, never a throw), so that logic exists once for every wire.
 */
export type RawEvent =
  | { type: "start"; requestId: string }
  | { type: "text_delta"; text: string }
  /** The start of a separate output message (OpenAI Responses `message` items, with their phase). */
  | { type: "text_start"; phase?: string }
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
  /** The provider's explanation of a refusal (OpenAI's `refusal` text): the model declined. */
  | { type: "refusal"; text: string }
  | { type: "warning"; message: string }
  /** The provider started over with another response (a gateway's fallback): what came before is dropped. */
  | { type: "restart"; reason: string };

/** What reads a response body: the raw events of each network read, then those of its end. */
export interface BodyDecoder<T = RawEvent> {
  /** Appends the events of one read to `out`; throws for an error the stream reports, after appending what came before it. */
  chunk(bytes: Uint8Array, out: T[]): void;
  /** Appends what the end of the body means (an unterminated last event, tool calls closed, the finish). */
  end(out: T[]): void;
}

/** One request of a wire adapter, as `assembleStream` drives it. */
export interface WireCall {
  /** Raw events known before the response arrives (an SDK's advice about the request). */
  before: RawEvent[];
  /** The response's request id, body and decoder; rejects with the SDK's error when the request fails. */
  response: Promise<{ requestId: string; body: ReadableStream<Uint8Array> | null; decoder: BodyDecoder }>;
}

/**
 * Drives one call of a wire adapter and turns its raw events into the stream protocol. The whole path
 * from a network read to the consumer is this one generator, and a read's events are handled in one
 * synchronous step: with tokens arriving one per read, each async layer would cost a wake-up's worth
 * of promise machinery per token. Within a read, consecutive deltas of the same kind (and tool call)
 * are merged into one event: when the network hands over many tokens at once, everything downstream
 * (retries, the agent loop, extension events, output) then does its work once per read instead of
 * once per token, which is most of the CPU a streamed reply costs. A token that arrives alone is
 * passed on alone.
 *
 * `call` gets the signal to send the request with: the caller's, plus the watchdog's, which ends a
 * call that waits too long for its response or, once streaming, for the next part of the answer.
 */
export async function* assembleStream(
  call: (signal: AbortSignal) => WireCall,
  signal: AbortSignal | undefined,
  model: string,
  timeouts: StreamTimeouts = DEFAULT_STREAM_TIMEOUTS,
): AsyncIterable<StreamEvent> {
  const assembly = new Assembly(model);
  const watchdog = new StreamWatchdog(timeouts, signal);
  // Raw events of one read, reused: they are consumed at once.
  const raw: RawEvent[] = [];
  try {
    const { before, response } = call(watchdog.signal);
    // Should the consumer stop while the warnings are handed over, the failed request must not
    // surface as an unhandled rejection; awaiting it below still sees the failure.
    response.catch(() => {});
    for (const ev of assembly.addAll(before)) yield ev;
    const { requestId, body, decoder } = await response;
    watchdog.responded();
    for (const ev of assembly.addAll([{ type: "start", requestId }])) yield ev;
    if (body) {
      for await (const bytes of body) {
        raw.length = 0;
        let failed = false;
        let failure: unknown;
        try {
          decoder.chunk(bytes, raw);
        } catch (err) {
          failed = true;
          failure = err;
        }
        // Only events that carry the answer count as progress: a ping or comment decodes to none.
        const progress = raw.length > 0;
        if (progress) watchdog.pause();
        // What arrived before an error in the same read still counts (it is the partial answer).
        for (const ev of assembly.addAll(raw)) yield ev;
        if (failed) throw failure;
        if (progress) watchdog.resume();
      }
    }
    if (watchdog.expired) throw watchdog.expired;
    raw.length = 0;
    decoder.end(raw);
    for (const ev of assembly.addAll(raw)) yield ev;
  } catch (err) {
    const expired = !signal?.aborted ? watchdog.expired : undefined;
    yield assembly.failure(expired ?? classifyError(err, signal));
    return;
  } finally {
    watchdog.stop();
  }
  yield assembly.end(signal);
}

/** The message being built from one response, and its usage and ending so far. */
class Assembly {
  private readonly parts: Part[] = [];
  private readonly usage: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  private readonly toolCalls = new Map<string, ToolCallPart>();
  private requestId = "";
  private rawStopReason = "";
  private refusal: string | undefined;
  private finished = false;
  private last: Part | undefined;

  constructor(private model: string) {}

  /** Records a read's raw events; what the consumer should see of them. */
  addAll(batch: RawEvent[]): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const ev of batch) this.add(ev, out);
    return out;
  }

  /** Records one raw event and appends what the consumer should see of it to `out`. */
  private add(ev: RawEvent, out: StreamEvent[]): void {
    const prev = out[out.length - 1];
    switch (ev.type) {
      case "start":
        this.requestId = ev.requestId;
        out.push(ev);
        break;
      case "warning":
        out.push(ev);
        break;
      case "restart":
        this.parts.length = 0;
        this.toolCalls.clear();
        this.last = undefined;
        this.refusal = undefined;
        out.push({ type: "warning", message: ev.reason });
        break;
      case "text_start":
        // A new output message: its text is a part of its own, and the reader sees it as a new paragraph.
        if (this.parts.some((p) => p.type === "text" && p.text !== "")) out.push({ type: "text_delta", text: "\n\n" });
        this.parts.push((this.last = { type: "text", text: "", ...(ev.phase ? { phase: ev.phase } : {}) }));
        break;
      case "text_delta": {
        if (!ev.text) break;
        const last = this.last;
        if (last?.type === "text") last.text += ev.text;
        else this.parts.push((this.last = { type: "text", text: ev.text }));
        if (prev?.type === "text_delta") prev.text += ev.text;
        else out.push({ type: "text_delta", text: ev.text });
        break;
      }
      case "reasoning_start":
        this.parts.push((this.last = { type: "reasoning", text: "" }));
        out.push(ev);
        break;
      case "reasoning_delta": {
        const last = this.last?.type === "reasoning" ? this.last : this.openReasoning();
        last.text += ev.text;
        if (prev?.type === "reasoning_delta") prev.text += ev.text;
        else out.push({ type: "reasoning_delta", text: ev.text });
        break;
      }
      case "reasoning_signature": {
        const last = this.last?.type === "reasoning" ? this.last : this.openReasoning();
        last.signature = ev.signature;
        if (ev.redacted) last.redacted = true;
        if (ev.id) last.id = ev.id;
        break;
      }
      case "tool_call_start": {
        const call: ToolCallPart = { type: "tool_call", id: ev.id, name: ev.name, input: "" };
        this.toolCalls.set(ev.id, call);
        this.parts.push((this.last = call));
        out.push(ev);
        break;
      }
      case "tool_call_delta": {
        const call = this.toolCalls.get(ev.id);
        if (call) call.input += ev.delta;
        if (prev?.type === "tool_call_delta" && prev.id === ev.id) prev.delta += ev.delta;
        else out.push({ type: "tool_call_delta", id: ev.id, delta: ev.delta });
        break;
      }
      case "tool_call_end": {
        const call = this.toolCalls.get(ev.id);
        if (call && ev.input !== undefined) call.input = ev.input;
        if (call && call.input.trim() === "") call.input = "{}";
        out.push({ type: "tool_call_end", id: ev.id });
        break;
      }
      case "usage":
        Object.assign(this.usage, definedOnly(ev.usage));
        break;
      case "refusal":
        this.refusal = (this.refusal ?? "") + ev.text;
        break;
      case "finish":
        this.finished = true;
        this.rawStopReason = ev.rawStopReason;
        if (ev.model) this.model = ev.model;
        break;
    }
  }

  private openReasoning(): Part & { type: "reasoning" } {
    const part = { type: "reasoning" as const, text: "" };
    this.parts.push((this.last = part));
    return part;
  }

  /** The stream failed: the error, with the text and reasoning that arrived before it. */
  failure(error: LLMError): StreamEvent {
    return { type: "error", error, usage: this.usage, ...partialOf(this.parts) };
  }

  /** The body ended: the finished message, or the error explaining why it is not one. */
  end(signal: AbortSignal | undefined): StreamEvent {
    if (signal?.aborted) return this.failure({ kind: "aborted", message: "request cancelled" });
    // The body ended cleanly but without the wire's end of response: a connection cut short, so the
    // partial message must not pass for a complete one (and the call is worth retrying).
    if (!this.finished) return this.failure({ kind: "network", message: "the stream ended before the response was complete" });
    // OpenAI reports a refusal as its text, the finish word staying "stop" / "completed".
    const stopReason: StopReason = this.toolCalls.size > 0 ? "tool_calls" : this.refusal !== undefined ? "content_filter" : normaliseStopReason(this.rawStopReason);
    return {
      type: "done",
      message: { role: "assistant", content: this.parts.filter((p) => p.type !== "text" || p.text !== "") },
      usage: this.usage,
      stopReason,
      rawStopReason: this.rawStopReason || "stop",
      requestId: this.requestId,
      model: this.model,
      ...(this.refusal ? { refusal: this.refusal } : {}),
    };
  }
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
    case "MAX_TOKENS":
      return "length";
    case "content_filter":
    case "refusal":
    // Gemini's words for an answer withheld by its filters (and for a blocked prompt).
    case "SAFETY":
    case "RECITATION":
    case "PROHIBITED_CONTENT":
    case "BLOCKLIST":
    case "SPII":
    case "IMAGE_SAFETY":
      return "content_filter";
    default:
      return "stop";
  }
}
