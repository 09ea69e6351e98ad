/**
 * Proves mock-llm speaks each wire well enough for the official SDKs: if these pass, a provider
 * adapter that fails against the mock is wrong, not the mock.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { contextOverflow, httpError, startMockLLM, text, toolCall, type MockLLM, type ReplyStep } from "./mock-llm.ts";
import { tempDir } from "./temp-dir.ts";

let mock: MockLLM;
beforeEach(async () => {
  mock = await startMockLLM();
});
afterEach(async () => {
  await mock.close();
});

const anthropic = () => new Anthropic({ baseURL: mock.url, apiKey: "test", maxRetries: 0 });
const openai = () => new OpenAI({ baseURL: mock.url + "/v1", apiKey: "test", maxRetries: 0 });

/** The whole feature set in one reply; chunkSize 3 forces several deltas per part. */
const FULL: ReplyStep = {
  kind: "reply",
  reasoning: { text: "Let me look at the file first.", signature: "sig-abc" },
  text: "Reading it now. ✓ 😀 done",
  toolCalls: [{ id: "call_fixed_1", name: "read", input: { path: "src/a.ts", limit: 20 } }],
  usage: { input: 11, output: 42, cacheRead: 300, cacheWrite: 50 },
  chunkSize: 3,
  requestId: "req_scripted",
};

/** Rejection of `p`, or a failure if it resolved. */
async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected the promise to reject");
}

describe("anthropic messages", () => {
  const params = { model: "claude-test", max_tokens: 1024, messages: [{ role: "user" as const, content: "hi" }] };

  test("stream: thinking, text, tool use, usage, request id; request recorded", async () => {
    mock.push(FULL);
    const stream = anthropic().messages.stream(params);
    const deltas: string[] = [];
    stream.on("text", (t) => deltas.push(t));
    const msg = await stream.finalMessage();

    expect(msg.model).toBe("claude-test");
    expect(msg.stop_reason).toBe("tool_use");
    expect(msg.content as unknown[]).toEqual([
      { type: "thinking", thinking: "Let me look at the file first.", signature: "sig-abc" },
      { type: "text", text: "Reading it now. ✓ 😀 done" },
      { type: "tool_use", id: "call_fixed_1", name: "read", input: { path: "src/a.ts", limit: 20 }, caller: { type: "direct" } },
    ]);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe("Reading it now. ✓ 😀 done");
    expect(msg.usage).toMatchObject({
      input_tokens: 11,
      output_tokens: 42,
      cache_read_input_tokens: 300,
      cache_creation_input_tokens: 50,
    });
    expect(stream.request_id).toBe("req_scripted");

    expect(mock.requests).toHaveLength(1);
    const [req] = mock.requests;
    expect(req).toMatchObject({ path: "/v1/messages", method: "POST", wire: "anthropic" });
    // SDK 1.x sends the API key as a bearer token, not x-api-key.
    expect(req!.headers.authorization).toBe("Bearer test");
    expect(req!.body).toMatchObject({ ...params, stream: true });
  });

  test("non-streaming: same reply as one JSON message, generated toolu_ id", async () => {
    mock.push({ ...FULL, toolCalls: [{ name: "bash", input: '{"cmd":"ls"}' }], stopReason: "length" });
    const { data: msg, request_id } = await anthropic().messages.create(params).withResponse();
    expect(request_id).toBe("req_scripted");
    expect(msg.stop_reason).toBe("max_tokens");
    expect(msg.content.map((b) => b.type)).toEqual(["thinking", "text", "tool_use"]);
    const tool = msg.content[2];
    if (tool?.type !== "tool_use") throw new Error("expected tool_use");
    expect(tool.id).toMatch(/^toolu_01[0-9A-Za-z]{22}$/);
    expect(tool.input).toEqual({ cmd: "ls" });
    expect(tool.caller).toEqual({ type: "direct" });
    expect(msg.content[1]).toEqual({ type: "text", text: "Reading it now. ✓ 😀 done", citations: null });
    expect(msg.usage.cache_read_input_tokens).toBe(300);
    expect(mock.requests[0]!.body.stream).toBeUndefined();
  });

  test("http errors: status, typed body, retry-after visible; context overflow wording", async () => {
    mock.push(httpError(429, { headers: { "retry-after": "1" } }), httpError(529), contextOverflow());
    const client = anthropic();

    const limited = await rejection(client.messages.create(params));
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.error).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    expect(limited.requestID).toMatch(/^req_/);

    const overloaded = await rejection(client.messages.stream(params).finalMessage());
    expect(overloaded).toBeInstanceOf(Anthropic.OverloadedError);
    expect(overloaded.error.error.type).toBe("overloaded_error");

    const overflow = await rejection(client.messages.create(params));
    expect(overflow.status).toBe(400);
    expect(overflow.error.error.type).toBe("invalid_request_error");
    expect(overflow.message).toMatch(/prompt is too long: \d+ tokens > \d+ maximum/);
  });

  test("in-stream error event surfaces as APIError after partial text", async () => {
    mock.push(text("a fairly long answer that will not finish", { chunkSize: 4, streamError: { afterChunks: 6, kind: "overloaded" } }));
    const stream = anthropic().messages.stream(params);
    let seen = "";
    stream.on("text", (t) => (seen += t));
    const err = await rejection(stream.finalMessage());
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect(err.error).toMatchObject({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    // message_start, ping, block start, then 3 deltas of 4 characters
    expect(seen).toBe("a fairly lon");
  });

  test("dropped connection: the stream throws; a drop step fails the request", async () => {
    mock.push(text("a fairly long answer that will not finish", { chunkSize: 4, dropAfterChunks: 5 }), { kind: "drop" });
    const client = anthropic();
    const stream = client.messages.stream(params);
    let seen = "";
    stream.on("text", (t) => (seen += t));
    const err = await rejection(stream.finalMessage());
    expect(err).toBeInstanceOf(Anthropic.AnthropicError);
    expect(seen).toBe("a fairly");

    expect(await rejection(client.messages.create(params))).toBeInstanceOf(Anthropic.APIConnectionError);
  });

  test("exhausted script answers 500 naming the request", async () => {
    const err = await rejection(anthropic().messages.create(params));
    expect(err.status).toBe(500);
    expect(err.message).toContain("mock-llm: script exhausted (no step left for POST /v1/messages)");
  });
});

describe("openai chat completions (openai-compat)", () => {
  const params = { model: "gpt-test", messages: [{ role: "user" as const, content: "hi" }] };

  test("create({stream:true}): deltas for reasoning, text and tool arguments, then usage", async () => {
    mock.push(FULL);
    const stream = await openai().chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
    let content = "";
    let reasoning = "";
    let args = "";
    const starts: unknown[] = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.object).toBe("chat.completion.chunk");
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      const delta = choice.delta as typeof choice.delta & { reasoning_content?: string };
      content += delta.content ?? "";
      reasoning += delta.reasoning_content ?? "";
      for (const tc of delta.tool_calls ?? []) {
        if (tc.id) starts.push({ id: tc.id, name: tc.function?.name });
        args += tc.function?.arguments ?? "";
      }
      finish = choice.finish_reason ?? finish;
    }
    expect(chunks).toBeGreaterThan(10);
    expect(reasoning).toBe("Let me look at the file first.");
    expect(content).toBe("Reading it now. ✓ 😀 done");
    expect(starts).toEqual([{ id: "call_fixed_1", name: "read" }]);
    expect(JSON.parse(args)).toEqual({ path: "src/a.ts", limit: 20 });
    expect(finish).toBe("tool_calls");
    // OpenAI counts cached tokens inside prompt_tokens.
    expect(usage).toMatchObject({ prompt_tokens: 361, completion_tokens: 42, prompt_tokens_details: { cached_tokens: 300 } });
    expect(mock.requests[0]).toMatchObject({ path: "/v1/chat/completions", wire: "openai-compat" });
    expect(mock.requests[0]!.headers.authorization).toBe("Bearer test");
    expect(mock.requests[0]!.body).toMatchObject({ ...params, stream: true });
  });

  test("stream().finalChatCompletion() accumulates the completion", async () => {
    mock.push({ ...FULL, toolCalls: [{ name: "read", input: { path: "x" } }, { name: "grep", input: { q: "y" } }] });
    const completion = await openai().chat.completions.stream(params).finalChatCompletion();
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBe("Reading it now. ✓ 😀 done");
    const calls = (choice.message.tool_calls ?? []).map((c) => (c.type === "function" ? [c.function.name, c.function.arguments] : []));
    expect(calls).toEqual([
      ["read", '{"path":"x"}'],
      ["grep", '{"q":"y"}'],
    ]);
    expect(choice.message.tool_calls![0]!.id).toMatch(/^call_[0-9A-Za-z]{24}$/);
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(300);
    expect(mock.requests[0]!.body.stream).toBe(true);
  });

  test("non-streaming completion, text only, request id header", async () => {
    mock.push(text("plain answer", { reasoning: { text: "hmm" }, requestId: "req_chat" }));
    const { data, request_id } = await openai().chat.completions.create(params).withResponse();
    expect(request_id).toBe("req_chat");
    const message = data.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    expect(message).toMatchObject({ role: "assistant", content: "plain answer", reasoning_content: "hmm" });
    expect(message.tool_calls).toBeUndefined();
    expect(data.choices[0]!.finish_reason).toBe("stop");
    expect(data.usage?.total_tokens).toBe(data.usage!.prompt_tokens + data.usage!.completion_tokens);
  });

  test("http errors: rate limit with retry-after-ms; context_length_exceeded", async () => {
    mock.push(httpError(429, { headers: { "retry-after-ms": "200" } }), contextOverflow());
    const client = openai();
    const limited = await rejection(client.chat.completions.create(params));
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited.headers.get("retry-after-ms")).toBe("200");
    expect(limited.code).toBe("rate_limit_exceeded");
    expect(limited.requestID).toMatch(/^req_[0-9a-f]{32}$/);

    const overflow = await rejection(client.chat.completions.create({ ...params, stream: true }));
    expect(overflow).toBeInstanceOf(OpenAI.BadRequestError);
    expect(overflow.code).toBe("context_length_exceeded");
    expect(overflow.param).toBe("messages");
    expect(overflow.message).toContain("maximum context length");
  });

  test("in-stream error and dropped stream both throw from the iterator", async () => {
    mock.push(
      text("0123456789abcdef", { chunkSize: 2, streamError: { afterChunks: 3, kind: "rate_limit", message: "slow down" } }),
      text("0123456789abcdef", { chunkSize: 2, dropAfterChunks: 3 }),
    );
    const client = openai();
    for (const expected of [OpenAI.APIError, Error]) {
      let seen = "";
      const err = await rejection(
        (async () => {
          for await (const chunk of await client.chat.completions.create({ ...params, stream: true })) {
            seen += chunk.choices[0]?.delta.content ?? "";
          }
        })(),
      );
      expect(err).toBeInstanceOf(expected);
      expect(seen).toBe("0123"); // role chunk + two content chunks arrived first
      if (expected === OpenAI.APIError) expect(err.message).toContain("slow down");
    }
  });

  test("path without /v1 is served too, and delayMs holds the headers back", async () => {
    mock.push(text("late", { delayMs: 300 }), text("ok"));
    const client = new OpenAI({ baseURL: mock.url, apiKey: "test", maxRetries: 0, timeout: 100 });
    expect(await rejection(client.chat.completions.create(params))).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    const done = await client.chat.completions.create(params);
    expect(done.choices[0]!.message.content).toBe("ok");
    expect(mock.requests.map((r) => r.path)).toEqual(["/chat/completions", "/chat/completions"]);
  });
});

describe("openai responses", () => {
  const params = { model: "gpt-test", input: "hi", instructions: "be brief" };

  test("responses.stream().finalResponse(): reasoning, message, function call, usage", async () => {
    mock.push(FULL);
    const stream = openai().responses.stream(params);
    const deltas: string[] = [];
    stream.on("response.output_text.delta", (e) => deltas.push(e.delta));
    const res = await stream.finalResponse();

    expect(res.status).toBe("completed");
    expect(res.instructions).toBe("be brief");
    expect(res.output.map((o) => o.type)).toEqual(["reasoning", "message", "function_call"]);
    const [reasoning, message, call] = res.output;
    if (reasoning?.type !== "reasoning" || message?.type !== "message" || call?.type !== "function_call") throw new Error("shape");
    expect(reasoning.summary).toEqual([{ type: "summary_text", text: "Let me look at the file first." }]);
    expect(reasoning.encrypted_content).toBe("sig-abc");
    expect(res.output_text).toBe("Reading it now. ✓ 😀 done");
    expect(deltas.length).toBeGreaterThan(3);
    expect(call).toMatchObject({ call_id: "call_fixed_1", name: "read", arguments: '{"path":"src/a.ts","limit":20}' });
    expect(call.id).toMatch(/^fc_/);
    expect(res.usage).toMatchObject({ input_tokens: 361, output_tokens: 42, input_tokens_details: { cached_tokens: 300 } });
    expect(mock.requests[0]).toMatchObject({ path: "/v1/responses", wire: "openai" });
    expect(mock.requests[0]!.body).toMatchObject({ ...params, stream: true });
  });

  test("create({stream:true}): numbered events ending in response.completed", async () => {
    mock.push(toolCall("bash", { cmd: "ls" }, { reasoning: { text: "think" } }));
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of await openai().responses.create({ ...params, stream: true })) events.push(event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0]!.type).toBe("response.created");
    expect(events.at(-1)!.type).toBe("response.completed");
    const summary = events.flatMap((e) => (e.type === "response.reasoning_summary_text.delta" ? [e.delta] : []));
    expect(summary.join("")).toBe("think");
    const args = events.flatMap((e) => (e.type === "response.function_call_arguments.delta" ? [e.delta] : []));
    expect(JSON.parse(args.join(""))).toEqual({ cmd: "ls" });
    const added = events.find((e) => e.type === "response.output_item.added" && e.item.type === "function_call");
    expect(added?.type === "response.output_item.added" && added.item.type === "function_call" && added.item.call_id).toMatch(/^call_/);
    expect(events.some((e) => e.type === "response.output_text.delta")).toBe(false); // tool-only turn: no message item
  });

  test("non-streaming response and an incomplete (length) one", async () => {
    mock.push(text("short", { usage: { input: 5, output: 2 } }), text("cut off", { stopReason: "length" }));
    const client = openai();
    const res = await client.responses.create(params);
    expect(res.output_text).toBe("short");
    expect(res.status).toBe("completed");
    expect(res.usage).toMatchObject({ input_tokens: 5, output_tokens: 2, total_tokens: 7 });

    const cut = await client.responses.stream(params).finalResponse();
    expect(cut.status).toBe("incomplete");
    expect(cut.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(cut.output_text).toBe("cut off");
  });

  test("http error, in-stream error and dropped stream", async () => {
    mock.push(
      httpError(503, { headers: { "retry-after": "2" } }),
      text("never finished text", { streamError: { afterChunks: 2, kind: "context_overflow" } }),
      text("never finished text", { chunkSize: 2, dropAfterChunks: 6 }),
    );
    const client = openai();
    const unavailable = await rejection(client.responses.create(params));
    expect(unavailable).toBeInstanceOf(OpenAI.InternalServerError);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("retry-after")).toBe("2");
    expect(unavailable.code).toBe("server_is_overloaded");

    // Real servers report an overlong input as an `error` event right after response.in_progress.
    const overflow = await rejection(client.responses.stream(params).finalResponse());
    expect(overflow).toBeInstanceOf(OpenAI.APIError);
    expect(overflow.code).toBe("context_length_exceeded");
    expect(overflow.message).toContain("exceeds the context window");

    let seen = "";
    const stream = client.responses.stream(params);
    stream.on("response.output_text.delta", (e) => (seen += e.delta));
    expect(await rejection(stream.finalResponse())).toBeInstanceOf(Error);
    expect(seen).toBe("neve"); // created, in_progress, item added, part added, two deltas, then the drop
  });
});

describe("server", () => {
  test("push/remaining, loop mode, 404 for unknown paths", async () => {
    mock.push(text("a"), text("b"));
    expect(mock.remaining()).toBe(2);
    const res = await fetch(`${mock.url}/v1/embeddings`);
    expect(res.status).toBe(404);
    expect(mock.remaining()).toBe(2);

    const looping = await startMockLLM({ script: [text("x"), text("y")], loop: true });
    try {
      const client = new Anthropic({ baseURL: looping.url, apiKey: "k", maxRetries: 0 });
      const got: string[] = [];
      for (let i = 0; i < 5; i++) {
        const msg = await client.messages.create({ model: "m", max_tokens: 10, messages: [{ role: "user", content: "q" }] });
        got.push(msg.content[0]?.type === "text" ? msg.content[0].text : "?");
      }
      expect(got).toEqual(["x", "y", "x", "y", "x"]);
      expect(looping.remaining()).toBe(2);
    } finally {
      await looping.close();
    }
  });

  test("GET /v1/models lists a model without using a step; acceptKeys answers other keys with the wire's 401", async () => {
    const listing = await fetch(`${mock.url}/v1/models`, { headers: { authorization: "Bearer any" } });
    expect(listing.status).toBe(200);
    expect(((await listing.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toEqual(["mock-model"]);
    const guarded = await startMockLLM({ acceptKeys: ["good"] });
    try {
      const ok = new Anthropic({ baseURL: guarded.url, apiKey: "good", maxRetries: 0 });
      expect((await ok.models.list()).data[0]!.id).toBe("mock-model");
      const bad = new Anthropic({ baseURL: guarded.url, apiKey: "bad", maxRetries: 0 });
      expect(await rejection(bad.models.list())).toMatchObject({ status: 401 });
      expect(guarded.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/models", "GET /v1/models"]);
    } finally {
      await guarded.close();
    }
  });

  test("a client abort mid-stream leaves the server serving", async () => {
    mock.push(text("x".repeat(200), { chunkSize: 1, tokenDelayMs: 5 }), text("next"));
    const client = anthropic();
    const params = { model: "m", max_tokens: 10, messages: [{ role: "user" as const, content: "q" }] };
    const stream = client.messages.stream(params);
    stream.on("text", () => stream.abort());
    expect(await rejection(stream.finalMessage())).toBeInstanceOf(Anthropic.APIUserAbortError);
    const msg = await client.messages.create(params);
    expect(msg.content[0]).toMatchObject({ type: "text", text: "next" });
  });

  test("tokenDelayMs spaces the frames out", async () => {
    mock.push(text("abcdefgh", { chunkSize: 2, tokenDelayMs: 40 }));
    const stamps: number[] = [];
    const stream = await openai().chat.completions.create({ model: "m", messages: [{ role: "user", content: "q" }], stream: true });
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) stamps.push(performance.now());
    expect(stamps).toHaveLength(4);
    expect(stamps.at(-1)! - stamps[0]!).toBeGreaterThanOrEqual(100); // three 40 ms gaps; a lower bound only
  });

  test("standalone CLI prints its URL and serves a script file", async () => {
    const file = `${tempDir("kit-mock-llm-")}/script.json`;
    await Bun.write(file, JSON.stringify([text("from file"), { kind: "http_error", status: 401 }]));
    const proc = Bun.spawn([process.execPath, `${import.meta.dir}/mock-llm.ts`, "--port", "0", "--script", file], {
      stdout: "pipe",
      stderr: "inherit",
    });
    try {
      const reader = proc.stdout.getReader();
      let out = "";
      while (!out.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) break;
        out += new TextDecoder().decode(value);
      }
      const url = out.trim();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = new OpenAI({ baseURL: url + "/v1", apiKey: "test", maxRetries: 0 });
      const r = await client.responses.create({ model: "m", input: "q" });
      expect(r.output_text).toBe("from file");
      expect(await rejection(client.responses.create({ model: "m", input: "q" }))).toBeInstanceOf(OpenAI.AuthenticationError);
    } finally {
      proc.kill();
      await proc.exited;
    }
  });
});

describe("gemini generateContent", () => {
  const post = (path: string, body: object) =>
    fetch(`${mock.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const dataLines = (sse: string) => sse.split("\n\n").filter(Boolean).map((frame) => JSON.parse(frame.replace(/^data: /, "")));

  test("stream: bare data lines of GenerateContentResponse; thoughts, the signature on the first call, usage with thought tokens", async () => {
    mock.push(toolCall("read", { path: "a" }, { reasoning: { text: "think", signature: "c2ln" }, usage: { input: 7, output: 20, cacheRead: 3 } }));
    const res = await post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", { contents: [] });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const chunks = dataLines(await res.text());
    const parts = chunks.flatMap((c) => c.candidates[0].content.parts);
    expect(parts[0]).toEqual({ text: "think", thought: true });
    expect(parts.find((p: { functionCall?: unknown }) => p.functionCall)).toEqual({ functionCall: { name: "read", args: { path: "a" } }, thoughtSignature: "c2ln" });
    const last = chunks.at(-1);
    expect(last.candidates[0].finishReason).toBe("STOP");
    expect(last.usageMetadata).toEqual({ promptTokenCount: 10, candidatesTokenCount: 18, cachedContentTokenCount: 3, thoughtsTokenCount: 2, totalTokenCount: 30 });
    expect(last.modelVersion).toBe("gemini-2.5-flash");
    expect(mock.requests.at(-1)).toMatchObject({ wire: "gemini", query: "?alt=sse" });
  });

  test("non-streaming generateContent, and Google's error bodies (a bad key is a 400 with API_KEY_INVALID)", async () => {
    mock.push(text("hello"), httpError(401), httpError(429));
    const ok = (await (await post("/v1beta/models/gemini-2.5-pro:generateContent", { contents: [] })).json()) as any;
    expect(ok.candidates[0]).toMatchObject({ content: { role: "model", parts: [{ text: "hello" }] }, finishReason: "STOP" });
    const bad = await post("/v1beta/models/gemini-2.5-pro:streamGenerateContent", {});
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT", details: [{ reason: "API_KEY_INVALID" }] });
    const limited = await post("/v1beta/models/gemini-2.5-pro:streamGenerateContent", {});
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as any).error.status).toBe("RESOURCE_EXHAUSTED");
  });

  test("an in-stream error is a data line with an error object", async () => {
    mock.push(text("partial text", { streamError: { afterChunks: 1, kind: "overloaded" } }));
    const chunks = dataLines(await (await post("/v1beta/models/g:streamGenerateContent?alt=sse", {})).text());
    expect(chunks.at(-1)).toEqual({ error: { code: 503, message: "mock error (HTTP 503)", status: "UNAVAILABLE" } });
  });
});
