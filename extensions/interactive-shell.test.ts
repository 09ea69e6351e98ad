import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertCommandRegistered, assertError, assertInfo, createHarness, type Harness } from "kit/test";

const EXT = `${import.meta.dir}/interactive-shell.ts`;
const savedShell = process.env.SHELL;
afterEach(() => {
  if (savedShell === undefined) delete process.env.SHELL;
  else process.env.SHELL = savedShell;
});

/** Counts suspendTUI calls; `during` tells whether `file` appeared while the UI was suspended. */
function watchSuspend(h: Harness, file?: string): { calls: number; during: boolean } {
  const seen = { calls: 0, during: false };
  const real = h.context.suspendTUI;
  h.context.suspendTUI = async (fn) => {
    seen.calls++;
    const before = file !== undefined && existsSync(file);
    await real(fn);
    seen.during = !before && file !== undefined && existsSync(file);
  };
  return seen;
}

describe("interactive-shell", () => {
  test("runs the command with the UI suspended and reports exit code 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "interactive-shell-"));
    try {
      const h = await createHarness({ cwd: dir }).load(EXT);
      assertCommandRegistered(h, "shell");
      const suspend = watchSuspend(h, join(dir, "ran"));
      await h.runCommand("shell", "touch ran");
      expect(suspend).toEqual({ calls: 1, during: true });
      assertInfo(h, "touch ran exited with code 0");
      expect(h.context.errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("true and false: exit codes 0 and 1", async () => {
    const h = await createHarness().load(EXT);
    await h.runCommand("shell", "true");
    assertInfo(h, "true exited with code 0");
    await h.runCommand("shell", "false");
    assertError(h, "false exited with code 1");
  });

  test("any other exit code is reported too", async () => {
    const h = await createHarness().load(EXT);
    await h.runCommand("shell", "exit 7");
    assertError(h, "exit 7 exited with code 7");
  });

  test("the command runs in the session's directory", async () => {
    const h = await createHarness({ cwd: "/" }).load(EXT);
    await h.runCommand("shell", '[ "$(pwd)" = / ]');
    assertInfo(h, '[ "$(pwd)" = / ] exited with code 0');
  });

  test("a signal is reported as such", async () => {
    const h = await createHarness().load(EXT);
    await h.runCommand("shell", "kill -TERM $$");
    assertError(h, "kill -TERM $$ was killed by SIGTERM");
  });

  test("without a command it starts $SHELL", async () => {
    const shell = Bun.which("true")!;
    process.env.SHELL = shell;
    const h = await createHarness().load(EXT);
    await h.runCommand("shell");
    assertInfo(h, `${shell} exited with code 0`);
  });

  test("a shell that cannot start is reported", async () => {
    process.env.SHELL = "/nonexistent/shell";
    const h = await createHarness().load(EXT);
    await h.runCommand("shell");
    expect(h.context.errors).toHaveLength(1);
    expect(h.context.errors[0]).toStartWith("/nonexistent/shell could not start: ");
  });

  test("headless runs refuse", async () => {
    const h = await createHarness({ interactive: false }).load(EXT);
    const suspend = watchSuspend(h);
    await h.runCommand("shell", "true");
    assertError(h, "/shell needs the interactive terminal (its program reads the keyboard)");
    expect(suspend.calls).toBe(0);
  });
});
