/**
 * Every exit code of spec/cli.md provoked through the built binary the way a user meets it, with the
 * error message saying what to do next, in text and in the JSON formats.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KIT_BIN, runKit } from "../support/kit-process.ts";
import { contextOverflow, httpError, text, toolCall } from "../support/mock-llm.ts";
import { processAlive, waitUntil } from "../support/process-facts.ts";
import { jsonLines, LiveOutput, project, userEnv } from "./headless-support.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";

const mock = useMockLLM();

const kit = (args: string[], env = userEnv()) => runKit(["--provider-url", mock.url, ...args], { cwd: project(), env });

/** stderr of a JSON-format run: exactly one line, an {"error":{kind,message}} object. */
function jsonError(stderr: string): { kind: string; message: string } {
  const lines = stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  const o = JSON.parse(lines[0]!);
  expect(Object.keys(o)).toEqual(["error"]);
  expect(typeof o.error.kind).toBe("string");
  expect(typeof o.error.message).toBe("string");
  return o.error;
}

describe("exit 2: usage", () => {
  test("a bad flag", async () => {
    const r = await kit(["--max-stpes", "3", "hi"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("unknown flag --max-stpes");
    expect(r.stdout).toBe("");
  });

  test("--include-core-tools with --exclude-core-tools, also as JSON with --json", async () => {
    const r = await kit(["--include-core-tools", "read", "--exclude-core-tools", "bash", "hi"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("cannot be used together");
    const j = await kit(["--json", "--include-core-tools", "read", "--exclude-core-tools", "bash", "hi"]);
    expect(j.exitCode).toBe(2);
    expect(j.stdout).toBe("");
    expect(jsonError(j.stderr)).toMatchObject({ kind: "usage" });
  });
});

describe("exit 3: authentication", () => {
  test("no key: names the variable and the flag; the provider is never called", async () => {
    const before = mock.requests.length;
    const r = await kit(["hi"], userEnv({ ANTHROPIC_API_KEY: undefined }));
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("set ANTHROPIC_API_KEY, or pass --provider-api-key");
    expect(mock.requests.length).toBe(before);
    const j = await kit(["--json", "hi"], userEnv({ ANTHROPIC_API_KEY: undefined }));
    expect(j.exitCode).toBe(3);
    expect(jsonError(j.stderr)).toMatchObject({ kind: "auth" });
  });

  test("with stream-json, a run that cannot start still ends stdout with a result event", async () => {
    const r = await kit(["--output", "stream-json", "hi"], userEnv({ ANTHROPIC_API_KEY: undefined }));
    expect(r.exitCode).toBe(3);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ type: "result", v: 1, exit_code: 3, error: { kind: "auth" } });
  });

  test("a key the provider rejects (401)", async () => {
    mock.push(httpError(401));
    const r = await kit(["--quiet", "hi"]);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("invalid x-api-key");
    expect(r.stderr).toContain("check the API key");
  });
});

describe("exit 4: provider unavailable", () => {
  test("529 on every attempt: retried max-retries times, then the error and what to do on stderr", async () => {
    mock.push(httpError(529, { headers: { "retry-after-ms": "5" } }), httpError(529, { headers: { "retry-after-ms": "5" } }));
    const before = mock.requests.length;
    const r = await kit(["hi"], userEnv({ KIT_MAX_RETRIES: "1" }));
    expect(r.exitCode).toBe(4);
    expect(mock.requests.length - before).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("overloaded: Overloaded; retrying in 0.0 s (attempt 1)");
    expect(r.stderr).toContain("kit: Overloaded (the provider is busy or failing; try again later");
  });

  test("with --json: one error line on stderr, and stdout still has the result object", async () => {
    mock.push(httpError(529, { headers: { "retry-after-ms": "5" } }), httpError(529, { headers: { "retry-after-ms": "5" } }));
    const r = await kit(["--json", "hi"], userEnv({ KIT_MAX_RETRIES: "1" }));
    expect(r.exitCode).toBe(4);
    const e = jsonError(r.stderr);
    expect(e.kind).toBe("overloaded");
    expect(e.message).toContain("Overloaded");
    expect(e.message).toContain("try again later");
    expect(JSON.parse(r.stdout)).toMatchObject({ stop_reason: "error", response: "", error: { kind: "overloaded" } });
  });

  test("max-retries from the config file is honoured too", async () => {
    const cwd = project({ ".kit.yml": "max-retries: 0\n" });
    mock.push(httpError(503));
    const before = mock.requests.length;
    const r = await runKit(["--provider-url", mock.url, "--quiet", "hi"], { cwd, env: userEnv() });
    expect(r.exitCode).toBe(4);
    expect(mock.requests.length - before).toBe(1);
  });
});

describe("exit 5, 6 and 1", () => {
  test("5: the context window overflows", async () => {
    mock.push(contextOverflow());
    const r = await kit(["--quiet", "hi"]);
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toContain("prompt is too long");
    expect(r.stderr).toContain("start a new session");
  });

  test("6: --max-steps 1 and the model wants a tool; the call is answered 'Not run'", async () => {
    const cwd = project();
    mock.push(toolCall("bash", { command: "touch ran" }));
    const r = await runKit(["--provider-url", mock.url, "--max-steps", "1", "--json", "do it"], { cwd, env: userEnv() });
    expect(r.exitCode).toBe(6);
    expect(jsonError(r.stderr)).toMatchObject({ kind: "limit" });
    expect(jsonError(r.stderr).message).toContain("--max-steps");
    const o = JSON.parse(r.stdout);
    expect(o.stop_reason).toBe("max_steps");
    expect(o.messages[2].parts[0].data).toMatchObject({ name: "bash", is_error: true });
    expect(o.messages[2].parts[0].data.content).toContain("Not run");
    expect(existsSync(join(cwd, "ran"))).toBe(false);
  });

  test("6: --max-cost reached", async () => {
    // 1M output tokens of claude-sonnet-4-5 cost $15: far over a one-cent budget.
    mock.push(toolCall("bash", { command: "true" }, { usage: { input: 10, output: 1_000_000 } }));
    const r = await kit(["--max-cost", "0.01", "hi"]);
    expect(r.exitCode).toBe(6);
    expect(r.stderr).toContain("--max-cost");
  });

  test("1: the provider rejects the request", async () => {
    mock.push(httpError(400, { message: "max_tokens: too large" }));
    const r = await kit(["--quiet", "hi"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("max_tokens: too large");
  });
});

describe("exit 1: the model refuses (error kind refusal)", () => {
  const OPENAI_KEY = { OPENAI_API_KEY: "test-openai-key" };
  const wires = [
    { wire: "anthropic", model: "anthropic/claude-sonnet-4-5", raw: "stop_reason \"refusal\"" },
    { wire: "openai", model: "openai/gpt-5", raw: "an incomplete response, reason content_filter" },
    { wire: "openai-compat", model: "openai/gpt-5", raw: "finish_reason \"content_filter\"" },
  ];
  for (const w of wires) {
    const run = (format: string[]) => kit(["-m", w.model, "--provider-wire", w.wire, ...format, "hi"], userEnv(OPENAI_KEY));

    test(`${w.wire} (${w.raw}): not silent; text says so on stderr and exits 1`, async () => {
      mock.push(text("", { stopReason: "refusal" }));
      const r = await run([]);
      expect(r.exitCode).toBe(1);
      expect(r.stdout.trim()).toBe("");
      expect(r.stderr).toContain("the model declined to answer");
    });

    test(`${w.wire}: --json gives the refusal error on stderr and stop_reason refusal`, async () => {
      mock.push(text("", { stopReason: "refusal" }));
      const r = await run(["--json"]);
      expect(r.exitCode).toBe(1);
      expect(jsonError(r.stderr)).toEqual({ kind: "refusal", message: "the model declined to answer" });
      expect(JSON.parse(r.stdout).stop_reason).toBe("refusal");
    });
  }

  for (const wire of ["openai", "openai-compat"]) {
    test(`${wire}: the provider's explanation of a refusal is shown`, async () => {
      const refuse = () => mock.push({ kind: "reply", stopReason: "refusal", refusal: "I can't help with that request." });
      const run = (format: string[]) => kit(["-m", "openai/gpt-5", "--provider-wire", wire, ...format, "hi"], userEnv({ OPENAI_API_KEY: "test-openai-key" }));
      refuse();
      const r = await run([]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain("the model declined to answer: I can't help with that request.");
      refuse();
      const j = await run(["--output", "stream-json"]);
      expect(j.exitCode).toBe(1);
      expect(jsonLines(j.stdout).at(-1)).toMatchObject({ type: "result", stop_reason: "refusal", exit_code: 1, error: { kind: "refusal" } });
    });
  }
});

describe("signals: 130 SIGINT, 143 SIGTERM, 129 SIGHUP", () => {
  /** Starts kit on a slow streamed answer (about 40 s if nothing stopped it) and waits for its first text. */
  async function interruptMidStream(format: string[], signal: NodeJS.Signals = "SIGINT") {
    mock.push(text("tick ".repeat(200), { chunkSize: 5, tokenDelayMs: 200 }));
    const proc = Bun.spawn([KIT_BIN, "--provider-url", mock.url, ...format, "count slowly"], {
      cwd: project(),
      env: userEnv(),
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const stdout = new LiveOutput(proc.stdout);
    const stderr = new LiveOutput(proc.stderr);
    await stdout.waitFor("the first text", (t) => t.includes("tick"));
    proc.kill(signal);
    const exitCode = await proc.exited;
    await Promise.all([stdout.done, stderr.done]);
    return { exitCode, stdout: stdout.text, stderr: stderr.text };
  }

  test("text: exits 130 with the text shown so far", async () => {
    const r = await interruptMidStream([]);
    expect(r.exitCode).toBe(130);
    expect(r.stdout.startsWith("tick")).toBe(true);
    expect(r.stdout.length).toBeLessThan("tick ".repeat(200).length);
    expect(r.stderr).toContain("interrupted");
  });

  test("stream-json: exits 130 and the last line is still the result event", async () => {
    const r = await interruptMidStream(["--output", "stream-json"]);
    expect(r.exitCode).toBe(130);
    const events = jsonLines(r.stdout);
    expect(events.some((e) => e.type === "text_delta")).toBe(true);
    expect(events[events.length - 1]).toMatchObject({ type: "result", v: 1, exit_code: 130, stop_reason: "cancelled" });
  });

  test("SIGTERM cancels the same way and exits 143; SIGHUP exits 129", async () => {
    const term = await interruptMidStream(["--output", "stream-json"], "SIGTERM");
    expect(term.exitCode).toBe(143);
    expect(jsonLines(term.stdout).at(-1)).toMatchObject({ type: "result", exit_code: 143, stop_reason: "cancelled", error: { kind: "interrupted" } });
    const hup = await interruptMidStream([], "SIGHUP");
    expect(hup.exitCode).toBe(129);
    expect(hup.stdout.length).toBeLessThan("tick ".repeat(200).length);
  });

  test("while waiting to retry: the wait is cut short and kit exits 130", async () => {
    // The server asks for a minute; only the interrupt can end the run within the test's time.
    mock.push(httpError(529, { headers: { "retry-after-ms": "60000" } }));
    const before = mock.requests.length;
    const proc = Bun.spawn([KIT_BIN, "--provider-url", mock.url, "hi"], { cwd: project(), env: userEnv(), stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    const stderr = new LiveOutput(proc.stderr);
    await stderr.waitFor("the retry notice", (t) => t.includes("retrying in 60.0 s"));
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(130);
    await stderr.done;
    expect(stderr.text).toContain("interrupted");
    expect(mock.requests.length - before).toBe(1);
  });

  test("during a bash command: the command is killed and kit exits 130", async () => {
    const cwd = project();
    mock.push(toolCall("bash", { command: "echo $$ > bash.pid; sleep 30 & echo $! > sleep.pid; echo started; wait; touch finished" }));
    const proc = Bun.spawn([KIT_BIN, "--provider-url", mock.url, "--output", "stream-json", "wait"], {
      cwd,
      env: userEnv(),
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const stdout = new LiveOutput(proc.stdout);
    await stdout.waitFor("the command's first output", (t) => t.includes('"tool_output"'));
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(130);
    await stdout.done;
    const events = jsonLines(stdout.text);
    const result = events.find((e) => e.type === "tool_result");
    expect(result).toMatchObject({ name: "bash", is_error: true });
    expect(result!.content).toContain("cancelled");
    expect(events[events.length - 1]).toMatchObject({ type: "result", exit_code: 130 });
    for (const file of ["bash.pid", "sleep.pid"]) {
      const pid = Number(readFileSync(join(cwd, file), "utf8"));
      await waitUntil(`${file} to be gone`, () => !processAlive(pid));
    }
    expect(existsSync(join(cwd, "finished"))).toBe(false);
  });
});
