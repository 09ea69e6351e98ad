import { describe, expect, test } from "bun:test";
import { sseDecoder, type SseEvent } from "../../src/llm/providers/sse.ts";

/** The SSE events of a body delivered in the given pieces, one network read each. */
function events(pieces: (string | Uint8Array)[]): SseEvent[] {
  const enc = new TextEncoder();
  const decoder = sseDecoder<SseEvent>({ event: (sse, out) => out.push(sse) });
  const out: SseEvent[] = [];
  for (const p of pieces) decoder.chunk(typeof p === "string" ? enc.encode(p) : p, out);
  decoder.end(out);
  return out;
}

/** Every way of cutting `text`'s UTF-8 bytes in two reads (a cut may fall inside a character). */
const everyCut = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  return Array.from({ length: bytes.length - 1 }, (_, i) => [bytes.slice(0, i + 1), bytes.slice(i + 1)]);
};

const STREAM =
  ": keep-alive comment\n" +
  "event: message_start\ndata: {\"a\":1}\n\n" +
  "event: content_block_delta\ndata: {\"text\":\"héllo 🌍\"}\n\n" +
  "data: line one\ndata: line two\n\n" +
  "event: ping\n\n" +
  "data:no-space\nid: 7\nretry: 100\n\n" +
  "data\n\n";

const EXPECTED: SseEvent[] = [
  { event: "message_start", data: '{"a":1}' },
  { event: "content_block_delta", data: '{"text":"héllo 🌍"}' },
  { event: "", data: "line one\nline two" },
  { event: "", data: "no-space" },
  { event: "", data: "" },
];

describe("sseDecoder", () => {
  test("parses events, multi-line data and comments; an event without data is dropped", () => {
    expect(events([STREAM])).toEqual(EXPECTED);
  });

  test("gives the same events however the bytes are split across reads", () => {
    for (const pieces of everyCut(STREAM)) expect(events(pieces)).toEqual(EXPECTED);
  });

  test("accepts CRLF and CR line endings, including a CRLF split between reads", () => {
    const crlf = STREAM.replace(/\n/g, "\r\n");
    expect(events([crlf])).toEqual(EXPECTED);
    expect(events([STREAM.replace(/\n/g, "\r")])).toEqual(EXPECTED);
    for (const pieces of everyCut(crlf)) expect(events(pieces)).toEqual(EXPECTED);
  });

  test("an event cut off by the end of the stream is still delivered", () => {
    expect(events(["event: x\ndata: {\"partial\":true}"])).toEqual([{ event: "x", data: '{"partial":true}' }]);
    expect(events(["data: a\r"])).toEqual([{ event: "", data: "a" }]);
  });

  test("the events of one read are all appended by that read", () => {
    const decoder = sseDecoder<SseEvent>({ event: (sse, out) => out.push(sse) });
    const out: SseEvent[] = [];
    decoder.chunk(new TextEncoder().encode("data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4"), out);
    expect(out.map((e) => e.data)).toEqual(["1", "2", "3"]);
    decoder.end(out);
    expect(out.map((e) => e.data)).toEqual(["1", "2", "3", "4"]);
  });
});
