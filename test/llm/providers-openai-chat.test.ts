/** The Chat Completions ("openai-compat") adapter: what it sends. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { Message } from "../../src/llm/types.ts";
import { startMockLLM, text, type MockLLM } from "../support/mock-llm.ts";
import { expectDone, makeRequest, READ_TOOL, run, user, type RequestOverrides } from "../support/provider-harness.ts";

let mock: MockLLM;
beforeEach(async () => {
  mock = await startMockLLM();
});
afterEach(async () => {
  await mock.close();
});

async function sent(o: RequestOverrides = {}) {
  mock.push(text("ok"));
  expectDone(await run("openai-compat", makeRequest("openai-compat", mock, o)));
  expect(mock.requests.at(-1)!.path).toBe("/v1/chat/completions");
  return mock.requests.at(-1)!.body;
}

const PNG = "iVBORw0KGgoAAAANSUhEUg==";

test("system message first (stable then dynamic), usage requested in the stream", async () => {
  const body = await sent({ system: { stable: "You are kit.", dynamic: "Today is Monday." }, messages: [user("hi")] });
  expect(body.stream).toBe(true);
  expect(body.stream_options).toEqual({ include_usage: true });
  expect(body.messages).toEqual([
    { role: "system", content: "You are kit.\n\nToday is Monday." },
    { role: "user", content: "hi" },
  ]);
});

test("tools are offered as functions", async () => {
  const body = await sent({ tools: [READ_TOOL] });
  expect(body.tools).toEqual([
    { type: "function", function: { name: "read", description: "Read a file", parameters: READ_TOOL.parameters } },
  ]);
});

test("no tools key when there are no tools, no optional fields unless set", async () => {
  const body = await sent();
  for (const key of ["tools", "max_tokens", "temperature", "top_p", "stop", "reasoning_effort", "frequency_penalty", "presence_penalty"]) {
    expect(body).not.toHaveProperty(key);
  }
});

test("assistant tool_calls with the arguments verbatim, results as tool messages with tool_call_id", async () => {
  const messages: Message[] = [
    user("read two files"),
    {
      role: "assistant",
      content: [
        { type: "reasoning", text: "internal" },
        { type: "text", text: "Reading both." },
        { type: "tool_call", id: "call_a", name: "read", input: '{"path": "a.ts"}' },
        { type: "tool_call", id: "call_b", name: "read", input: '{"path":"b.ts"}' },
      ],
    },
    {
      role: "tool",
      content: [
        { type: "tool_result", toolCallId: "call_a", name: "read", content: "A", isError: false },
        { type: "tool_result", toolCallId: "call_b", name: "read", content: "missing", isError: true },
      ],
    },
  ];
  const body = await sent({ messages, tools: [READ_TOOL] });
  expect(body.messages.slice(1)).toEqual([
    { role: "user", content: "read two files" },
    {
      role: "assistant",
      content: "Reading both.",
      // The reasoning streamed with the calls goes back with them (DeepSeek rejects the turn without it).
      reasoning_content: "internal",
      tool_calls: [
        { id: "call_a", type: "function", function: { name: "read", arguments: '{"path": "a.ts"}' } },
        { id: "call_b", type: "function", function: { name: "read", arguments: '{"path":"b.ts"}' } },
      ],
    },
    { role: "tool", tool_call_id: "call_a", content: "A" },
    { role: "tool", tool_call_id: "call_b", content: "missing" },
  ]);
});

test("an assistant turn with only tool calls has null content", async () => {
  const body = await sent({
    messages: [user("go"), { role: "assistant", content: [{ type: "tool_call", id: "c1", name: "ls", input: "{}" }] }],
  });
  expect(body.messages[2]).toEqual({
    role: "assistant",
    content: null,
    tool_calls: [{ id: "c1", type: "function", function: { name: "ls", arguments: "{}" } }],
  });
});

test("images travel as data URLs; a tool's image follows its tool message in a user message", async () => {
  const messages: Message[] = [
    { role: "user", content: [{ type: "text", text: "what is this?" }, { type: "image", mediaType: "image/png", data: PNG }] },
    { role: "assistant", content: [{ type: "tool_call", id: "c1", name: "read", input: '{"path":"x.jpg"}' }] },
    {
      role: "tool",
      content: [
        {
          type: "tool_result",
          toolCallId: "c1",
          name: "read",
          content: [{ type: "text", text: "x.jpg, 2 KB" }, { type: "image", mediaType: "image/jpeg", data: "/9j/4AAQ" }],
          isError: false,
        },
      ],
    },
  ];
  const body = await sent({ messages });
  expect(body.messages[1]).toEqual({
    role: "user",
    content: [
      { type: "text", text: "what is this?" },
      { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
    ],
  });
  expect(body.messages[3]).toEqual({ role: "tool", tool_call_id: "c1", content: "x.jpg, 2 KB" });
  expect(body.messages[4]).toEqual({ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/4AAQ" } }] });
  expect(body.messages).toHaveLength(5);
});

test("generation options map onto their Chat Completions names", async () => {
  const body = await sent({
    options: { maxTokens: 512, temperature: 0.2, topP: 0.8, stopSequences: ["END", "STOP"], frequencyPenalty: 0.1, presencePenalty: -0.1 },
  });
  expect(body).toMatchObject({ max_tokens: 512, temperature: 0.2, top_p: 0.8, stop: ["END", "STOP"], frequency_penalty: 0.1, presence_penalty: -0.1 });
});

test.each([
  ["low", "low"],
  ["high", "high"],
  ["minimal", "minimal"],
  ["none", "none"],
] as const)("thinking level %p sends reasoning_effort %p", async (level, effort) => {
  expect((await sent({ options: { thinkingLevel: level } })).reasoning_effort).toBe(effort);
});

test("thinking off sends no reasoning_effort", async () => {
  expect(await sent({ options: { thinkingLevel: "off" } })).not.toHaveProperty("reasoning_effort");
});

test("the id a tool call starts with is the one its end and the message carry", async () => {
  mock.push({ kind: "reply", toolCalls: [{ name: "ls", input: {} }] });
  const c = await run("openai-compat", makeRequest("openai-compat", mock));
  const start = c.of("tool_call_start")[0]!;
  expect(start.id).toMatch(/^call_/);
  expect(c.of("tool_call_end").map((e) => e.id)).toEqual([start.id]);
  expect(expectDone(c).message.content).toEqual([{ type: "tool_call", id: start.id, name: "ls", input: "{}" }]);
});

test("usage: reasoning tokens are added to the output only where the wire reports them beside it", async () => {
  const { chatUsage } = await import("../../src/llm/providers/openai-chat.ts");
  const details = (reasoning: number) => ({ completion_tokens_details: { reasoning_tokens: reasoning } });
  // OpenAI and DeepSeek: inside completion_tokens (total = prompt + completion).
  expect(chatUsage({ prompt_tokens: 100, completion_tokens: 300, total_tokens: 400, ...details(250) }).output).toBe(300);
  // xAI: beside it (total = prompt + completion + reasoning), also when reasoning is the smaller part.
  expect(chatUsage({ prompt_tokens: 164, completion_tokens: 27, total_tokens: 677, ...details(486) }).output).toBe(513);
  expect(chatUsage({ prompt_tokens: 100, completion_tokens: 300, total_tokens: 450, ...details(50) }).output).toBe(350);
  // No total: only a reasoning count above the output count can be outside it.
  expect(chatUsage({ prompt_tokens: 100, completion_tokens: 27, total_tokens: 0, ...details(486) }).output).toBe(513);
});
