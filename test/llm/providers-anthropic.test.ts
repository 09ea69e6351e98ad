/** The Anthropic Messages adapter: what it sends, thinking round trips and SDK warnings. */
import { afterEach, beforeEach, describe, expect, spyOn, test } from "bun:test";
import { toAnthropicMessages, usesAdaptiveThinking } from "../../src/llm/providers/anthropic.ts";
import type { Message } from "../../src/llm/types.ts";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import { expectDone, makeRequest, READ_TOOL, run, user, type RequestOverrides } from "../support/provider-harness.ts";

let mock: MockLLM;
beforeEach(async () => {
  mock = await startMockLLM();
});
afterEach(async () => {
  await mock.close();
});

/** Streams one request and returns the body the server received. */
async function sent(o: RequestOverrides = {}) {
  mock.push(text("ok"));
  const c = await run("anthropic", makeRequest("anthropic", mock, o));
  expectDone(c);
  return { body: mock.requests.at(-1)!.body, c };
}

const toolTurn: Message[] = [
  user("read a.ts"),
  { role: "assistant", content: [{ type: "text", text: "Reading." }, { type: "tool_call", id: "toolu_1", name: "read", input: '{"path":"a.ts"}' }] },
  { role: "tool", content: [{ type: "tool_result", toolCallId: "toolu_1", name: "read", content: "no such file", isError: true }] },
  { role: "assistant", content: [{ type: "tool_call", id: "toolu_2", name: "read", input: '{"path":"b.ts"}' }] },
  { role: "tool", content: [{ type: "tool_result", toolCallId: "toolu_2", name: "read", content: "export {}", isError: false }] },
];

describe("request body", () => {
  test("system: stable part cached, dynamic part after it without cache_control", async () => {
    const { body } = await sent({ system: { stable: "You are kit.", dynamic: "Today is Monday." } });
    expect(body.system).toEqual([
      { type: "text", text: "You are kit.", cache_control: { type: "ephemeral" } },
      { type: "text", text: "Today is Monday." },
    ]);
  });

  test("cache_control on the last block of the last two user messages only", async () => {
    const { body } = await sent({
      messages: [
        user("first"),
        { role: "assistant", content: [{ type: "text", text: "one" }] },
        user("second"),
        { role: "assistant", content: [{ type: "text", text: "two" }] },
        { role: "user", content: [{ type: "text", text: "third" }, { type: "image", mediaType: "image/png", data: "iVBORw0KGgo=" }] },
      ],
    });
    const messages = body.messages as { role: string; content: Record<string, unknown>[] }[];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(messages[0]!.content).toEqual([{ type: "text", text: "first" }]);
    expect(messages[1]!.content).toEqual([{ type: "text", text: "one" }]);
    expect(messages[2]!.content).toEqual([{ type: "text", text: "second", cache_control: { type: "ephemeral" } }]);
    expect(messages[4]!.content).toEqual([
      { type: "text", text: "third" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" }, cache_control: { type: "ephemeral" } },
    ]);
  });

  test("tools with input_schema; tool results inside user messages with is_error", async () => {
    const { body } = await sent({ tools: [READ_TOOL], messages: toolTurn });
    expect(body.tools).toEqual([{ name: "read", description: "Read a file", input_schema: READ_TOOL.parameters }]);
    const messages = body.messages as { role: string; content: Record<string, unknown>[] }[];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(messages[1]!.content).toEqual([
      { type: "text", text: "Reading." },
      { type: "tool_use", id: "toolu_1", name: "read", input: { path: "a.ts" } },
    ]);
    expect(messages[2]!.content).toEqual([
      { type: "tool_result", tool_use_id: "toolu_1", content: "no such file", is_error: true, cache_control: { type: "ephemeral" } },
    ]);
    expect(messages[4]!.content).toEqual([
      { type: "tool_result", tool_use_id: "toolu_2", content: "export {}", cache_control: { type: "ephemeral" } },
    ]);
  });

  test("a tool result and the user's next text merge into one user message, result first", () => {
    const merged = toAnthropicMessages([
      user("go"),
      { role: "assistant", content: [{ type: "tool_call", id: "t1", name: "ls", input: "not json" }] },
      user("and also this"),
      { role: "tool", content: [{ type: "tool_result", toolCallId: "t1", name: "ls", content: [{ type: "text", text: "a.ts" }], isError: false }] },
    ]);
    expect(merged).toHaveLength(3);
    // Malformed arguments are sent as an empty object so the history stays valid.
    expect(merged[1]!.content).toEqual([{ type: "tool_use", id: "t1", name: "ls", input: {} }]);
    expect(merged[2]).toEqual({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text: "a.ts" }] },
        { type: "text", text: "and also this", cache_control: { type: "ephemeral" } },
      ],
    });
  });

  test("max_tokens: 8192 by default, the model's output limit capped at 32000, the option first", async () => {
    expect((await sent()).body.max_tokens).toBe(8192);
    expect((await sent({ outputLimit: 64000 })).body.max_tokens).toBe(32000);
    expect((await sent({ outputLimit: 4000 })).body.max_tokens).toBe(4000);
    expect((await sent({ outputLimit: 64000, options: { maxTokens: 1234 } })).body.max_tokens).toBe(1234);
  });

  test("sampling options and stop sequences are sent for a model without thinking", async () => {
    const { body, c } = await sent({ options: { temperature: 0.3, topP: 0.9, topK: 40, stopSequences: ["END"] } });
    expect(body).toMatchObject({ temperature: 0.3, top_p: 0.9, top_k: 40, stop_sequences: ["END"] });
    expect(body.thinking).toBeUndefined();
    expect(c.warnings).toEqual([]);
  });

  test("older model: thinking enabled with a budget below max_tokens, no sampling parameters", async () => {
    const { body } = await sent({ model: "claude-haiku-4-5", options: { thinkingLevel: "low", temperature: 0.5 } });
    expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 4096 });
    expect(body.output_config).toBeUndefined();
    expect(body.temperature).toBeUndefined();
    expect(body.max_tokens).toBeGreaterThan(4096);

    // Without --max-tokens, max_tokens makes room for the budget, within the model's output limit.
    const roomy = await sent({ model: "claude-haiku-4-5", outputLimit: 64000, options: { thinkingLevel: "high" } });
    expect(roomy.body).toMatchObject({ max_tokens: 40192, thinking: { type: "enabled", budget_tokens: 32000 } });
    expect(roomy.c.warnings).toEqual([]);
    const limited = await sent({ model: "claude-haiku-4-5", outputLimit: 8192, options: { thinkingLevel: "high" } });
    expect(limited.body).toMatchObject({ max_tokens: 8192, thinking: { type: "enabled", budget_tokens: 7168 } });
  });

  test("an explicit max_tokens is never raised: the budget shrinks to fit it, and kit says so", async () => {
    const fits = await sent({ model: "claude-haiku-4-5", options: { thinkingLevel: "low", maxTokens: 20000 } });
    expect(fits.body).toMatchObject({ max_tokens: 20000, thinking: { type: "enabled", budget_tokens: 4096 } });
    expect(fits.c.warnings).toEqual([]);

    const shrunk = await sent({ model: "claude-haiku-4-5", options: { thinkingLevel: "high", maxTokens: 5000 } });
    expect(shrunk.body).toMatchObject({ max_tokens: 5000, thinking: { type: "enabled", budget_tokens: 3976 } });
    expect(shrunk.c.warnings).toEqual(["the thinking budget of --thinking-level high (32000 tokens) does not fit --max-tokens 5000: thinking gets 3976 tokens"]);

    // Just above the API's minimum budget: the smallest budget, below max_tokens.
    const tight = await sent({ model: "claude-haiku-4-5", options: { thinkingLevel: "medium", maxTokens: 1500 } });
    expect(tight.body).toMatchObject({ max_tokens: 1500, thinking: { type: "enabled", budget_tokens: 1024 } });
  });

  test("an explicit max_tokens too small for any budget turns thinking off, with one notice", async () => {
    const { body, c } = await sent({ model: "claude-haiku-4-5", options: { thinkingLevel: "high", maxTokens: 1000, temperature: 0.4 } });
    expect(body.max_tokens).toBe(1000);
    expect(body.thinking).toBeUndefined();
    // Without thinking, sampling parameters are allowed again.
    expect(body.temperature).toBe(0.4);
    expect(c.warnings).toEqual([
      "--max-tokens 1000 leaves no room for thinking (the smallest budget is 1024 tokens, below max_tokens): thinking is off; raise --max-tokens to think",
    ]);
  });

  test("thinking off sends no thinking config", async () => {
    expect((await sent({ model: "claude-sonnet-4-5", options: { thinkingLevel: "off" } })).body.thinking).toBeUndefined();
    expect((await sent({ model: "claude-opus-4-6", options: { thinkingLevel: "off" } })).body.thinking).toBeUndefined();
  });

  test("newer model: adaptive thinking with an effort; temperature dropped with a warning", async () => {
    const { body, c } = await sent({ model: "claude-opus-4-6", options: { thinkingLevel: "medium", temperature: 0.2, topK: 5 } });
    expect(body.thinking).toEqual({ type: "adaptive" });
    expect(body.output_config).toEqual({ effort: "medium" });
    expect(body.temperature).toBeUndefined();
    expect(body.top_k).toBeUndefined();
    expect(c.warnings).toEqual(["claude-opus-4-6 takes no sampling parameters; --temperature, --top-k ignored"]);
    expect(c.types.indexOf("warning")).toBeLessThan(c.types.indexOf("done"));
  });

  test("newer model without thinking still drops sampling parameters, with the warning", async () => {
    const { body, c } = await sent({ model: "claude-opus-4-6", options: { topP: 0.5 } });
    expect(body.top_p).toBeUndefined();
    expect(body.thinking).toBeUndefined();
    expect(c.warnings).toEqual(["claude-opus-4-6 takes no sampling parameters; --top-p ignored"]);
  });

  test.each([
    ["claude-opus-4-6", true],
    ["claude-sonnet-4-6", true],
    ["claude-opus-5", true],
    ["claude-sonnet-5-5", true],
    ["claude-mythos-preview", true],
    ["claude-sonnet-4-5", false],
    ["claude-sonnet-4-5-20250929", false],
    ["claude-opus-4-1", false],
    ["claude-opus-4-20250514", false],
    ["claude-3-7-sonnet-20250219", false],
  ])("usesAdaptiveThinking(%p) is %p", (model, adaptive) => {
    expect(usesAdaptiveThinking(model)).toBe(adaptive);
  });
});

test("the thinking signature is sent back verbatim with the tool result", async () => {
  const thought = "I need the file contents.";
  mock.push({
    kind: "reply",
    reasoning: { text: thought, signature: "EqQBCkYIARgCIkD+opaque/signature==" },
    toolCalls: [{ id: "toolu_sig", name: "read", input: { path: "a.ts" } }],
  });
  mock.push(text("done"));
  const first = makeRequest("anthropic", mock, { tools: [READ_TOOL], options: { thinkingLevel: "low" } });
  const answer = expectDone(await run("anthropic", first)).message;
  expect(answer.content[0]).toEqual({ type: "reasoning", text: thought, signature: "EqQBCkYIARgCIkD+opaque/signature==" });

  const messages: Message[] = [
    ...first.messages,
    answer,
    { role: "tool", content: [{ type: "tool_result", toolCallId: "toolu_sig", name: "read", content: "x", isError: false }] },
  ];
  expectDone(await run("anthropic", { ...first, messages }));
  const assistant = mock.requests[1]!.body.messages[1];
  expect(assistant).toEqual({
    role: "assistant",
    content: [
      { type: "thinking", thinking: thought, signature: "EqQBCkYIARgCIkD+opaque/signature==" },
      { type: "tool_use", id: "toolu_sig", name: "read", input: { path: "a.ts" } },
    ],
  });
});

test("redacted thinking goes back as redacted_thinking; unsigned reasoning is left out", () => {
  const [, assistant] = toAnthropicMessages([
    user("q"),
    {
      role: "assistant",
      content: [
        { type: "reasoning", text: "", signature: "opaque-data", redacted: true },
        { type: "reasoning", text: "from another provider" },
        { type: "text", text: "a" },
      ],
    },
  ]);
  expect(assistant!.content).toEqual([
    { type: "redacted_thinking", data: "opaque-data" },
    { type: "text", text: "a" },
  ]);
});

test("the SDK's deprecation warning becomes a warning event; nothing reaches the console", async () => {
  const warn = spyOn(console, "warn");
  try {
    mock.push(toolCall("read", { path: "a" }), text("second"));
    const req = makeRequest("anthropic", mock, { model: "claude-opus-4-5" });
    const c = await run("anthropic", req);
    expectDone(c);
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0]).toContain("claude-opus-4-5");
    expect(c.warnings[0]).toContain("deprecated");
    expect(c.warnings[0]).not.toContain("\n");
    // One line: the SDK's first sentence, without its boilerplate.
    expect(c.warnings[0]).toMatch(/^The model 'claude-opus-4-5' is deprecated and will reach end-of-life on [^.]+$/);
    // The next request warns again, still as an event.
    expect((await run("anthropic", req)).warnings).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
    // Whatever console.warn was before the request is back once the request is on its way.
    expect(console.warn).toBe(warn);
  } finally {
    warn.mockRestore();
  }
});
