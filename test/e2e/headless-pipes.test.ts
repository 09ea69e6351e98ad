/**
 * When stdout's reader goes away (spec/cli.md, Exit codes: 141), the run is cancelled as Ctrl+C
 * cancels it: no more tokens paid for, no further tool run, nothing more written, exit 141, silently.
 * Driven through real shell pipelines around the built binary.
 */
import { describe, expect, test } from "bun:test";
import { closeSync, constants, existsSync, openSync } from "node:fs";
import { join } from "node:path";
import { text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KIT_BIN } from "../support/kit-process.ts";
import { waitUntil } from "../support/process-facts.ts";
import { tempDir } from "../support/temp-dir.ts";
import { jsonLines, LiveOutput, project, q, shell, userEnv } from "./headless-support.ts";
import { entriesOf, fileAtoms, onlySession } from "./sessions-support.ts";

const mock = useMockLLM();

/**
 * One slow answer: its first line at once, then about a minute more of text, then a tool call that
 * would create `touched`. Only a cancelled run ends before the test's timeout.
 */
function scriptSlowAnswerThenTool(): void {
  mock.push(
    text("first line\n" + "more ".repeat(300), {
      chunkSize: 5,
      tokenDelayMs: 200,
      toolCalls: [{ name: "bash", input: { command: "touch touched" } }],
    }),
  );
}

/**
 * Runs `kit … <pipeline tail>` in bash; `status` is kit's own exit status (PIPESTATUS[0]). The model
 * is one the SDK has no deprecation warning for, so stderr holds only what kit itself says.
 */
async function pipeline(kitArgs: string, tail: string, env = userEnv()) {
  const cwd = project();
  const r = await shell(`"$KIT" --provider-url ${q(mock.url)} -m anthropic/claude-haiku-4-5 ${kitArgs} ${tail}; echo "status=\${PIPESTATUS[0]}" >&2`, { cwd, env });
  const status = Number(/status=(\d+)\n$/.exec(r.stderr)?.[1]);
  return { ...r, status, stderr: r.stderr.replace(/status=\d+\n$/, ""), cwd, env };
}

/**
 * Runs kit with stdout a pipe (a FIFO) whose only reader the test holds, and closes that reader once
 * `closeWhen` resolves: a reader that goes away without kit having written anything.
 */
async function withReaderClosing(kitArgs: string[], closeWhen: () => Promise<void>) {
  const cwd = project();
  const fifo = join(tempDir("kit-fifo-"), "stdout.fifo");
  expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY);
  const proc = Bun.spawn([KIT_BIN, "--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", ...kitArgs], {
    cwd,
    env: userEnv(),
    stdin: "ignore",
    stdout: writer,
    stderr: "pipe",
  });
  closeSync(writer);
  const stderr = new LiveOutput(proc.stderr);
  await closeWhen();
  closeSync(reader);
  const status = await proc.exited;
  await stderr.done;
  return { status, stderr: stderr.text, cwd };
}

describe("the reader goes away", () => {
  for (const [name, tail] of [
    ["| head -1", "| head -1"],
    ["| true", "| true"],
  ] as const) {
    test(`kit "…" ${name}: exit 141 at once, no further model call, no further tool, nothing on stderr`, async () => {
      scriptSlowAnswerThenTool();
      const before = mock.requests.length;
      const r = await pipeline('"count slowly"', tail);
      expect(r.status).toBe(141);
      expect(r.stdout).toBe(name === "| head -1" ? "first line\n" : "");
      expect(r.stderr).toBe("");
      // `| true` may be gone before kit's first call: kit then makes none (its watch of the pipe fired first).
      if (name === "| head -1") expect(mock.requests.length - before).toBe(1);
      else expect(mock.requests.length - before).toBeLessThanOrEqual(1);
      mock.clear();
      expect(existsSync(join(r.cwd, "touched"))).toBe(false);
      // The session keeps what it had, as after Ctrl+C: the prompt and the answer shown so far
      // (with `| true` kit may notice before any of it arrives).
      const atoms = fileAtoms(entriesOf(onlySession(r.env, r.cwd)));
      expect(atoms[0]).toBe("user: count slowly");
      if (name === "| head -1") expect(atoms[1]).toStartWith("assistant: first");
    }, 20_000);
  }

  // They write stdout only at the end, so no write notices the reader going: kit watches the pipe itself.
  for (const flag of ["--json", "--quiet"]) {
    test(`kit ${flag} "…", its reader gone mid-answer: exit 141 at once, no further model call, no further tool, nothing on stderr`, async () => {
      scriptSlowAnswerThenTool();
      const before = mock.requests.length;
      const r = await withReaderClosing([flag, "count slowly"], () => waitUntil("the first model request", () => mock.requests.length > before));
      expect(r.status).toBe(141);
      expect(r.stderr).toBe("");
      expect(mock.requests.length - before).toBe(1);
      expect(existsSync(join(r.cwd, "touched"))).toBe(false);
    }, 20_000);
  }

  test("a first reply that is only a tool call, its reader already gone: the tool never runs, exit 141", async () => {
    mock.push(toolCall("bash", { command: "touch touched" }));
    const before = mock.requests.length;
    const r = await withReaderClosing(["touch it"], async () => {});
    expect(r.status).toBe(141);
    expect(r.stderr).toBe("");
    expect(mock.requests.length - before).toBe(1);
    expect(existsSync(join(r.cwd, "touched"))).toBe(false);
  }, 20_000);

  test("--output stream-json | head -n 2: exit 141, no result event is forced out", async () => {
    scriptSlowAnswerThenTool();
    const before = mock.requests.length;
    const r = await pipeline("--output stream-json hi", "| head -n 2");
    expect(r.status).toBe(141);
    expect(r.stdout.trim().split("\n").map((l) => JSON.parse(l).type)).toEqual(["session", "turn_start"]);
    expect(r.stderr).toBe("");
    expect(mock.requests.length - before).toBe(1);
    expect(existsSync(join(r.cwd, "touched"))).toBe(false);
  }, 20_000);

  test("a SIGPIPE from outside stops the run the same way: exit 141, no result event, no further tool", async () => {
    scriptSlowAnswerThenTool();
    const cwd = project();
    const before = mock.requests.length;
    const proc = Bun.spawn([KIT_BIN, "--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", "--output", "stream-json", "count slowly"], {
      cwd,
      env: userEnv(),
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const stdout = new LiveOutput(proc.stdout);
    const stderr = new LiveOutput(proc.stderr);
    await stdout.waitFor("the first text", (t) => t.includes('"text_delta"'));
    proc.kill("SIGPIPE");
    expect(await proc.exited).toBe(141);
    await Promise.all([stdout.done, stderr.done]);
    expect(jsonLines(stdout.text).some((e) => e.type === "result")).toBe(false);
    expect(stderr.text).toBe("");
    expect(mock.requests.length - before).toBe(1);
    expect(existsSync(join(cwd, "touched"))).toBe(false);
  }, 20_000);

  test("a closed stdout (>&-): exit 141 before any model call, silently", async () => {
    const before = mock.requests.length;
    const r = await pipeline("hi", ">&-");
    expect(r.status).toBe(141);
    expect(r.stderr).toBe("");
    expect(mock.requests.length).toBe(before);
  });

  test("> /dev/null is not a closed stdout: the run completes with exit 0", async () => {
    mock.push(text("nobody reads this"));
    const r = await pipeline("hi", "> /dev/null");
    expect(r.status).toBe(0);
  });
});

describe("stdout cannot be written", () => {
  test("> /dev/full: exit 1 with one line saying why, no stack trace; the tool after it never runs", async () => {
    scriptSlowAnswerThenTool();
    const r = await pipeline('"count slowly"', "> /dev/full");
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("kit: cannot write to stdout: no space left on device (ENOSPC), so the run was stopped; send the output somewhere it can be written");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(r.cwd, "touched"))).toBe(false);
  }, 20_000);

  test("--json > /dev/full: exit 1, stderr is one JSON error line", async () => {
    mock.push(text("the answer"));
    const r = await pipeline("--json hi", "> /dev/full");
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      error: { kind: "output", message: expect.stringContaining("cannot write to stdout: no space left on device (ENOSPC)") },
    });
  });
});
