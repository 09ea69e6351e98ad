/**
 * The file bash saves a long output in: private (a 0700 directory of this kit process under the data
 * directory, the file 0600), capped at 32 MB keeping the start and the end, removed when kit exits; the
 * directories of kit processes that died without cleaning up are removed by the next kit that saves
 * output. Through the built binary against the scripted provider, the model's next command looking.
 */
import { expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { runKit } from "../support/kit-process.ts";
import { text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project, userEnv } from "./headless-support.ts";

const mock = useMockLLM();

async function runGo(cwd: string, env: Record<string, string>) {
  const { stdout, stderr, exitCode } = await runKit(["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", "--no-session", "go"], { cwd, env });
  expect({ exitCode, stderr }).toMatchObject({ exitCode: 0 });
  expect(stdout).toBe("done\n");
}

/** The text of the tool result in the request the model got after its `n`th call (1-based) of this test. */
function resultAfterCall(base: number, n: number): string {
  return (mock.requests[base + n]!.body.messages as any[]).at(-1).content[0].content;
}

/** A pid no process has any more: a child that already exited. */
async function deadPid(): Promise<number> {
  const child = Bun.spawn(["true"]);
  await child.exited;
  return child.pid;
}

test("the full output is in a private file of this kit, removed when kit exits, and dead kits' files go with the next", async () => {
  const cwd = project();
  const env = userEnv();
  const root = join(env.XDG_DATA_HOME!, "kit", "bash-output");
  const stale = join(root, `${await deadPid()}-deadbeef`);
  const live = join(root, `${process.pid}-running`);
  for (const dir of [stale, live]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "kit-bash-00000000.log"), "old output\n");
  }
  // kit ($PPID) reads the output while the command goes on: the command waits for the file to appear.
  const own = `"$XDG_DATA_HOME"/kit/bash-output/$PPID-*`;
  const look = `until [ -f ${own}/kit-bash-*.log ]; do sleep 0.05; done; stat -c '%a %F' ${own}/ ${own}/*.log; ls "$XDG_DATA_HOME/kit/bash-output"`;
  mock.push(toolCall("bash", { command: `seq 1 5000; ${look}` }), text("done"));
  const base = mock.requests.length;
  await runGo(cwd, env);

  const result = resultAfterCall(base, 1);
  const listing = result.split("\n\n")[0]!.split("\n").slice(-4);
  expect(listing.slice(0, 2).map((line) => line.replace("regular empty file", "regular file"))).toEqual(["700 directory", "600 regular file"]);
  const saved = /The full output is in (\S+) until kit exits/.exec(result)![1]!;
  expect(dirname(dirname(saved))).toBe(root);
  // The dead kit's directory was removed when this one made its own; the running one's was left alone.
  expect(listing.slice(2).sort()).toEqual([basename(dirname(saved)), `${process.pid}-running`].sort());

  // kit exited: its own directory is gone.
  expect(existsSync(saved)).toBe(false);
  expect(readdirSync(root)).toEqual([`${process.pid}-running`]);
});

test("the file stops at 32 MB, keeping the start and the end with a line saying how many were left out", async () => {
  const cwd = project();
  const env = userEnv();
  const files = `"$XDG_DATA_HOME"/kit/bash-output/*/kit-bash-*.log`;
  mock.push(
    // 42 MB: 1,400,000 lines of 30 bytes, then a last line.
    toolCall("bash", { command: "yes 'a line of output, 30 bytes.' | head -n 1400000; echo the end" }),
    toolCall("bash", { command: `wc -c ${files} | cut -d' ' -f1; head -n 1 ${files}; grep '^\\[… ' ${files}; tail -n 1 ${files}; stat -c %a "$XDG_DATA_HOME/kit/bash-output"` }),
    text("done"),
  );
  const base = mock.requests.length;
  await runGo(cwd, env);
  expect(resultAfterCall(base, 1)).toStartWith("a line of output, 30 bytes.\n");
  const [size, first, leftOut, lastKept, rootMode] = resultAfterCall(base, 2).split("\n");
  expect(Number(size)).toBeLessThanOrEqual(32 * 1024 * 1024 + 64 * 1024);
  expect(Number(size)).toBeGreaterThan(32 * 1024 * 1024 - 1024);
  expect(first).toBe("a line of output, 30 bytes.");
  expect(leftOut).toMatch(/^\[… \d+ lines left out: this file keeps at most 32\.0 MB before the last lines\]$/);
  expect(lastKept).toBe("the end");
  expect(rootMode).toBe("700");
});
