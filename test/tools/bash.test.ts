import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import { createBashTool } from "../../src/tools/bash.ts";
import type { ToolOptions, ToolRunContext } from "../../src/tools/types.ts";
import { options, runContext, tempDir, textOf } from "./helpers.ts";

function bash(args: Record<string, unknown>, ctx: Partial<ToolRunContext> = {}, opts: Partial<ToolOptions> = {}) {
  const dir = tempDir();
  return createBashTool(options(dir, opts)).execute(args, runContext(ctx));
}

/** Whether a process is still running; a zombie (exited, not yet reaped) counts as gone. */
function running(pid: number): boolean {
  const ps = Bun.spawnSync(["ps", "-o", "stat=", "-p", String(pid)]);
  const stat = ps.stdout.toString().trim();
  return stat !== "" && !stat.startsWith("Z");
}

describe("bash", () => {
  test("returns the output of a successful command, run in the working directory", async () => {
    const dir = tempDir();
    const out = await createBashTool(options(dir)).execute({ command: "pwd; echo 'hello world'" }, runContext());
    expect(out.isError).toBe(false);
    expect(textOf(out)).toBe(`${dir}\nhello world`);
  });

  test("stdout and stderr are combined in the order they arrive", async () => {
    const out = await bash({ command: "echo out1; sleep 0.2; echo err1 >&2; sleep 0.2; echo out2" });
    expect(textOf(out)).toBe("out1\nerr1\nout2");
  });

  test("a command without output says so", async () => {
    expect(textOf(await bash({ command: "true" }))).toBe("(no output)");
  });

  test("stdin is closed, so a command reading it ends at once", async () => {
    const out = await bash({ command: "cat; echo after" });
    expect(out.isError).toBe(false);
    expect(textOf(out)).toBe("after");
  });

  test("a non-zero exit code is an error result ending with the code", async () => {
    const out = await bash({ command: "echo partial; exit 3" });
    expect(out.isError).toBe(true);
    expect(textOf(out)).toBe("partial\n\nExit code: 3");
    expect(out.details).toMatchObject({ exitCode: 3 });
  });

  test("death by a signal is reported", async () => {
    const out = await bash({ command: "kill -9 $$" });
    expect(out.isError).toBe(true);
    expect(textOf(out)).toBe("(no output)\n\nCommand was killed by signal SIGKILL.");
  });

  test("output streams through onOutput as whole lines, the unfinished last line at the end", async () => {
    const chunks: [string, boolean][] = [];
    const out = await bash(
      { command: "printf 'a\\nb'; sleep 0.2; printf 'c\\n'; echo oops >&2; printf tail" },
      { onOutput: (chunk, isStderr) => chunks.push([chunk, isStderr]) },
    );
    expect(chunks.filter(([, err]) => !err).map(([c]) => c)).toEqual(["a\n", "bc\n", "tail\n"]);
    expect(chunks.filter(([, err]) => err).map(([c]) => c)).toEqual(["oops\n"]);
    expect(textOf(out)).toContain("a\nbc\n");
  });

  test("output is streamed while the command runs: cancelling on the first line stops a long command", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const out = await bash(
      { command: "echo started; sleep 30; echo never" },
      {
        signal: controller.signal,
        onOutput: (chunk) => {
          seen.push(chunk);
          controller.abort();
        },
      },
    );
    expect(seen).toEqual(["started\n"]);
    expect(out.isError).toBe(true);
    expect(textOf(out)).toBe("started\n\nCommand was cancelled; the process tree was killed.");
  });

  test("on timeout the whole process tree is killed, background jobs included", async () => {
    const out = await bash({ command: "sleep 30 & echo bg=$!; sleep 30; wait", timeout: 1 });
    expect(out.isError).toBe(true);
    const text = textOf(out);
    expect(text).toEndWith("Command timed out after 1 s; the process tree was killed.");
    const pid = Number(/bg=(\d+)/.exec(text)![1]);
    expect(running(pid)).toBe(false);
  });

  test("cancellation through the signal kills the process tree", async () => {
    const controller = new AbortController();
    const out = await bash(
      { command: "(sleep 30; echo never) & echo bg=$!; sleep 30" },
      { signal: controller.signal, onOutput: (chunk) => chunk.startsWith("bg=") && controller.abort() },
    );
    expect(out.isError).toBe(true);
    expect(textOf(out)).toContain("Command was cancelled; the process tree was killed.");
    expect(running(Number(/bg=(\d+)/.exec(textOf(out))![1]))).toBe(false);
  });

  test("an already cancelled call does not run the command", async () => {
    const dir = tempDir();
    const controller = new AbortController();
    controller.abort();
    const out = await createBashTool(options(dir)).execute({ command: "touch ran" }, runContext({ signal: controller.signal }));
    expect(out.isError).toBe(true);
    expect(fs.existsSync(`${dir}/ran`)).toBe(false);
  });

  test("the default timeout comes from the options, and a larger request is capped at the maximum", async () => {
    const byDefault = await bash({ command: "sleep 30" }, {}, { bashTimeout: 1 });
    expect(textOf(byDefault)).toContain("Command timed out after 1 s");
    const capped = await bash({ command: "sleep 30", timeout: 50 }, {}, { bashTimeout: 1, bashMaxTimeout: 1 });
    expect(textOf(capped)).toBe(
      "(no output)\n\n[Timeout capped at the maximum of 1 s; 50 s was requested.]\n\nCommand timed out after 1 s; the process tree was killed.",
    );
  });

  test("long output keeps the tail, says what was dropped and where the full output is", async () => {
    const out = await bash({ command: "seq 1 5000; exit 1" });
    const text = textOf(out);
    const [body, notice, exit] = text.split("\n\n");
    expect(body!.split("\n")).toEqual(Array.from({ length: 2000 }, (_, i) => String(3001 + i)));
    expect(notice).toStartWith("[Output truncated: showing the last 2000 of 5000 lines; the first 3000 lines were dropped.");
    expect(notice).toContain("redirect it to a file (cmd > out.log 2>&1)");
    expect(exit).toBe("Exit code: 1");
    const full = (out.details as { fullOutputPath: string }).fullOutputPath;
    expect(notice).toContain(full);
    expect(fs.readFileSync(full, "utf8")).toBe(Array.from({ length: 5000 }, (_, i) => `${i + 1}\n`).join(""));
    fs.rmSync(full);
  });

  test("the tail also stops at 50 KB, and very long lines are cut", async () => {
    const wide = await bash({ command: "for i in $(seq 1 1000); do printf \"%04d%0100d\\n\" $i 0; done" });
    const [body, notice] = textOf(wide).split("\n\n");
    expect(Buffer.byteLength(body!)).toBeLessThanOrEqual(50 * 1024);
    expect(body).toEndWith(`1000${"0".repeat(100)}`);
    expect(notice).toContain("of 1000 lines");
    fs.rmSync((wide.details as { fullOutputPath: string }).fullOutputPath);

    const long = await bash({ command: "head -c 5000 /dev/zero | tr '\\0' a; echo; echo next" });
    expect(textOf(long)).toBe(`${"a".repeat(2000)}… [line cut: 3000 more chars]\nnext`);
  });

  test("a background job holding the output pipe does not keep the call waiting: it is ended with the call", async () => {
    const out = await bash({ command: "sleep 30 & echo bg=$!" });
    expect(out.isError).toBe(false);
    const text = textOf(out);
    expect(text).toEndWith("[1 background process the command left running was ended with the call.]");
    expect(running(Number(/bg=(\d+)/.exec(text)![1]))).toBe(false);
  });
});
