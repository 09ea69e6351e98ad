/**
 * `kit test [files|dirs] [bun test flags]` (spec/cli.md): runs extension tests with bun:test, kit/ext
 * and kit/test, using only the kit binary. kit re-executes itself as Bun's own CLI (a compiled Bun
 * executable started with BUN_BE_BUN=1 behaves as `bun`):
 *
 *   BUN_BE_BUN=1 <kit> test --preload <cache>/kit/test-preload-<hash>.js [files|dirs] [flags]
 *
 * The preload (the extension runtime and the harness, embedded in the binary) serves kit/ext and
 * kit/test. Without files bun finds every *.test.ts under the current directory (and every
 * .kit/extensions/ below it, test-args.ts). stdio is inherited and kit exits with bun's exit code (non-zero when a test fails).
 *
 * One thing differs from a plain `bun test`: Bun.spawn's default environment is the one the process
 * started with, so a test that spawns the kit binary should pass `env` (process.env no longer has
 * BUN_BE_BUN; without it, the child would be bun again).
 */
import { defineCommand } from "citty";
import { constants } from "node:os";
import { kitPaths } from "../../config/paths.ts";
import { EXIT } from "../../errors.ts";
import { ensurePreloadFile } from "../../extensions/harness/preload-file.ts";
import { bunTestArgs } from "./test-args.ts";

export interface TestRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The executable to re-run as bun: the kit binary (or bun itself when kit runs from source). */
  execPath: string;
}

export async function runTests(args: readonly string[], opts: TestRunOptions): Promise<number> {
  let preload: string;
  try {
    preload = await ensurePreloadFile(kitPaths(opts.env).cacheDir);
  } catch (err) {
    console.error(`kit test: cannot prepare the test runtime in ${kitPaths(opts.env).cacheDir}: ${(err as Error).message}. Set XDG_CACHE_HOME to a writable directory.`);
    return EXIT.runFailed;
  }
  const proc = Bun.spawn([opts.execPath, "test", "--preload", preload, ...bunTestArgs(args, opts.cwd)], {
    cwd: opts.cwd,
    env: { ...opts.env, BUN_BE_BUN: "1" },
    stdio: ["inherit", "inherit", "inherit"],
  });
  // Ctrl+C reaches bun too (same process group): let it finish its report, then exit with its code.
  // A SIGTERM or SIGHUP sent to kit alone is passed on, so no test run is left behind.
  const onInterrupt = () => {};
  const forward = (signal: NodeJS.Signals) => proc.kill(signal);
  process.on("SIGINT", onInterrupt);
  process.on("SIGTERM", forward);
  process.on("SIGHUP", forward);
  try {
    const code = await proc.exited;
    if (proc.signalCode) return 128 + (constants.signals[proc.signalCode as keyof typeof constants.signals] ?? 0);
    return code;
  } finally {
    process.off("SIGINT", onInterrupt);
    process.off("SIGTERM", forward);
    process.off("SIGHUP", forward);
  }
}

export const testCommand = defineCommand({
  meta: {
    name: "kit test",
    description:
      "Run extension tests (*.test.ts) with bun:test, kit/ext and kit/test, using only the kit binary. " +
      "Flags of `bun test` pass through: -t PATTERN, --watch, --timeout MS, --bail, --coverage, … Exit code: bun's (1 when a test fails)",
  },
  args: {
    files: { type: "positional", required: false, description: "test files or folders (default: every *.test.ts under the current directory, every .kit/extensions/ below it included)" },
  },
  run: ({ rawArgs }) => runTests(rawArgs, { cwd: process.cwd(), env: process.env, execPath: process.execPath }),
});
