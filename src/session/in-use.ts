import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { processAlive } from "../process-alive.ts";

/**
 * Which kit processes are writing a session file, so `kit sessions check --repair` never replaces a
 * file under a writer (whose later entries would go to the replaced file and be lost) and a second
 * writer is warned.
 *
 * A process writing a session holds a marker beside it, `<file>.in-use-<pid>`, from its first write
 * until it closes the file or exits. One marker per process, so two writers never fight over one. A
 * marker whose process is gone (killed, crashed) is stale: it marks nothing, and is removed when seen,
 * so a crash never leaves a session stuck. Markers are best effort: a directory where no marker can be
 * written is one where the session cannot be written either.
 */

const MARK = ".in-use-";

/** The marker of this process for `path`. */
function markerOf(path: string, pid: number): string {
  return `${path}${MARK}${pid}`;
}

/** Marks `path` as written by this process; returns how to take the mark away. */
export function markInUse(path: string): () => void {
  const marker = markerOf(path, process.pid);
  try {
    writeFileSync(marker, `${process.pid}\n`, { mode: 0o600 });
  } catch {
    return () => {};
  }
  // Released on exit too, for the sessions a run never closes (the process ends with them open).
  const release = () => {
    process.removeListener("exit", release);
    rmSync(marker, { force: true });
  };
  process.on("exit", release);
  return release;
}

/** The other live processes writing `path` (stale markers are removed on the way). */
export function otherWriters(path: string): number[] {
  const prefix = basename(path) + MARK;
  let names: string[];
  try {
    names = readdirSync(dirname(path)).filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    const pid = Number(name.slice(prefix.length));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue;
    if (processAlive(pid)) pids.push(pid);
    else rmSync(join(dirname(path), name), { force: true });
  }
  return pids;
}
