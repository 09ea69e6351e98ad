/** The Responses ("openai") adapter: what it sends, and reasoning round trips through encrypted content. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { Message, ReasoningPart } from "../../src/llm/types.ts";
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
  expectDone(await run("openai", makeRequest("openai", mock, o)));
  expect(mock.requests.at(-1)!.path).toBe("/v1/responses");
  return mock.requests.at(-1)!.body;
}

test("instructions from both system parts, stateless (store false), user input items", async () => {
  const body = await sent({ system: { stable: "You are kit.", dynamic: "Today is Monday." }, messages: [user("hi")] });
  expect(body).toMatchObject({ model: "gpt-test", stream: true, store: false, instructions: "You are kit.\n\nToday is Monday." });
  expect(body.input).toEqual([{ role: "user", content: [{ type: "input_text", text: "hi" }] }]);
});

test("no optional fields unless set", async () => {
  const body = await sent();
  for (const key of ["tools", "max_output_tokens", "temperature", "top_p", "reasoning", "include"]) expect(body).not.toHaveProperty(key);
});

test("tools as non-strict functions; max_output_tokens, temperature and top_p", async () => {
  const body = await sent({ tools: [READ_TOOL], options: { maxTokens: 2048, temperature: 0.4, topP: 0.7 } });
  expect(body.tools).toEqual([{ type: "function", name: "read", description: "Read a file", parameters: READ_TOOL.parameters, strict: false }]);
  expect(body).toMatchObject({ max_output_tokens: 2048, temperature: 0.4, top_p: 0.7 });
});

test("thinking on: reasoning effort with summaries, encrypted reasoning included; off: neither", async () => {
  const on = await sent({ options: { thinkingLevel: "medium" } });
  expect(on.reasoning).toEqual({ effort: "medium", summary: "auto" });
  expect(on.include).toEqual(["reasoning.encrypted_content"]);
  const off = await sent({ options: { thinkingLevel: "off" } });
  expect(off).not.toHaveProperty("reasoning");
  expect(off).not.toHaveProperty("include");
});

test("function_call and function_call_output items; images as data URLs", async () => {
  const messages: Message[] = [
    { role: "user", content: [{ type: "text", text: "look" }, { type: "image", mediaType: "image/png", data: "iVBORw0K" }] },
    {
      role: "assistant",
      content: [
        { type: "text", text: "Reading." },
        { type: "tool_call", id: "call_a", name: "read", input: '{"path": "a.ts"}' },
      ],
    },
    {
      role: "tool",
      content: [
        { type: "tool_result", toolCallId: "call_a", name: "read", content: "A", isError: false },
        {
          type: "tool_result",
          toolCallId: "call_b",
          name: "read",
          content: [{ type: "text", text: "shot" }, { type: "image", mediaType: "image/jpeg", data: "/9j/" }],
          isError: false,
        },
      ],
    },
  ];
  const body = await sent({ messages });
  expect(body.input).toEqual([
    {
      role: "user",
      content: [
        { type: "input_text", text: "look" },
        { type: "input_image", image_url: "data:image/png;base64,iVBORw0K", detail: "auto" },
      ],
    },
    { role: "assistant", content: "Reading." },
    { type: "function_call", call_id: "call_a", name: "read", arguments: '{"path": "a.ts"}' },
    { type: "function_call_output", call_id: "call_a", output: "A" },
    {
      type: "function_call_output",
      call_id: "call_b",
      output: [
        { type: "input_text", text: "shot" },
        { type: "input_image", image_url: "data:image/jpeg;base64,/9j/", detail: "auto" },
      ],
    },
  ]);
});

test("encrypted reasoning and its item id go back as a reasoning input item", async () => {
  const summary = "Need to read the file first.";
  mock.push({
    kind: "reply",
    reasoning: { text: summary, signature: "gAAAAABencrypted==" },
    toolCalls: [{ id: "call_r", name: "read", input: { path: "a.ts" } }],
  });
  mock.push(text("done"));
  const first = makeRequest("openai", mock, { tools: [READ_TOOL], options: { thinkingLevel: "high" } });
  const answer = expectDone(await run("openai", first)).message;
  const reasoning = answer.content[0] as ReasoningPart;
  expect(reasoning.type).toBe("reasoning");
  expect(reasoning.text).toBe(summary);
  expect(reasoning.signature).toBe("gAAAAABencrypted==");
  expect(reasoning.id).toMatch(/^rs_/);
  expect(answer.content[1]).toEqual({ type: "tool_call", id: "call_r", name: "read", input: '{"path":"a.ts"}' });

  const messages: Message[] = [
    ...first.messages,
    answer,
    { role: "tool", content: [{ type: "tool_result", toolCallId: "call_r", name: "read", content: "x", isError: false }] },
  ];
  expectDone(await run("openai", { ...first, messages }));
  const input = mock.requests[1]!.body.input;
  expect(input).toEqual([
    { role: "user", content: [{ type: "input_text", text: "hi" }] },
    { type: "reasoning", id: reasoning.id, encrypted_content: "gAAAAABencrypted==", summary: [{ type: "summary_text", text: summary }] },
    { type: "function_call", call_id: "call_r", name: "read", arguments: '{"path":"a.ts"}' },
    { type: "function_call_output", call_id: "call_r", output: "x" },
  ]);
  expect(mock.requests[1]!.body.include).toEqual(["reasoning.encrypted_content"]);
});

test("reasoning without encrypted content is not sent back", async () => {
  mock.push({ kind: "reply", reasoning: { text: "plain summary" }, text: "answer" }, text("next"));
  const first = makeRequest("openai", mock, { options: { thinkingLevel: "low" } });
  const answer = expectDone(await run("openai", first)).message;
  expect(answer.content[0]).toMatchObject({ type: "reasoning", text: "plain summary" });
  expect((answer.content[0] as ReasoningPart).signature).toBeUndefined();

  expectDone(await run("openai", { ...first, messages: [...first.messages, answer, user("more")] }));
  expect(mock.requests[1]!.body.input).toEqual([
    { role: "user", content: [{ type: "input_text", text: "hi" }] },
    { role: "assistant", content: "answer" },
    { role: "user", content: [{ type: "input_text", text: "more" }] },
  ]);
});

test("reasoning models carry their encrypted reasoning without a thinking level; other models are not asked for it", async () => {
  for (const model of ["gpt-5.1", "o4-mini", "gpt-5.3-codex"]) {
    expect((await sent({ model })).include).toEqual(["reasoning.encrypted_content"]);
    expect(mock.requests.at(-1)!.body).not.toHaveProperty("reasoning");
  }
  expect(await sent({ model: "gpt-4.1" })).not.toHaveProperty("include");
});
