/**
 * The command sandbox through the built binary: `--sandbox workspace-write` lets a build in the
 * workspace run, refuses a write outside it and a network call (each failure saying the sandbox
 * caused it), `--sandbox-network` opens the network, `read-only` refuses every write, background
 * processes and timeouts are handled as without a sandbox, and a sandbox that cannot run refuses
 * commands instead of running them unsandboxed. The tests that need bubblewrap are skipped only where
 * it cannot run, and say so.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { text, toolCall, type Step } from "../support/mock-llm.ts";
import { runKit } from "../support/kit-process.ts";
import { processAlive } from "../support/process-facts.ts";
import { tempDir } from "../support/temp-dir.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project, userEnv } from "./headless-support.ts";
import { KitTerminal, workspace } from "./interactive-support.ts";

// Each test runs whole kits (some starting an MCP server); every wait has its own generous limit.
setDefaultTimeout(60_000);
const mock = useMockLLM();
const MODEL = ["-m", "anthropic/claude-haiku-4-5"];

/** Why bubblewrap cannot run on this machine; undefined when it can. */
function bwrapProblem(): string | undefined {
  if (process.platform !== "linux") return `not Linux (${process.platform})`;
  if (!Bun.which("bwrap")) return "bwrap is not installed (sudo apt-get install bubblewrap)";
  const probe = Bun.spawnSync(["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--unshare-net", "true"], { stderr: "pipe" });
  return probe.exitCode === 0 ? undefined : `bwrap cannot run here: ${probe.stderr.toString().trim()}`;
}
const problem = bwrapProblem();
if (problem) console.log(`SKIPPED: the bubblewrap sandbox tests of test/e2e/sandbox.test.ts, because ${problem}`);

/** Runs kit headless with `flags`, the model running `command` in bash; returns the run and the result the model read. */
async function bashRun(cwd: string, flags: string[], command: string, opts: { env?: Record<string, string>; timeout?: number } = {}) {
  const steps: Step[] = [toolCall("bash", { command, ...(opts.timeout ? { timeout: opts.timeout } : {}) }), text("done")];
  mock.push(...steps);
  const base = mock.requests.length;
  const r = await runKit(["--provider-url", mock.url, ...MODEL, ...flags, "go"], { cwd, env: opts.env ?? userEnv() });
  const last = (mock.requests[base + 1]?.body.messages as { content: { type: string; content?: string }[] }[] | undefined)?.at(-1);
  return { ...r, result: String(last?.content.find((c) => c.type === "tool_result")?.content ?? "") };
}

describe.skipIf(problem !== undefined)("sandbox with bubblewrap", () => {
  test("workspace-write: a build in the workspace runs; a write outside it fails, and the result says the sandbox did it", async () => {
    const cwd = project({ "hello.c": '#include <stdio.h>\nint main(void) { puts("built and ran"); return 0; }\n', Makefile: "build/hello: hello.c\n\tmkdir -p build\n\tcc -o build/hello hello.c\n" });
    const built = await bashRun(cwd, ["--sandbox", "workspace-write"], "make && ./build/hello");
    expect(built.exitCode).toBe(0);
    expect(built.result).toContain("built and ran");
    expect(existsSync(join(cwd, "build", "hello"))).toBe(true);

    const outside = join("/var/tmp", `kit-sandbox-${crypto.randomUUID()}`);
    try {
      const r = await bashRun(cwd, ["--sandbox", "workspace-write"], `echo x > ${outside}`);
      expect(existsSync(outside)).toBe(false);
      expect(r.result).toContain("Read-only file system");
      expect(r.result).toContain("[The command ran in kit's sandbox (--sandbox workspace-write)");
      expect(r.result).toContain("ask the user");
    } finally {
      rmSync(outside, { force: true });
    }
  });

  test("workspace-write: no network unless --sandbox-network", async () => {
    const cwd = project();
    // bash's own /dev/tcp: a TCP connection to the scripted provider, which listens on 127.0.0.1.
    const connect = `exec 3<>/dev/tcp/127.0.0.1/${mock.port} && echo connected`;
    const blocked = await bashRun(cwd, ["--sandbox", "workspace-write"], connect);
    expect(blocked.result).not.toContain("connected");
    expect(blocked.result).toContain("without network access");
    const open = await bashRun(cwd, ["--sandbox", "workspace-write", "--sandbox-network"], connect);
    expect(open.result).toStartWith("connected");
  });

  test("read-only: nothing is writable, not even the workspace", async () => {
    const cwd = project();
    const r = await bashRun(cwd, ["--sandbox", "read-only"], "cat /etc/hostname > /dev/null && echo read-ok && touch here");
    expect(r.result).toContain("read-ok");
    expect(r.result).toContain("Read-only file system");
    expect(r.result).toContain("nothing is writable");
    expect(existsSync(join(cwd, "here"))).toBe(false);
  });

  test("the user's own !command in the terminal UI runs in the sandbox too", async () => {
    const w = workspace();
    const t = new KitTerminal({ args: ["--provider-url", mock.url, "--sandbox", "workspace-write"], cwd: w.cwd, env: w.env });
    await t.ready();
    const outside = join("/var/tmp", `kit-sandbox-${crypto.randomUUID()}`);
    try {
      await t.type(`!!touch inside.txt && touch ${outside}`);
      const lines = await t.waitForLines("the refused write", (lines) => lines.some((l) => l.includes("[The command ran in kit's sandbox (--sandbox workspace-write)")));
      expect(lines.some((l) => l.includes("cannot touch") && l.includes("Read-only file"))).toBe(true);
      expect(existsSync(join(w.cwd, "inside.txt"))).toBe(true);
      expect(existsSync(outside)).toBe(false);
    } finally {
      rmSync(outside, { force: true });
    }
    expect(await t.quit()).toBe(0);
  });

  test("a sandboxed command's background processes end with it, and a timeout kills the tree", async () => {
    const cwd = project();
    const r = await bashRun(cwd, ["--sandbox", "workspace-write"], "sleep 1000 & echo $! > bg.pid; sleep 1000", { timeout: 1 });
    expect(r.result).toContain("Command timed out after 1 s; the process tree was killed.");
    expect(r.result).not.toContain("kit's sandbox");
    expect(processAlive(Number(readFileSync(join(cwd, "bg.pid"), "utf8")))).toBe(false);
  });
});

test("a sandbox that cannot run refuses commands (never runs them unsandboxed) and says so up front", async () => {
  const cwd = project();
  // A PATH with bash but no bwrap (nor sandbox-exec).
  const bin = tempDir("kit-nobwrap-");
  mkdirSync(join(bin, "b"));
  symlinkSync(Bun.which("bash")!, join(bin, "b", "bash"));
  const r = await bashRun(cwd, ["--sandbox", "workspace-write"], "touch unsandboxed", { env: userEnv({ PATH: join(bin, "b") }) });
  expect(r.exitCode).toBe(0);
  expect(existsSync(join(cwd, "unsandboxed"))).toBe(false);
  const why = process.platform === "darwin" ? "needs sandbox-exec" : "needs bubblewrap (bwrap), which is not installed";
  expect(r.result).toStartWith(`Command not run: --sandbox workspace-write ${why}`);
  expect(r.stderr).toContain(why);
  expect(r.stderr).toContain("--sandbox off");
});
