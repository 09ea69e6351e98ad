/** The Gemini adapter against the mock's Gemini wire: what it sends, what it reads back. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { loadProvider } from "../../src/llm/providers/index.ts";
import type { LLMRequest, Message } from "../../src/llm/types.ts";
import { httpError, startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import { collect, expectDone, expectError, READ_TOOL, user } from "../support/provider-harness.ts";

let mock: MockLLM;
beforeEach(async () => {
  mock = await startMockLLM();
});
afterEach(async () => {
  await mock.close();
});

function request(o: Partial<LLMRequest> = {}, model = "gemini-2.5-flash"): LLMRequest {
  return {
    target: { provider: "google", model, wire: "gemini", baseUrl: `${mock.url}/v1beta`, apiKey: "gemini-key" },
    system: { stable: "You are kit.", dynamic: "Today is Monday." },
    messages: [user("hi")],
    tools: [],
    options: {},
    ...o,
  };
}

const run = async (req: LLMRequest) => collect((await loadProvider("gemini")).stream(req));

test("streams text from streamGenerateContent?alt=sse with the key in x-goog-api-key", async () => {
  mock.push(text("Hello from Gemini, streamed.", { chunkSize: 5, usage: { input: 30, output: 7, cacheRead: 12 } }));
  const done = expectDone(await run(request()));
  expect(done.message.content).toEqual([{ type: "text", text: "Hello from Gemini, streamed." }]);
  expect(done.stopReason).toBe("stop");
  expect(done.rawStopReason).toBe("STOP");
  expect(done.usage).toEqual({ input: 30, output: 7, cacheRead: 12, cacheWrite: 0 });
  const r = mock.requests[0]!;
  expect(r.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
  expect(r.query).toBe("?alt=sse");
  expect(r.headers["x-goog-api-key"]).toBe("gemini-key");
  expect(r.body.systemInstruction).toEqual({ parts: [{ text: "You are kit.\n\nToday is Monday." }] });
  expect(r.body.contents).toEqual([{ role: "user", parts: [{ text: "hi" }] }]);
  expect(r.body).not.toHaveProperty("generationConfig");
});

test("function calls come back whole; the thought signature returns on the call it came with", async () => {
  mock.push(
    toolCall("read", { path: "a.ts" }, { reasoning: { text: "I should read a.ts first.", signature: "c2lnLTE=" }, usage: { input: 50, output: 40 } }),
    text("a.ts is empty."),
  );
  const first = expectDone(await run(request({ tools: [READ_TOOL], options: { thinkingLevel: "low" } })));
  expect(first.stopReason).toBe("tool_calls");
  const call = first.message.content.find((p) => p.type === "tool_call")!;
  expect(call).toMatchObject({ name: "read", input: '{"path":"a.ts"}' });
  expect(first.message.content.find((p) => p.type === "reasoning")).toMatchObject({ text: "I should read a.ts first." });
  // Thought tokens count as output: the mock reports them beside candidatesTokenCount.
  expect(first.usage.output).toBe(40);
  const sent = mock.requests[0]!.body;
  expect(sent.tools).toEqual([{ functionDeclarations: [{ name: "read", description: "Read a file", parametersJsonSchema: READ_TOOL.parameters }] }]);
  expect(sent.generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } });

  const history: Message[] = [
    user("read a.ts"),
    first.message,
    { role: "tool", content: [{ type: "tool_result", toolCallId: call.type === "tool_call" ? call.id : "", name: "read", content: "", isError: false }] },
  ];
  expectDone(await run(request({ messages: history, tools: [READ_TOOL] })));
  const contents = mock.requests[1]!.body.contents;
  expect(contents).toEqual([
    { role: "user", parts: [{ text: "read a.ts" }] },
    { role: "model", parts: [{ functionCall: { name: "read", args: { path: "a.ts" } }, thoughtSignature: "c2lnLTE=" }] },
    { role: "user", parts: [{ functionResponse: { name: "read", response: { output: "" } } }] },
  ]);
});

test("Gemini 3 takes a thinking level; a call from another model gets the documented stand-in signature", async () => {
  mock.push(text("ok"));
  const history: Message[] = [
    user("go"),
    { role: "assistant", content: [{ type: "tool_call", id: "toolu_1", name: "read", input: '{"path":"x"}' }] },
    { role: "tool", content: [{ type: "tool_result", toolCallId: "toolu_1", name: "read", content: "x", isError: true }] },
  ];
  expectDone(await run(request({ messages: history, options: { thinkingLevel: "high" } }, "gemini-3-pro-preview")));
  const body = mock.requests[0]!.body;
  expect(body.generationConfig.thinkingConfig).toEqual({ thinkingLevel: "high", includeThoughts: true });
  expect(body.contents[1].parts[0]).toEqual({ functionCall: { id: "toolu_1", name: "read", args: { path: "x" } }, thoughtSignature: "skip_thought_signature_validator" });
  expect(body.contents[2].parts[0]).toEqual({ functionResponse: { id: "toolu_1", name: "read", response: { error: "x" } } });
});

test("images go as inline data", async () => {
  mock.push(text("a cat"));
  expectDone(await run(request({ messages: [{ role: "user", content: [{ type: "image", mediaType: "image/png", data: "iVBORw0KGgo=" }, { type: "text", text: "what is it?" }] }] })));
  expect(mock.requests[0]!.body.contents[0].parts).toEqual([{ inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } }, { text: "what is it?" }]);
});

test("errors: a bad key is auth, 429 rate limit, an overlong prompt context overflow, an in-stream error a server error", async () => {
  mock.push(httpError(401), httpError(429), httpError(400, { code: "context_length_exceeded" }), text("partial answer here", { streamError: { afterChunks: 1, kind: "server" } }));
  expect(expectError(await run(request())).kind).toBe("auth");
  expect(expectError(await run(request())).kind).toBe("rate_limit");
  expect(expectError(await run(request())).kind).toBe("context_overflow");
  const c = await run(request());
  expect(expectError(c).kind).toBe("server");
  expect(c.text).toBe("partial ");
});

test("a length cut and a safety stop are reported as such", async () => {
  mock.push(text("cut", { stopReason: "length" }), text("", { stopReason: "refusal" }));
  expect(expectDone(await run(request())).stopReason).toBe("length");
  expect(expectDone(await run(request())).stopReason).toBe("content_filter");
});
