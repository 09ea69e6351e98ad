/**
 * Where installed packages live (spec/install.md, Layout), and the pieces that make every operation
 * atomic: a lock per scope, and a work area beside the packages (same filesystem, so a finished
 * checkout is moved into place with one rename).
 *
 *   global:  $XDG_DATA_HOME/kit/git/<host>/<path>/, manifest $XDG_DATA_HOME/kit/git/packages.json
 *   --local: ./.kit/git/<host>/<path>/,             manifest ./.kit/git/packages.json
 *   work:    <root>/.tmp/<pid>-<random>/   (left behind by a killed run; removed by the next one)
 *   lock:    <root>/.lock                  (holds the pid of the kit that owns it)
 *
 * A host's `:port` becomes `_port` in the directory name (":" is not allowed on every filesystem).
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { KitError } from "../errors.ts";
import type { Scope } from "./manifest.ts";
import { processAlive } from "../process-alive.ts";

export interface ScopeDirs {
  /** $XDG_DATA_HOME/kit */
  dataDir: string;
  cwd: string;
}

export function scopeRoot(scope: Scope, dirs: ScopeDirs): string {
  return scope === "global" ? join(dirs.dataDir, "git") : join(dirs.cwd, ".kit", "git");
}

export function packageDir(root: string, p: { host: string; path: string }): string {
  return join(root, p.host.replace(/:/g, "_"), ...p.path.split("/"));
}

/** A fresh work directory under `<root>/.tmp/`; stale ones of processes that are gone are removed first. */
export function makeWorkDir(root: string): string {
  const area = join(root, ".tmp");
  mkdirSync(area, { recursive: true });
  removeStaleWorkDirs(area);
  return mkdtempSync(join(area, `${process.pid}-`));
}

function removeStaleWorkDirs(area: string): void {
  for (const name of safeReaddir(area)) {
    const pid = Number.parseInt(name, 10);
    if (pid === process.pid || (Number.isInteger(pid) && processAlive(pid))) continue;
    rmSync(join(area, name), { recursive: true, force: true });
  }
}

/** Removes a work directory and, when it was the last one, the `.tmp` area. */
export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  try {
    rmdirSync(dirname(dir));
  } catch {
    // not empty: another kit is working
  }
}

/** Removes `dir`'s now-empty parents up to (not including) `root`: uninstalling user/repo drops an empty user/. */
export function pruneEmptyParents(dir: string, root: string): void {
  for (let d = dirname(dir); d.startsWith(root + "/") || d.startsWith(root + "\\"); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
  }
}

/** Moves `from` to `to`, creating `to`'s parent. */
export function moveInto(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  renameSync(from, to);
}

/**
 * Runs `fn` holding the scope's lock, so two kit processes never interleave manifest updates. A lock
 * left by a process that is gone is taken over.
 */
export async function withLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(root, { recursive: true });
  const file = join(root, ".lock");
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) {
        const owner = lockOwner(file);
        throw new KitError(
          `another kit is installing or updating packages in ${root}${owner ? ` (pid ${owner})` : ""}; wait for it to finish, or remove ${file} if no kit is running`,
          1,
          "locked",
        );
      }
      const owner = lockOwner(file);
      if (owner === undefined || processAlive(owner)) {
        throw new KitError(
          `another kit${owner ? ` (pid ${owner})` : ""} is installing or updating packages in ${root}; wait for it to finish, or remove ${file} if no kit is running`,
          1,
          "locked",
        );
      }
      rmSync(file, { force: true }); // its owner is gone
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

function lockOwner(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
