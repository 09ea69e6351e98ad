/**
 * A lean Server-Sent Events reader for provider streams. The SDKs build, authenticate and send the
 * request and turn HTTP errors into their error types; the body of a successful streaming response is
 * read here instead of by the SDKs' generic decoders, which cost about twice the CPU per event in a
 * short-lived process (each streamed token is one event, so this is the hot path of a turn).
 */
import type { BodyDecoder, RawEvent, WireCall } from "../stream.ts";

export interface SseEvent {
  /** The `event:` field; "" when absent. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
}

/**
 * How a wire's adapter reads its SSE events: `event` appends what one event means (often nothing) and
 * throws for an error the stream reports; `end` appends what the end of the body means.
 */
export interface SseTranslator<T = RawEvent> {
  event(sse: SseEvent, out: T[]): void;
  end?(out: T[]): void;
}

/** An SSE body's decoder: UTF-8 (split characters wait for their rest), the line protocol, then the wire's translator. */
export function sseDecoder<T = RawEvent>(translator: SseTranslator<T>): BodyDecoder<T> {
  const utf8 = new TextDecoder();
  const parser = new SseParser();
  return {
    chunk(bytes, out) {
      for (const sse of parser.feed(utf8.decode(bytes, { stream: true }))) translator.event(sse, out);
    },
    end(out) {
      for (const sse of parser.end(utf8.decode())) translator.event(sse, out);
      translator.end?.(out);
    },
  };
}

/** A wire call's response, once the SDK has it: the request id from `requestIdHeader`, the SSE body and its decoder. */
export function sseResponse(pending: Promise<Response>, requestIdHeader: string, translator: SseTranslator): WireCall["response"] {
  return pending.then((r) => ({ requestId: r.headers.get(requestIdHeader) ?? "", body: r.body, decoder: sseDecoder(translator) }));
}

const COLON = 58;
const SPACE = 32;

/**
 * The SSE line protocol, fed text as it arrives. Lines are scanned in place with indexOf rather than
 * split into arrays and sliced per field, all in one loop: per event this is a handful of comparisons
 * and one slice for each field we keep. At one event per streamed token this loop is the hottest code
 * of a turn, and it mostly runs before the JIT has optimised it, where every call and allocation shows.
 */
export class SseParser {
  /** An unfinished line carried over to the next chunk. */
  private rest = "";
  private event = "";
  private data: string | undefined;

  /** The events completed by this text. */
  feed(text: string): SseEvent[] {
    let buf = this.rest === "" ? text : this.rest + text;
    if (buf.includes("\r")) {
      // A lone "\r" at the very end may be the first half of a "\r\n" split across reads: it waits.
      const held = buf.endsWith("\r") ? 1 : 0;
      buf = buf.slice(0, buf.length - held).replace(/\r\n?/g, "\n") + (held ? "\r" : "");
    }
    const out: SseEvent[] = [];
    let { event, data } = this;
    let pos = 0;
    let end: number;
    while ((end = buf.indexOf("\n", pos)) >= 0) {
      if (end === pos) {
        // A blank line ends an event; one without data carries nothing and is dropped.
        if (data !== undefined) out.push({ event, data });
        event = "";
        data = undefined;
      } else if (buf.charCodeAt(pos) !== COLON) {
        // "field: value" (one optional space after the colon); a line starting with ":" is a comment.
        let colon = buf.indexOf(":", pos);
        if (colon < 0 || colon > end) colon = end;
        let valueStart = colon < end ? colon + 1 : end;
        if (valueStart < end && buf.charCodeAt(valueStart) === SPACE) valueStart++;
        const fieldLength = colon - pos;
        if (fieldLength === 4 && buf.startsWith("data", pos)) {
          const value = buf.slice(valueStart, end);
          data = data === undefined ? value : `${data}\n${value}`;
        } else if (fieldLength === 5 && buf.startsWith("event", pos)) {
          event = buf.slice(valueStart, end);
        }
      }
      pos = end + 1;
    }
    this.event = event;
    this.data = data;
    this.rest = pos === 0 ? buf : buf.slice(pos);
    return out;
  }

  /** The events left when the stream ends: an unterminated last line and event still count. */
  end(text: string): SseEvent[] {
    const out = this.feed(text);
    const rest = this.rest.endsWith("\r") ? this.rest.slice(0, -1) : this.rest;
    this.rest = "";
    // Terminating the last line and the last event lets the one loop handle them.
    return out.concat(this.feed(rest === "" ? "\n" : `${rest}\n\n`));
  }
}

/** An error event inside a successful stream, shaped like the SDKs' errors so the one classifier reads it. */
export function streamErrorFromBody(body: unknown, fallback: string): Error {
  const b = (body ?? {}) as { error?: { message?: string } ; message?: string };
  const message = b.error?.message ?? b.message ?? fallback;
  return Object.assign(new Error(message), { error: body });
}
