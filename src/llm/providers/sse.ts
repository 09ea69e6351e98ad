/**
 * A lean Server-Sent Events reader for provider streams. The SDKs build, authenticate and send the
 * request and turn HTTP errors into their error types; the body of a successful streaming response is
 * read here instead of by the SDKs' generic decoders, which cost about twice the CPU per event in a
 * short-lived process (each streamed token is one event, so this is the hot path of a turn).
 */
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
  let buffer = "";
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    // Line endings are normalised once per chunk so frames can be found with one kind of separator.
    if (buffer.includes("\r")) buffer = buffer.replace(/\r\n?/g, "\n");
    const batch: SseEvent[] = [];
    let start = 0;
    let end: number;
    while ((end = buffer.indexOf("\n\n", start)) >= 0) {
      const ev = parseFrame(buffer.slice(start, end));
      if (ev) batch.push(ev);
      start = end + 2;
    }
    if (batch.length) yield batch;
    // Keep only the unfinished frame; slicing once per chunk keeps this linear in the stream length.
    buffer = start === 0 ? buffer : buffer.slice(start);
  }
  buffer += decoder.decode();
  const last = parseFrame(buffer);
  if (last) yield [last];
}

function parseFrame(frame: string): SseEvent | undefined {
  let event = "";
  let data: string | undefined;
  for (const line of frame.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data = data === undefined ? value : `${data}\n${value}`;
  }
  return data === undefined ? undefined : { event, data };
}

/** An error event inside a successful stream, shaped like the SDKs' errors so the one classifier reads it. */
export function streamErrorFromBody(body: unknown, fallback: string): Error {
  const b = (body ?? {}) as { error?: { message?: string } ; message?: string };
  const message = b.error?.message ?? b.message ?? fallback;
  return Object.assign(new Error(message), { error: body });
}
