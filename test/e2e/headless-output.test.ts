/**
 * The built binary's headless output, as scripts and people consume it: one turn where the model
 * runs `bash`, then `read`, then answers, in each output mode (text, --quiet, --json,
 * --output stream-json), and the same in real shell pipelines.
 */
import { describe, expect, test } from "bun:test";
import { runKit } from "../support/kit-process.ts";
import { httpError, text, toolCall } from "../support/mock-llm.ts";
import { ANSI, jsonLines, project, q, shell, userBlocks, userEnv } from "./headless-support.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";

const mock = useMockLLM();

const ANSWER = "The notes say: ship on Friday.";
const NOTES = "ship on Friday\n";
const BASH_COMMAND = "echo checking notes && wc -l < notes.txt";
/** Per call: 1000 uncached input and 100 output tokens; at the default model's $2/$10 per million that is $0.003 a call. */
const USAGE = { input: 1000, output: 100, cacheRead: 0, cacheWrite: 0 };

/** The scripted turn: bash, read, answer. Returns the project it runs in. */
function scriptTurn(): string {
  mock.push(
    toolCall("bash", { command: BASH_COMMAND }, { usage: USAGE }),
    toolCall("read", { path: "notes.txt" }, { usage: USAGE }),
    text(ANSWER, { chunkSize: 6, usage: USAGE, tokenDelayMs: 3 }),
  );
  return project({ "notes.txt": NOTES });
}

const run = (flags: string[], env = userEnv()) => {
  const cwd = scriptTurn();
  return runKit(["--provider-url", mock.url, ...flags, "summarize the notes"], { cwd, env });
};

describe("the four output modes", () => {
  test("text: stdout is the answer and a newline; stderr has one line per tool call; no escapes", async () => {
    // Colour is allowed by the environment here: none may reach a pipe anyway.
    const r = await run([], userEnv({ NO_COLOR: undefined, FORCE_COLOR: undefined }));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${ANSWER}\n`);
    const lines = r.stderr.split("\n");
    expect(lines).toContain(`→ bash  ${BASH_COMMAND}`);
    expect(lines).toContain("→ read  notes.txt");
    expect(lines.indexOf(`→ bash  ${BASH_COMMAND}`)).toBeLessThan(lines.indexOf("→ read  notes.txt"));
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stderr).not.toMatch(ANSI);
  });

  test("--quiet: stdout is only the final answer, stderr is empty", async () => {
    const r = await run(["--quiet"]);
    expect(r).toEqual({ stdout: `${ANSWER}\n`, stderr: "", exitCode: 0 });
  });

  test("--json: one JSON object with the answer, model, usage, cost and the whole conversation", async () => {
    const r = await run(["--json"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.endsWith("}\n")).toBe(true);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(1);
    const o = JSON.parse(r.stdout);
    expect(o).toMatchObject({
      response: ANSWER,
      model: "anthropic/claude-sonnet-5-5",
      stop_reason: "end_turn",
      usage: { input_tokens: 3000, output_tokens: 300, total_tokens: 3300, cache_read_tokens: 0, cache_creation_tokens: 0 },
    });
    expect(o.usage.cost_usd).toBeCloseTo(0.009, 10);
    expect(typeof o.session_id).toBe("string");
    expect(o.session_id.length).toBeGreaterThan(0);
    expect(o.error).toBeUndefined();

    expect(o.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "tool", "assistant", "tool", "assistant"]);
    const parts = o.messages.map((m: { parts: { type: string }[] }) => m.parts.map((p) => p.type));
    expect(parts).toEqual([["text"], ["tool_call"], ["tool_result"], ["tool_call"], ["tool_result"], ["text"]]);
    const bashCall = o.messages[1].parts[0].data;
    expect(bashCall).toMatchObject({ name: "bash" });
    expect(JSON.parse(bashCall.input)).toEqual({ command: BASH_COMMAND });
    // `args` is the same input already decoded, so a consumer needs no second JSON.parse.
    expect(bashCall.args).toEqual({ command: BASH_COMMAND });
    expect(o.messages[2].parts[0].data).toMatchObject({ tool_call_id: bashCall.id, name: "bash", is_error: false });
    expect(o.messages[2].parts[0].data.content).toContain("checking notes");
    expect(o.messages[4].parts[0].data).toMatchObject({ name: "read", is_error: false });
    expect(o.messages[4].parts[0].data.content).toContain("ship on Friday");
    expect(o.messages[5].parts[0].data).toEqual({ text: ANSWER });
    expect(o.messages[0].parts[0].data.text).toBe("summarize the notes");
  });

  test("--output stream-json: JSON Lines from session to result, with deltas, tool events and usage", async () => {
    const r = await run(["--output", "stream-json"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    const events = jsonLines(r.stdout);
    for (const e of events) {
      expect(typeof e.type).toBe("string");
      expect(e.v).toBe(1);
    }
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("session");
    expect(types[types.length - 1]).toBe("result");
    expect(events[0]).toMatchObject({ model: "anthropic/claude-sonnet-5-5" });
    expect(typeof events[0]!.id).toBe("string");
    expect(typeof events[0]!.cwd).toBe("string");
    expect(types).toContain("turn_start");
    expect(types).toContain("turn_end");

    const calls = events.filter((e) => e.type === "tool_call");
    expect(calls.map((c) => c.name)).toEqual(["bash", "read"]);
    expect(JSON.parse(calls[0]!.input)).toEqual({ command: BASH_COMMAND });
    expect(calls.map((c) => c.args)).toEqual([{ command: BASH_COMMAND }, { path: "notes.txt" }]);
    const output = events.filter((e) => e.type === "tool_output");
    expect(output.length).toBeGreaterThan(0);
    expect(output.every((e) => e.id === calls[0]!.id)).toBe(true);
    expect(output.map((e) => e.chunk).join("")).toContain("checking notes");
    const results = events.filter((e) => e.type === "tool_result");
    expect(results.map((e) => [e.id, e.name, e.is_error])).toEqual([
      [calls[0]!.id, "bash", false],
      [calls[1]!.id, "read", false],
    ]);
    expect(results[1]!.content).toContain("ship on Friday");
    // Each tool_call comes before its output and result.
    expect(types.indexOf("tool_call")).toBeLessThan(types.indexOf("tool_output"));
    expect(types.indexOf("tool_output")).toBeLessThan(types.indexOf("tool_result"));

    const deltas = events.filter((e) => e.type === "text_delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((e) => e.text).join("")).toBe(ANSWER);

    const usage = events.filter((e) => e.type === "llm_usage");
    expect(usage.map((u) => [u.stepNumber, u.inputTokens, u.outputTokens, u.finishReason])).toEqual([
      [0, 1000, 100, "tool_calls"],
      [1, 1000, 100, "tool_calls"],
      [2, 1000, 100, "stop"],
    ]);
    expect(usage.every((u) => u.costKnown === true && Math.abs(u.cost - 0.003) < 1e-12)).toBe(true);

    const result = events[events.length - 1]!;
    expect(result).toMatchObject({ exit_code: 0, response: ANSWER, model: "anthropic/claude-sonnet-5-5", stop_reason: "end_turn" });
    expect(result.session_id).toBe(events[0]!.id);
    expect(result.usage.cost_usd).toBeCloseTo(0.009, 10);
    expect(result.messages).toHaveLength(6);
  });
});

describe("text of several steps", () => {
  test("text mode shows each step's text as its own paragraph; --quiet only the last", async () => {
    const step = () =>
      mock.push(
        { kind: "reply", text: "Let me look at the notes.", toolCalls: [{ name: "read", input: { path: "notes.txt" } }] },
        text("They say ship on Friday."),
      );
    const cwd = project({ "notes.txt": NOTES });
    step();
    const plain = await runKit(["--provider-url", mock.url, "what do the notes say"], { cwd, env: userEnv() });
    expect(plain.stdout).toBe("Let me look at the notes.\n\nThey say ship on Friday.\n");
    expect(plain.stderr).toContain("→ read  notes.txt\n");
    step();
    const quiet = await runKit(["--provider-url", mock.url, "--quiet", "what do the notes say"], { cwd, env: userEnv() });
    expect(quiet.stdout).toBe("They say ship on Friday.\n");
  });
});

describe("what the JSON formats report along the way", () => {
  test("a model without a known price: cost_usd is null, never 0", async () => {
    mock.push(text("priced?"));
    const r = await runKit(["--provider-url", mock.url, "-m", "anthropic/claude-future-9", "--json", "hi"], { cwd: project(), env: userEnv() });
    expect(r.exitCode).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.model).toBe("anthropic/claude-future-9");
    expect(o.usage.cost_usd).toBeNull();
    expect(o.usage.input_tokens).toBeGreaterThan(0);
  });

  test("stream-json: a retried call shows as a retry event, and the answer still arrives once", async () => {
    mock.push(httpError(529, { headers: { "retry-after-ms": "5" } }), text("second time lucky", { chunkSize: 4 }));
    const r = await runKit(["--provider-url", mock.url, "--output", "stream-json", "hi"], { cwd: project(), env: userEnv() });
    expect(r.exitCode).toBe(0);
    const events = jsonLines(r.stdout);
    const retries = events.filter((e) => e.type === "retry");
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, delay_ms: 5 });
    expect(retries[0]!.error).toContain("overloaded");
    expect(events.filter((e) => e.type === "text_delta").map((e) => e.text).join("")).toBe("second time lucky");
    expect(events[events.length - 1]).toMatchObject({ type: "result", exit_code: 0, response: "second time lucky" });
  });
});

describe("pipelines", () => {
  test("git diff | kit 'write a commit message' --quiet | cat: exactly the message comes out", async () => {
    const cwd = project();
    mock.push(text("Add the added line to x"));
    const before = mock.requests.length;
    const r = await shell(`printf 'diff --git a/x b/x\\n+added\\n' | "$KIT" "write a commit message" --quiet --provider-url ${q(mock.url)} | cat`, {
      cwd,
      env: userEnv(),
    });
    expect(r).toEqual({ stdout: "Add the added line to x\n", stderr: "", exitCode: 0 });
    const blocks = userBlocks(mock.requests[before]!);
    expect(blocks.map((b) => b.text)).toEqual(["<stdin>\ndiff --git a/x b/x\n+added\n</stdin>\n\nwrite a commit message"]);
  });

  test("kit --json … | a JSON reader: the response field is the answer", async () => {
    const cwd = project();
    mock.push(toolCall("bash", { command: "echo 42" }), text("The answer is 42."));
    const reader = `python3 -c 'import json,sys; print(json.load(sys.stdin)["response"])'`;
    const r = await shell(`"$KIT" --json --provider-url ${q(mock.url)} "what is the answer" | ${reader}`, { cwd, env: userEnv() });
    expect(r).toEqual({ stdout: "The answer is 42.\n", stderr: "", exitCode: 0 });
  });

  test("kit … --output stream-json | head -n 2: the reader may go away early; kit stops silently with 141", async () => {
    const cwd = project();
    // Slow enough that head has read its lines and gone before kit writes the next ones. (The two lines
    // come before the model call: with `head -n 1` whether that call is made would depend on timing.)
    mock.push(text("first, second, third", { chunkSize: 3, tokenDelayMs: 40 }));
    const r = await shell(`set -o pipefail; "$KIT" --output stream-json --provider-url ${q(mock.url)} hi | head -n 2`, { cwd, env: userEnv() });
    expect(jsonLines(r.stdout).map((e) => e.type)).toEqual(["session", "turn_start"]);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(141);
  });

  test("text mode streams the answer while the output file is written (> answer.txt)", async () => {
    const cwd = project();
    mock.push(text("saved answer"));
    const r = await shell(`"$KIT" --provider-url ${q(mock.url)} hi > answer.txt && cat answer.txt`, { cwd, env: userEnv() });
    expect(r.stdout).toBe("saved answer\n");
    expect(r.exitCode).toBe(0);
  });
});
