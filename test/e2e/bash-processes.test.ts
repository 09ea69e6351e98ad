/**
 * Nothing a bash call starts outlives it: background jobs, `nohup`, `disown` and `setsid` children are
 * ended when the command ends, when it times out, and when kit is hung up on (SIGHUP, handled as
 * SIGTERM: the run is cancelled and still reports its result). Through the built binary against the
 * scripted provider; each child writes its own pid once it runs, and the command waits for those files.
 */
import { afterEach, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KIT_BIN } from "../support/kit-process.ts";
import { text, toolCall } from "../support/mock-llm.ts";
import { processAlive, waitUntil } from "../support/process-facts.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { jsonLines, LiveOutput, project, userEnv } from "./headless-support.ts";
import { KitTerminal, workspace } from "./interactive-support.ts";

const mock = useMockLLM();

/** Starts one long sleeper each way a job can try to outlive its shell, and waits until all have written their pid. */
const START_ALL = [
  `bash -c 'echo $$ > amp.pid; exec sleep 1000' &`,
  `nohup bash -c 'echo $$ > nohup.pid; exec sleep 1000' > /dev/null 2>&1 &`,
  `bash -c 'echo $$ > disown.pid; exec sleep 1000' & disown`,
  `setsid bash -c 'echo $$ > setsid.pid; exec sleep 1000' > /dev/null 2>&1 &`,
  `until [ -s amp.pid ] && [ -s nohup.pid ] && [ -s disown.pid ] && [ -s setsid.pid ]; do sleep 0.05; done`,
  `echo started`,
].join("\n");
const PID_FILES = ["amp.pid", "nohup.pid", "disown.pid", "setsid.pid"];

let started: number[] = [];
afterEach(() => {
  // A failing run must not leave its sleepers behind on the test machine.
  for (const pid of started.splice(0)) if (processAlive(pid)) process.kill(pid, "SIGKILL");
});

function pidsIn(cwd: string): number[] {
  const pids = PID_FILES.map((file) => Number(readFileSync(join(cwd, file), "utf8")));
  started.push(...pids);
  return pids;
}

function spawnKit(cwd: string, extra: string[] = []) {
  return Bun.spawn([KIT_BIN, "--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", ...extra, "go"], {
    cwd,
    env: userEnv(),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
}

test("when the command ends, every process it started in the background is ended too, and the model is told", async () => {
  const cwd = project();
  mock.push(toolCall("bash", { command: START_ALL }), text("done"));
  const base = mock.requests.length;
  const proc = spawnKit(cwd);
  expect(await proc.exited).toBe(0);
  const pids = pidsIn(cwd);
  // The call waited for them to end before returning its result.
  expect(pids.filter(processAlive)).toEqual([]);
  const result = (mock.requests[base + 1]!.body.messages as any[]).at(-1).content[0];
  expect(result.content).toBe("started\n\n[4 background processes the command left running were ended with the call.]");
});

test("on timeout, the setsid and nohup children are killed with the rest", async () => {
  const cwd = project();
  mock.push(toolCall("bash", { command: `${START_ALL}\nsleep 1000`, timeout: 2 }), text("done"));
  const base = mock.requests.length;
  const proc = spawnKit(cwd);
  expect(await proc.exited).toBe(0);
  expect(pidsIn(cwd).filter(processAlive)).toEqual([]);
  const result = (mock.requests[base + 1]!.body.messages as any[]).at(-1).content[0];
  expect(result.content).toEndWith("Command timed out after 2 s; the process tree was killed.");
});

test("SIGHUP to kit ends the running command and everything it started, and the run still reports its result", async () => {
  const cwd = project();
  mock.push(toolCall("bash", { command: `${START_ALL}\nsleep 1000` }));
  const proc = spawnKit(cwd, ["--output", "stream-json"]);
  const stdout = new LiveOutput(proc.stdout);
  await stdout.waitFor("the command's output", (t) => t.includes('"chunk":"started\\n"'));
  const pids = pidsIn(cwd);
  proc.kill("SIGHUP");
  expect(await proc.exited).toBe(129);
  await stdout.done;
  const events = jsonLines(stdout.text);
  expect(events.find((e) => e.type === "tool_result")).toMatchObject({ name: "bash", is_error: true });
  expect(events.at(-1)).toMatchObject({ type: "result", exit_code: 129, stop_reason: "cancelled" });
  await waitUntil("every process of the command to be gone", () => !pids.some(processAlive));
});

test("in the terminal UI too, SIGHUP to kit takes the running command and everything it started with it", async () => {
  const w = workspace();
  mock.push(toolCall("bash", { command: `${START_ALL}\nsleep 1000` }));
  const t = new KitTerminal({ args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5"], cwd: w.cwd, env: w.env });
  await t.ready();
  await t.type("go");
  await waitUntil("every sleeper to have started", () => PID_FILES.every((file) => existsSync(join(w.cwd, file)) && readFileSync(join(w.cwd, file), "utf8").endsWith("\n")));
  const pids = pidsIn(w.cwd);
  t.proc.kill("SIGHUP");
  expect(await t.proc.exited).toBe(129);
  await waitUntil("every process of the command to be gone", () => !pids.some(processAlive));
});
