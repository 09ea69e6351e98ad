/**
 * A lean Server-Sent Events reader for provider streams. The SDKs build, authenticate and send the
 * request and turn HTTP errors into their error types; the body of a successful streaming response is
 * read here instead of by the SDKs' generic decoders, which cost about twice the CPU per event in a
 * short-lived process (each streamed token is one event, so this is the hot path of a turn).
 */
import type { RawEvent } from "../stream.ts";

export interface SseEvent {
  /** The `event:` field; "" when absent. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
}

/**
 * The events of a stream, one batch per network read: the caller loops over a batch synchronously,
 * which saves an async hop per event (several events often arrive in one read).
 */
export async function* readSse(body: ReadableStream<Uint8Array> | null): AsyncGenerator<SseEvent[]> {
  if (!body) return;
  const decoder = new TextDecoder();
  const parser = new SseParser();
  for await (const chunk of body) {
    const batch = parser.feed(decoder.decode(chunk, { stream: true }));
    if (batch.length) yield batch;
  }
  const last = parser.end(decoder.decode());
  if (last.length) yield last;
}

/**
 * How a wire's adapter reads its SSE events: `event` appends what one event means (often nothing) and
 * throws for an error the stream reports; `end` appends what the end of the body means.
 */
export interface SseTranslator {
  event(sse: SseEvent, out: RawEvent[]): void;
  end?(out: RawEvent[]): void;
}

/** A response body as batches of raw events, one per network read. */
export async function* translateSse(body: ReadableStream<Uint8Array> | null, translator: SseTranslator): AsyncIterable<RawEvent[]> {
  for await (const batch of readSse(body)) {
    const out: RawEvent[] = [];
    let failed = false;
    let failure: unknown;
    try {
      for (const sse of batch) translator.event(sse, out);
    } catch (err) {
      failed = true;
      failure = err;
    }
    // What arrived before an error in the same read still counts (it is the partial answer).
    if (out.length) yield out;
    if (failed) throw failure;
  }
  const out: RawEvent[] = [];
  translator.end?.(out);
  if (out.length) yield out;
}

const COLON = 58;
const SPACE = 32;

/**
 * The SSE line protocol, fed text as it arrives. Lines are scanned in place with indexOf rather than
 * split into arrays and sliced per field: per event this is a handful of comparisons and one slice for
 * each field we keep, which matters at one event per streamed token.
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
    let pos = 0;
    let nl: number;
    while ((nl = buf.indexOf("\n", pos)) >= 0) {
      this.line(buf, pos, nl, out);
      pos = nl + 1;
    }
    this.rest = pos === 0 ? buf : buf.slice(pos);
    return out;
  }

  /** The events left when the stream ends: an unterminated last line and event still count. */
  end(text: string): SseEvent[] {
    const out = this.feed(text);
    const rest = this.rest.endsWith("\r") ? this.rest.slice(0, -1) : this.rest;
    this.rest = "";
    if (rest !== "") this.line(rest, 0, rest.length, out);
    this.dispatch(out);
    return out;
  }

  private line(buf: string, start: number, end: number, out: SseEvent[]): void {
    if (start === end) return this.dispatch(out);
    if (buf.charCodeAt(start) === COLON) return; // a comment (keep-alive)
    let colon = buf.indexOf(":", start);
    if (colon < 0 || colon > end) colon = end;
    let valueStart = colon < end ? colon + 1 : end;
    if (valueStart < end && buf.charCodeAt(valueStart) === SPACE) valueStart++;
    const fieldLength = colon - start;
    if (fieldLength === 4 && buf.startsWith("data", start)) {
      const value = buf.slice(valueStart, end);
      this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    } else if (fieldLength === 5 && buf.startsWith("event", start)) {
      this.event = buf.slice(valueStart, end);
    }
  }

  /** A blank line ends an event; one without data carries nothing and is dropped. */
  private dispatch(out: SseEvent[]): void {
    if (this.data !== undefined) out.push({ event: this.event, data: this.data });
    this.event = "";
    this.data = undefined;
  }
}

/** An error event inside a successful stream, shaped like the SDKs' errors so the one classifier reads it. */
export function streamErrorFromBody(body: unknown, fallback: string): Error {
  const b = (body ?? {}) as { error?: { message?: string } ; message?: string };
  const message = b.error?.message ?? b.message ?? fallback;
  return Object.assign(new Error(message), { error: body });
}
