/**
 * Temp directories for tests, all removed once the whole `bun test` run is over.
 *
 * bunfig.toml preloads this module. `bun test` runs every file in one process and evaluates a
 * module once, so an afterAll registered by a helper that test files import binds to the first
 * file that imports it, and the directories made by later files leak. Registered from a preload,
 * the afterAll is global: it runs once, after the last file, whether tests failed or not.
 * A process "exit" listener is not an option: `bun test` (1.4) exits without emitting "exit"
 * unless a node:test API was used.
 */
import { afterAll } from "bun:test";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

// Thousands of directories (some with installed packages) take seconds to remove on a busy machine:
// the cleanup gets its own generous limit rather than the per-test one.
const CLEANUP_TIMEOUT_MS = 300_000;
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}, CLEANUP_TIMEOUT_MS);

/** A fresh directory under the system temp dir, as its real path (what a child's `pwd` prints). */
export function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.push(dir);
  return dir;
}
