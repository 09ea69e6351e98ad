/**
 * Real providers' stream shapes, replayed byte for byte from fixtures (test/fixtures/recorded-streams)
 * through the built binary: what the user sees, the usage and cost kit reports, and the follow-up
 * request each provider needs.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isolatedHome, kitEnv, runKit } from "../support/kit-process.ts";
import { httpError, startMockLLM, text, type MockLLM, type RawStep } from "../support/mock-llm.ts";
import { project } from "./headless-support.ts";

const recorded = (name: string): RawStep => ({ kind: "raw", body: readFileSync(join(import.meta.dir, "../fixtures/recorded-streams", name), "utf8") });

let mock: MockLLM;
beforeAll(async () => {
  mock = await startMockLLM();
});
afterAll(async () => {
  await mock.close();
});

async function kit(args: string[], cwd: string, vars: Record<string, string> = {}) {
  const before = mock.requests.length;
  const r = await runKit([...args, "--no-session"], { cwd, env: kitEnv(isolatedHome(), vars) });
  return { ...r, requests: mock.requests.slice(before) };
}

test("DeepSeek: the reasoning streamed with a tool call goes back with it, so step 2 is accepted", async () => {
  const cwd = project({ "notes.txt": "buy milk\n" });
  mock.push(recorded("deepseek-reasoner-tool-call.sse"), text("Your notes say: buy milk.", { usage: { input: 40, output: 9 } }));
  const r = await kit(["-m", "deepseek/deepseek-reasoner", "--provider-url", `${mock.url}/v1`, "--output", "json", "what is in notes.txt?"], cwd, { DEEPSEEK_API_KEY: "k" });
  expect(r.exitCode).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.response).toBe("Your notes say: buy milk.");
  const assistant = r.requests[1]!.body.messages.find((m: { role: string }) => m.role === "assistant");
  expect(assistant.reasoning_content).toBe("The user asks what is in notes.txt. I should read it.");
  expect(assistant.tool_calls[0]).toMatchObject({ id: "call_00_Yb2Cq7kQ1nWnHsZ3", function: { name: "read", arguments: '{"path":"notes.txt"}' } });
  // DeepSeek counts reasoning inside completion_tokens (total = prompt + completion): not added again.
  expect(out.usage.output_tokens).toBe(74 + 9);
  expect(out.usage.cache_read_tokens ?? out.usage.cache_read_input_tokens).toBe(1792);
});

test("xAI: reasoning tokens reported beside completion_tokens count as output, and the cost follows", async () => {
  const cwd = project({
    ".kit.yml": `customModels:\n  grok-4-fast-reasoning: { baseUrl: ${mock.url}/v1, cost: { input: 0.2, output: 0.5, cacheRead: 0.05 } }\n`,
  });
  mock.push(recorded("xai-grok-reasoning.sse"));
  // The model's baseUrl is the project's: trusted for this run.
  const r = await kit(["--trust-project", "-m", "custom/grok-4-fast-reasoning", "--output", "json", "capital of France?"], cwd);
  expect(r.exitCode).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.response).toBe("Paris is the capital of France.");
  expect(out.usage.output_tokens).toBe(27 + 486);
  expect(out.usage.input_tokens).toBe(164 - 128);
  // (36 × 0.2 + 128 × 0.05 + 513 × 0.5) / 1e6
  expect(out.usage.cost_usd).toBeCloseTo((36 * 0.2 + 128 * 0.05 + 513 * 0.5) / 1e6, 12);
});

test("OpenAI phase: commentary and final answer stay separate messages, printed apart and sent back with their phase", async () => {
  const cwd = project({ "notes.txt": "buy milk\n" });
  mock.push(recorded("openai-phase-commentary-tool-call.sse"), recorded("openai-phase-final-answer.sse"));
  const r = await kit(["-m", "openai/gpt-5.3-codex", "--provider-url", `${mock.url}/v1`, "what should I buy?"], cwd, { OPENAI_API_KEY: "k" });
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toBe("Got it, checking the notes.\n\nGot it\n\nHere are a few things to buy: milk.\n");
  const input = r.requests[1]!.body.input as Record<string, unknown>[];
  expect(input.filter((i) => i.role === "assistant")).toEqual([{ role: "assistant", content: "Got it, checking the notes.", phase: "commentary" }]);
  // The reasoning of step 1 is carried to step 2 without --thinking-level (gpt-5.x always reasons).
  expect(r.requests[0]!.body.include).toEqual(["reasoning.encrypted_content"]);
  expect(input.find((i) => i.type === "reasoning")).toMatchObject({ id: "rs_0a1b2c3d4e5f6071", encrypted_content: "gAAAAABpEncryptedReasoningBlob==" });
});

test("OpenAI phase with --quiet: the final answer is not glued to the commentary", async () => {
  mock.push(recorded("openai-phase-final-answer.sse"));
  const r = await kit(["-m", "openai/gpt-5.3-codex", "--provider-url", `${mock.url}/v1`, "--quiet", "hi"], project(), { OPENAI_API_KEY: "k" });
  expect(r.stdout).toBe("Got it\n\nHere are a few things to buy: milk.\n");
});

test("Mistral: two tool calls without an index stay two calls", async () => {
  const cwd = project({ "a.txt": "alpha\n", "b.txt": "beta\n" });
  mock.push(recorded("mistral-parallel-tool-calls.sse"), text("alpha and beta"));
  const r = await kit(["-m", "mistral/mistral-large-latest", "--provider-url", `${mock.url}/v1`, "read both"], cwd, { MISTRAL_API_KEY: "k" });
  expect(r.exitCode).toBe(0);
  expect(r.stderr).toContain("→ read  a.txt");
  expect(r.stderr).toContain("→ read  b.txt");
  const assistant = r.requests[1]!.body.messages.find((m: { role: string }) => m.role === "assistant");
  expect(assistant.tool_calls.map((c: { id: string; function: { arguments: string } }) => [c.id, c.function.arguments])).toEqual([
    ["D681PevKs", '{"path": "a.txt"}'],
    ["N2Cqkx7Jp", '{"path": "b.txt"}'],
  ]);
  const results = r.requests[1]!.body.messages.filter((m: { role: string }) => m.role === "tool");
  expect(results.map((m: { tool_call_id: string }) => m.tool_call_id)).toEqual(["D681PevKs", "N2Cqkx7Jp"]);
});

test("a gateway's fallback mid-stream: the second response replaces the first, with a warning", async () => {
  mock.push(recorded("gateway-fallback-mid-stream.sse"));
  const r = await kit(["-m", "openrouter/openai/gpt-4o", "--provider-url", `${mock.url}/v1`, "--output", "json", "hi"], project(), { OPENROUTER_API_KEY: "k" });
  expect(r.exitCode).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.response).toBe("Hello from the fallback.");
  expect(out.messages.at(-1).parts).toEqual([{ type: "text", data: { text: "Hello from the fallback." } }]);
  // Text mode printed the first response's words as they came: kit says why the answer starts over.
  mock.push(recorded("gateway-fallback-mid-stream.sse"));
  const text = await kit(["-m", "openrouter/openai/gpt-4o", "--provider-url", `${mock.url}/v1`, "hi"], project(), { OPENROUTER_API_KEY: "k" });
  expect(text.stderr).toContain("the provider switched to another response mid-stream");
  expect(text.stdout.endsWith("Hello from the fallback.\n")).toBe(true);
});

test("out of credit (insufficient_quota) is exit 3, called a billing problem, and not retried", async () => {
  mock.push(httpError(429, { errorType: "insufficient_quota", code: "insufficient_quota", message: "You exceeded your current quota, please check your plan and billing details." }));
  const r = await kit(["-m", "openai/gpt-5", "--provider-url", `${mock.url}/v1`, "hi"], project(), { OPENAI_API_KEY: "k" });
  expect(r.exitCode).toBe(3);
  expect(r.stderr).toContain("billing/quota problem");
  expect(r.stderr).not.toContain("check the model name");
  expect(r.stderr).not.toContain("retrying");
  expect(r.requests).toHaveLength(1);
});
