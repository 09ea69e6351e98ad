/**
 * read, grep, edit and write on files that are endless, huge or not files at all, through the built
 * binary against the scripted provider: memory stays bounded (the kit process's peak RSS, as the
 * kernel reports it in /proc once the tool has run), and what cannot be done is refused with a message saying what
 * to do instead.
 */
import { describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KIT_BIN } from "../support/kit-process.ts";
import { text, toolCall } from "../support/mock-llm.ts";
import { waitUntil } from "../support/process-facts.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project, userEnv } from "./headless-support.ts";

const mock = useMockLLM();

const MB = 1024 * 1024;
/** Generous: kit itself takes well under half of it; loading a 500 MB file whole takes several times it. */
const RSS_BOUND = 200 * MB;

/** A text file of `size` (500 MB): 3,000 numbered lines, then a hole (sparse, so it costs no disk) read as NUL characters. */
function hugeFile(cwd: string, name: string, size = 500 * MB): string {
  const file = join(cwd, name);
  writeFileSync(file, Array.from({ length: 3000 }, (_, i) => `line ${i + 1}\n`).join(""));
  truncateSync(file, size);
  return file;
}

/**
 * One headless run whose model makes `call` and then answers "done"; gives the tool result the model
 * received and kit's peak resident memory (VmHWM) by then. The answer comes after a pause, during
 * which the peak is read: the tool has finished, kit is still running.
 */
async function runTool(cwd: string, call: ReturnType<typeof toolCall>) {
  mock.push(call, text("done", { delayMs: 1500 }));
  const base = mock.requests.length;
  const proc = Bun.spawn([KIT_BIN, "--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", "--no-session", "go"], {
    cwd,
    env: userEnv(),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const output = Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  await waitUntil("the tool's result to reach the model", () => mock.requests.length > base + 1 || proc.exitCode !== null, 25_000);
  // NaN when kit ended early: the checks of its output below then say why.
  const peakRss = proc.exitCode === null ? peakRssOf(proc.pid) : NaN;
  const [stdout, stderr, exitCode] = await output;
  expect({ exitCode, stderr }).toMatchObject({ exitCode: 0 });
  expect(stdout).toBe("done\n");
  const results = (mock.requests[base + 1]!.body.messages as any[]).at(-1).content;
  return { result: results[0] as { content: string; is_error?: boolean }, peakRss };
}

/** A running process's peak resident memory in bytes, from /proc (the kernel's high-water mark). */
function peakRssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)![1]) * 1024;
}

describe("read", () => {
  test("/dev/zero and a FIFO are refused at once, saying they are not regular files", async () => {
    const cwd = project();
    const zero = await runTool(cwd, toolCall("read", { path: "/dev/zero" }));
    expect(zero.result.is_error).toBe(true);
    expect(zero.result.content).toBe(
      "/dev/zero is a character device, not a regular file; read opens regular files only. Use bash to sample it (e.g. `head -c 512 FILE | xxd`).",
    );
    expect(zero.peakRss).toBeLessThan(RSS_BOUND);

    execFileSync("mkfifo", [join(cwd, "pipe")]);
    const fifo = await runTool(cwd, toolCall("read", { path: "pipe" }));
    expect(fifo.result.content).toStartWith("pipe is a FIFO (named pipe), not a regular file");
  });

  test("the first 2,000 lines of a 500 MB file cost bounded memory, and the notice says where to go on", async () => {
    const cwd = project();
    hugeFile(cwd, "huge.log");
    const { result, peakRss } = await runTool(cwd, toolCall("read", { path: "huge.log" }));
    const [body, notice] = result.content.split("\n\n");
    expect(body!.split("\n")).toHaveLength(2000);
    expect(body).toEndWith("  2000\tline 2000");
    expect(notice).toMatch(/^\[Showing lines 1-2000 of more than \d+ \(the file is 500\.0 MB\) \(output limit of 2000 lines \/ 50\.0 KB reached\)\. Use offset=2001 to continue\.\]$/);
    expect(peakRss).toBeLessThan(RSS_BOUND);
  });
});

test("grep through two 300 MB files costs bounded memory and still finds the matches", async () => {
  const cwd = project();
  hugeFile(cwd, "a.log", 300 * MB);
  hugeFile(cwd, "b.log", 300 * MB);
  const { result, peakRss } = await runTool(cwd, toolCall("grep", { pattern: "^line 2999$" }));
  expect(result.content).toBe("a.log:2999: line 2999\nb.log:2999: line 2999");
  expect(peakRss).toBeLessThan(RSS_BOUND);
});

describe("edit and write", () => {
  test("an edit of a 500 MB file is refused for its size, without loading it", async () => {
    const cwd = project();
    const file = hugeFile(cwd, "huge.log");
    const { result, peakRss } = await runTool(cwd, toolCall("edit", { path: "huge.log", old_text: "nowhere", new_text: "x" }));
    expect(result.is_error).toBe(true);
    expect(result.content).toBe("huge.log is 500.0 MB; edit changes files of up to 10.0 MB. Change a larger file with bash (e.g. sed -i, or a script that streams it).");
    expect(peakRss).toBeLessThan(RSS_BOUND);
    expect(Buffer.from(await Bun.file(file).slice(0, 7).arrayBuffer()).toString()).toBe("line 1\n");
  });

  test("write refuses a FIFO as its target instead of blocking on it", async () => {
    // (Content over 10 MB is refused too: test/tools/write.test.ts, since a 10 MB tool call takes many seconds to stream.)
    const cwd = project();
    execFileSync("mkfifo", [join(cwd, "pipe")]);
    const fifo = await runTool(cwd, toolCall("write", { path: "pipe", content: "hello" }));
    expect(fifo.result.content).toBe("pipe is a FIFO (named pipe), not a regular file; write writes regular files only.");
  });
});
