/**
 * Replaces the running kit executable with a downloaded release binary, never leaving a half-written
 * one: the download goes to a temporary file beside the executable, is checked against SHA256SUMS and
 * run with --version, and only then renamed over it (one rename within a directory is atomic). The
 * previous binary stays as `kit.old` until the next start removes it (Windows cannot delete a running
 * executable, only rename it).
 */
import { createHash } from "node:crypto";
import { accessSync, constants, copyFileSync, linkSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { EXIT, KitError } from "../errors.ts";
import { oldBinaryPath } from "./old-binary.ts";
import { download, type ReleaseBinary } from "./releases.ts";

const fail = (message: string) => new KitError(message, EXIT.runFailed, "upgrade");

/** Refuses before downloading when the executable cannot be replaced by this user. */
export function checkReplaceable(executable: string): void {
  // Files a package manager owns are upgraded with it, even when this user could write them.
  const manager = /\/Cellar\//.test(executable) ? "Homebrew" : /^\/nix\/store\//.test(executable) ? "Nix" : undefined;
  if (manager) throw fail(`${executable} was installed by ${manager}; upgrade kit with ${manager} instead`);
  try {
    accessSync(dirname(executable), constants.W_OK);
    accessSync(executable, constants.W_OK);
  } catch {
    throw fail(
      `cannot replace ${executable}: you cannot write to it or to ${dirname(executable)} (installed by a package manager or another user?); ` +
        `upgrade it the way it was installed, or reinstall into a directory you own with install.sh`,
    );
  }
}

/**
 * Downloads `binary`, verifies it, and puts it in place of `executable` (which the caller has checked with
 * checkReplaceable). Returns the line the new binary printed for --version. On any failure `executable` is untouched and no temporary file is left.
 */
export async function replaceBinary(executable: string, binary: ReleaseBinary): Promise<string> {
  const bytes = await download(binary.url);
  const got = createHash("sha256").update(bytes).digest("hex");
  if (got !== binary.sha256) {
    throw fail(`checksum mismatch for ${binary.file} (SHA256SUMS says ${binary.sha256}, the download is ${got}): it is damaged or was tampered with; kit was not changed`);
  }
  const temp = join(dirname(executable), `.${basename(executable)}.upgrade-${process.pid}`);
  try {
    writeFileSync(temp, bytes, { mode: 0o755 });
    const versionLine = newBinaryVersion(temp, binary);
    try {
      swapIn(temp, executable);
    } catch (err) {
      throw fail(`cannot replace ${executable}: ${(err as Error).message}; kit was not changed`);
    }
    return versionLine;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Runs the new file's --version: a binary that does not start, or is another version, is not installed. */
function newBinaryVersion(file: string, binary: ReleaseBinary): string {
  const run = Bun.spawnSync([file, "--version"], { stdin: "ignore", stdout: "pipe", stderr: "pipe", timeout: 30_000 });
  const line = run.stdout.toString().trim();
  if (run.exitCode !== 0 || !(line === `kit ${binary.version}` || line.startsWith(`kit ${binary.version} `))) {
    const said = line || run.stderr.toString().trim().split("\n")[0] || `exit code ${run.exitCode ?? "none"}`;
    throw fail(`the downloaded ${binary.file} does not run as kit ${binary.version} (its --version said: ${said}); kit was not changed`);
  }
  return line;
}

/** Keeps the current binary as kit.old, then moves the new one into its place. */
function swapIn(temp: string, executable: string): void {
  const old = oldBinaryPath(executable);
  rmSync(old, { force: true });
  if (process.platform === "win32") {
    // A running .exe cannot be overwritten, but it can be renamed away.
    renameSync(executable, old);
    try {
      renameSync(temp, executable);
    } catch (err) {
      renameSync(old, executable);
      throw err;
    }
    return;
  }
  // A second name for the current binary, then one atomic rename: `executable` is always a whole kit.
  try {
    linkSync(executable, old);
  } catch {
    copyFileSync(executable, old);
  }
  renameSync(temp, executable);
}
