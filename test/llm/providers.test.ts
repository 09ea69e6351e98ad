/**
 * The three provider adapters, each through its official SDK against mock-llm: what every wire must
 * do the same way. Wire-specific request bodies live in providers-<wire>.test.ts.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { ErrorKind, ReasoningPart, StreamEvent, Wire } from "../../src/llm/types.ts";
import { contextOverflow, httpError, startMockLLM, text, type MockLLM, type Step } from "../support/mock-llm.ts";
import type { StreamErrorKind } from "../support/mock-llm/common.ts";
import { collect, expectDone, expectError, makeRequest, run, WIRE_CASES } from "../support/provider-harness.ts";
import { loadProvider } from "../../src/llm/providers/index.ts";

let mock: MockLLM;
beforeEach(async () => {
  mock = await startMockLLM();
});
afterEach(async () => {
  await mock.close();
});

/** Events of one tool call id, in order. */
function callEvents(events: StreamEvent[], id: string): StreamEvent[] {
  return events.filter((e) => (e.type === "tool_call_start" || e.type === "tool_call_delta" || e.type === "tool_call_end") && e.id === id);
}

describe.each(WIRE_CASES)("$wire", ({ wire, model, rawStop, rawLength, overloadedStatus }) => {
  const request = (o = {}) => makeRequest(wire, mock, o);

  test("streams text as deltas of new text only and assembles the message", async () => {
    const scripted = "Hello, world! Streaming ✓ works — across 😀 several deltas.";
    // Paced, so the frames arrive in separate reads as a real stream's do.
    mock.push(text(scripted, { chunkSize: 5, requestId: "req_text_1", tokenDelayMs: 3 }));
    const c = await run(wire, request());

    const deltas = c.of("text_delta").map((e) => e.text);
    expect(deltas.length).toBeGreaterThan(3);
    expect(c.text).toBe(scripted);
    expect(c.types[0]).toBe("start");
    expect(c.of("start")[0]!.requestId).toBe("req_text_1");

    const done = expectDone(c);
    expect(done.message).toEqual({ role: "assistant", content: [{ type: "text", text: scripted }] });
    expect(done.stopReason).toBe("stop");
    expect(done.rawStopReason).toBe(rawStop);
    expect(done.requestId).toBe("req_text_1");
    expect(done.model).toBe(model);
    expect(c.warnings).toEqual([]);
  });

  test("an answer cut at the output limit stops with length", async () => {
    mock.push(text("cut short", { stopReason: "length" }));
    const done = expectDone(await run(wire, request()));
    expect(done.stopReason).toBe("length");
    expect(done.rawStopReason).toBe(rawLength);
    expect(done.message.content).toEqual([{ type: "text", text: "cut short" }]);
  });

  test("done names the model that answered, not only the one asked for", async () => {
    mock.push(text("hi", { model: "served-model-20990101" }));
    expect(expectDone(await run(wire, request())).model).toBe("served-model-20990101");
  });

  test("deltas that arrive in one network read are passed on merged, in order, with nothing lost", async () => {
    const scripted = "Many tokens at once: ".repeat(20);
    mock.push({ kind: "reply", text: scripted, chunkSize: 2, toolCalls: [{ id: "call_m", name: "read", input: { path: "a.ts" } }] });
    const c = await run(wire, request());
    const frames = Math.ceil(scripted.length / 2);
    // The whole reply is one write of the mock: far fewer deltas than frames, the same text.
    expect(c.of("text_delta").length).toBeLessThan(frames / 4);
    expect(c.text).toBe(scripted);
    const call = callEvents(c.events, "call_m").map((e) => e.type);
    expect(call[0]).toBe("tool_call_start");
    expect(call.at(-1)).toBe("tool_call_end");
    expect(expectDone(c).message.content).toEqual([
      { type: "text", text: scripted },
      { type: "tool_call", id: "call_m", name: "read", input: '{"path":"a.ts"}' },
    ]);
  });

  test("two tool calls in one reply: start/delta/end per call, inputs verbatim", async () => {
    const firstInput = '{"path": "src/a b.ts", "limit": 20}';
    mock.push({
      kind: "reply",
      text: "Let me look.",
      toolCalls: [
        { id: "call_one", name: "read", input: firstInput },
        { id: "call_two", name: "ls", input: {} },
      ],
      chunkSize: 4,
      tokenDelayMs: 3,
    });
    const c = await run(wire, request());
    const done = expectDone(c);
    expect(done.stopReason).toBe("tool_calls");
    expect(done.message.content).toEqual([
      { type: "text", text: "Let me look." },
      { type: "tool_call", id: "call_one", name: "read", input: firstInput },
      { type: "tool_call", id: "call_two", name: "ls", input: "{}" },
    ]);

    const one = callEvents(c.events, "call_one");
    expect(one[0]).toEqual({ type: "tool_call_start", id: "call_one", name: "read" });
    expect(one.at(-1)).toEqual({ type: "tool_call_end", id: "call_one" });
    const deltas = one.slice(1, -1);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.every((e) => e.type === "tool_call_delta")).toBe(true);
    expect(deltas.map((e) => (e as { delta: string }).delta).join("")).toBe(firstInput);

    const two = callEvents(c.events, "call_two");
    expect(two[0]).toEqual({ type: "tool_call_start", id: "call_two", name: "ls" });
    expect(two.at(-1)).toEqual({ type: "tool_call_end", id: "call_two" });
    expect(c.of("tool_call_start")).toHaveLength(2);
    expect(c.of("tool_call_end")).toHaveLength(2);
    // The second call starts after the first one's arguments have begun.
    expect(c.events.indexOf(two[0]!)).toBeGreaterThan(c.events.indexOf(one[1]!));
  });

  test("reasoning streams before the text and is kept in the message", async () => {
    const thought = "The user greets me; I should greet back.";
    mock.push({ kind: "reply", reasoning: { text: thought, signature: "sig-xyz" }, text: "Hello!", chunkSize: 6, tokenDelayMs: 3 });
    const c = await run(wire, request({ options: { thinkingLevel: "low" } }));
    const done = expectDone(c);

    expect(c.reasoning).toBe(thought);
    expect(c.of("reasoning_delta").length).toBeGreaterThan(1);
    const start = c.types.indexOf("reasoning_start");
    expect(start).toBeGreaterThan(-1);
    expect(start).toBeLessThan(c.types.indexOf("reasoning_delta"));
    expect(c.types.lastIndexOf("reasoning_delta")).toBeLessThan(c.types.indexOf("text_delta"));
    expect(c.text).toBe("Hello!");

    const [reasoning, answer] = done.message.content;
    expect(answer).toEqual({ type: "text", text: "Hello!" });
    expect(reasoning).toMatchObject({ type: "reasoning", text: thought });
    if (wire === "anthropic") expect(reasoning).toEqual({ type: "reasoning", text: thought, signature: "sig-xyz" });
    if (wire === "openai") {
      const { signature, id } = reasoning as ReasoningPart;
      expect(signature).toBe("sig-xyz");
      expect(id).toMatch(/^rs_/);
      expect(c.of("reasoning_start")[0]!.id).toBe(id!);
    }
    // Chat Completions has no way to send reasoning back, so nothing opaque is kept.
    if (wire === "openai-compat") expect(reasoning).toEqual({ type: "reasoning", text: thought });
  });

  test("usage: input excludes cached tokens; cache reads and writes mapped", async () => {
    // OpenAI reports no cache writes; its prompt tokens include the cached ones.
    const cacheWrite = wire === "anthropic" ? 50 : 0;
    mock.push(text("ok", { usage: { input: 11, output: 42, cacheRead: 300, cacheWrite } }));
    const done = expectDone(await run(wire, request()));
    expect(done.usage).toEqual({ input: 11, output: 42, cacheRead: 300, cacheWrite });
  });

  test("the API key and configured headers reach the server", async () => {
    mock.push(text("ok"));
    expectDone(await run(wire, request({ apiKey: "sk-secret-123", headers: { "x-kit-test": "yes" } })));
    const headers = mock.requests[0]!.headers;
    expect(headers["x-kit-test"]).toBe("yes");
    expect([headers.authorization, headers["x-api-key"]]).toContainEqual(expect.stringContaining("sk-secret-123"));
    expect(mock.requests[0]!.body).toMatchObject({ model, stream: true });
  });

  const httpCases: [string, Step, ErrorKind, number, number | undefined][] = [
    ["401", httpError(401), "auth", 401, undefined],
    ["400 context_length_exceeded", contextOverflow(), "context_overflow", 400, undefined],
    ["400 other", httpError(400, { message: "messages: field required" }), "invalid_request", 400, undefined],
    ["429 retry-after", httpError(429, { headers: { "retry-after": "2" } }), "rate_limit", 429, 2000],
    ["429 retry-after-ms", httpError(429, { headers: { "retry-after-ms": "250" } }), "rate_limit", 429, 250],
    ["overloaded", httpError(overloadedStatus), "overloaded", overloadedStatus, undefined],
    ["500", httpError(500), "server", 500, undefined],
  ];
  test.each(httpCases)("HTTP %s becomes an error event of its kind", async (_name, step, kind, status, retryAfterMs) => {
    mock.push(step);
    const c = await run(wire, request());
    const error = expectError(c);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.message).not.toBe("");
    expect(error.requestId).toMatch(/^req_/);
    expect(c.error!.usage).toEqual({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });
  });

  test("a 400 keeps the server's message", async () => {
    mock.push(httpError(400, { message: "tools.0.name: String should match pattern" }));
    expect(expectError(await run(wire, request())).message).toContain("tools.0.name: String should match pattern");
  });

  const streamKinds: [StreamErrorKind, ErrorKind][] = [
    ["overloaded", "overloaded"],
    ["rate_limit", "rate_limit"],
    ["server", "server"],
    ["context_overflow", "context_overflow"],
  ];
  test.each(streamKinds)("an in-stream %s error after some text ends with that kind", async (scripted, kind) => {
    const full = "a fairly long answer that will not finish";
    mock.push(text(full, { chunkSize: 3, streamError: { afterChunks: 5, kind: scripted } }));
    const c = await run(wire, request());
    expect(expectError(c).kind).toBe(kind);
    expect(c.text.length).toBeGreaterThan(0);
    expect(full.startsWith(c.text)).toBe(true);
    expect(c.text).not.toBe(full);
  });

  test("a connection closed without an answer is a network error", async () => {
    mock.push({ kind: "drop" });
    const error = expectError(await run(wire, request()));
    expect(error.kind).toBe("network");
    expect(error.status).toBeUndefined();
  });

  test("a stream dropped after some text is a network error, the text shown so far intact", async () => {
    const full = "a fairly long answer that will not finish";
    mock.push(text(full, { chunkSize: 3, dropAfterChunks: 6 }));
    const c = await run(wire, request());
    expect(["network", "server"]).toContain(expectError(c).kind);
    expect(c.text.length).toBeGreaterThan(0);
    expect(full.startsWith(c.text)).toBe(true);
    expect(c.text).not.toBe(full);
  });

  test("aborting mid-stream ends with an aborted error", async () => {
    const full = "x".repeat(60);
    mock.push(text(full, { chunkSize: 1, tokenDelayMs: 20 }));
    const controller = new AbortController();
    const c = await run(wire, request(), controller.signal, (ev) => {
      if (ev.type === "text_delta") controller.abort();
    });
    expect(expectError(c)).toEqual({ kind: "aborted", message: "request cancelled" });
    expect(c.text.length).toBeLessThan(full.length);
  });

  test("an already aborted signal ends with aborted and no done", async () => {
    mock.push(text("never"));
    const controller = new AbortController();
    controller.abort();
    const provider = await loadProvider(wire);
    const c = await collect(provider.stream(request(), controller.signal));
    expect(expectError(c).kind).toBe("aborted");
    expect(c.text).toBe("");
  });

  test("the adapter serves several requests in a row (clients are reused)", async () => {
    mock.push(text("one"), text("two"));
    const provider = await loadProvider(wire);
    expect((await collect(provider.stream(request()))).text).toBe("one");
    expect((await collect(provider.stream(request()))).text).toBe("two");
    expect(mock.requests).toHaveLength(2);
  });
});

/**
 * Bodies that end cleanly (no reset) before the wire's end-of-response marker: what a proxy that
 * gives up mid-answer produces. mock-llm only cuts connections, so a bare server sends these.
 */
const frame = (event: string | null, data: unknown) => (event ? `event: ${event}\n` : "") + `data: ${JSON.stringify(data)}\n\n`;
const chatChunk = (delta: object, finish: string | null = null) =>
  frame(null, { id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] });
const CUT_SHORT: Record<string, string> = {
  anthropic:
    frame("message_start", {
      type: "message_start",
      message: { id: "msg_1", type: "message", role: "assistant", model: "m", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 3, output_tokens: 1 } },
    }) +
    frame("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }) +
    frame("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hello, wor" } }),
  "openai-compat": chatChunk({ role: "assistant", content: "" }) + chatChunk({ content: "Hello, wor" }),
  openai: frame("response.output_text.delta", {
    type: "response.output_text.delta",
    sequence_number: 0,
    item_id: "msg_1",
    output_index: 0,
    content_index: 0,
    delta: "Hello, wor",
  }),
};

async function withBody<T>(body: string, fn: (url: string) => Promise<T>): Promise<T> {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: () => new Response(body, { headers: { "content-type": "text/event-stream" } }),
  });
  try {
    return await fn(`http://127.0.0.1:${server.port}`);
  } finally {
    server.stop(true);
  }
}

/** A request to the bare server at `url` instead of mock-llm. */
function requestTo(wire: Wire, url: string) {
  const req = makeRequest(wire, mock);
  req.target.baseUrl = wire === "anthropic" ? url : `${url}/v1`;
  return req;
}

describe.each(WIRE_CASES)("$wire: a body that ends before the response is complete", ({ wire }) => {
  test("is a network error, not a done with the partial text", async () => {
    const c = await withBody(CUT_SHORT[wire]!, (url) => run(wire, requestTo(wire, url)));
    expect(c.text).toBe("Hello, wor");
    expect(expectError(c)).toEqual({ kind: "network", message: "the stream ended before the response was complete" });
  });
});

test("chat: [DONE] without a finish reason, or a finish reason without [DONE], is a complete answer", async () => {
  const doneOnly = chatChunk({ role: "assistant", content: "all" }) + "data: [DONE]\n\n";
  const finishOnly = chatChunk({ role: "assistant", content: "all" }) + chatChunk({}, "length");
  const a = expectDone(await withBody(doneOnly, (url) => run("openai-compat", requestTo("openai-compat", url))));
  expect([a.stopReason, a.rawStopReason]).toEqual(["stop", "stop"]);
  const b = expectDone(await withBody(finishOnly, (url) => run("openai-compat", requestTo("openai-compat", url))));
  expect([b.stopReason, b.rawStopReason]).toEqual(["length", "length"]);
  expect(b.message.content).toEqual([{ type: "text", text: "all" }]);
});
