import * as fs from "node:fs";
import * as path from "node:path";
import type { Context } from "../../src/extensions/contract.ts";
import { loadAll, type LoadResult } from "../../src/extensions/loader.ts";
import { ExtensionRunner } from "../../src/extensions/runner.ts";
import type { OptionValues } from "../../src/extensions/options.ts";
import { tempDir as sharedTempDir } from "../support/temp-dir.ts";

/** A fresh temp directory (real path), removed after the test run. */
export function tempDir(prefix = "kit-ext-test-"): string {
  return sharedTempDir(prefix);
}

/** Writes { "relative/path": content } under `dir`; returns the absolute paths in the given order. */
export function writeFiles(dir: string, files: Record<string, string>): string[] {
  return Object.entries(files).map(([rel, content]) => {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
    return abs;
  });
}

/**
 * A shared log the test extensions append to (through globalThis, as they are separate modules).
 * Each test gets a fresh one by calling `resetLog()`.
 */
export function resetLog(): unknown[] {
  const log: unknown[] = [];
  (globalThis as { __kitLog?: unknown[] }).__kitLog = log;
  return log;
}
/** Source snippet an extension uses to log: `LOG(x)`. */
export const LOG = "const LOG = (x: unknown) => (globalThis as any).__kitLog.push(x);\n";

export interface HandlerErrorReport {
  extPath: string;
  event: string;
  error: unknown;
}

/** Writes the extensions (file name -> source) to a temp dir and loads them through the real loader. */
export async function loadSources(files: Record<string, string>): Promise<LoadResult & { paths: string[]; dir: string }> {
  const dir = tempDir();
  const paths = writeFiles(dir, files);
  const result = await loadAll(paths, { fresh: false });
  return { ...result, paths, dir };
}

/** A Context stand-in: tests here exercise dispatch, not the Context (built by the app). */
export function fakeContext(extPath: string): Context {
  return new Proxy({ cwd: "/", extPath } as unknown as Context, {
    get(target, prop) {
      if (prop in target) return (target as never)[prop];
      if (prop === "then") return undefined;
      return () => {
        throw new Error(`fake context: ${String(prop)} is not available in this test`);
      };
    },
  });
}

/** A runner over `result.registry` that records handler errors. */
export function runnerFor(result: LoadResult, options?: OptionValues): { runner: ExtensionRunner; errors: HandlerErrorReport[] } {
  const errors: HandlerErrorReport[] = [];
  const runner = new ExtensionRunner({
    registry: result.registry,
    contextFor: fakeContext,
    onHandlerError: (extPath, event, error) => errors.push({ extPath, event, error }),
    ...(options ? { options } : {}),
  });
  return { runner, errors };
}

/** A promise with its resolver, for handlers a test releases explicitly. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}
