import { describe, expect, test } from "bun:test";
import { readSse, type SseEvent } from "../../src/llm/providers/sse.ts";

/** A response body delivering the given pieces as separate network reads. */
function body(pieces: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const p of pieces) controller.enqueue(typeof p === "string" ? enc.encode(p) : p);
      controller.close();
    },
  });
}

async function events(pieces: (string | Uint8Array)[]): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const batch of readSse(body(pieces))) out.push(...batch);
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

describe("readSse", () => {
  test("parses events, multi-line data and comments; an event without data is dropped", async () => {
    expect(await events([STREAM])).toEqual(EXPECTED);
  });

  test("gives the same events however the bytes are split across reads", async () => {
    for (const pieces of everyCut(STREAM)) expect(await events(pieces)).toEqual(EXPECTED);
  });

  test("accepts CRLF and CR line endings, including a CRLF split between reads", async () => {
    const crlf = STREAM.replace(/\n/g, "\r\n");
    expect(await events([crlf])).toEqual(EXPECTED);
    expect(await events([STREAM.replace(/\n/g, "\r")])).toEqual(EXPECTED);
    for (const pieces of everyCut(crlf)) expect(await events(pieces)).toEqual(EXPECTED);
  });

  test("an event cut off by the end of the stream is still delivered", async () => {
    expect(await events(["event: x\ndata: {\"partial\":true}"])).toEqual([{ event: "x", data: '{"partial":true}' }]);
    expect(await events(["data: a\r"])).toEqual([{ event: "", data: "a" }]);
  });

  test("several events in one read arrive as one batch", async () => {
    const batches: SseEvent[][] = [];
    for await (const batch of readSse(body(["data: 1\n\ndata: 2\n\ndata: 3\n\n"]))) batches.push(batch);
    expect(batches.map((b) => b.map((e) => e.data))).toEqual([["1", "2", "3"]]);
  });
});
