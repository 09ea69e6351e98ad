/**
 * What every `kit install` operation is given (where things are, how to talk to the user), and the
 * small pieces they share. Results go to `print` (stdout); notices and warnings to `warn` (stderr);
 * `progress` exists only when stderr is a terminal, so a non-terminal gets nothing but results.
 */
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import { foldersWithDependencies, installDependencies } from "./deps.ts";
import { INSTALL_LIMITS } from "./limits.ts";
import type { PackageEntry } from "./manifest.ts";
import type { FoundExtension } from "./scan.ts";

export interface ProgressLine {
  /** Replaces the progress line. */
  update(text: string): void;
  /** Removes it (before results or a prompt are written). */
  clear(): void;
}

export interface OpContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** $XDG_DATA_HOME/kit */
  dataDir: string;
  /** The kit binary (or bun, from source): installs dependencies. */
  execPath: string;
  print(line: string): void;
  warn(line: string): void;
  progress?: ProgressLine;
  /** A path as the user reads it (`~/…`, relative inside cwd). */
  show(path: string): string;
}

/**
 * Which of the extensions found to install. `undefined` = all of them, recorded without an include
 * list (so extensions added upstream later are picked up by --update).
 */
export type Chooser = (found: FoundExtension[], packageName: string) => Promise<FoundExtension[] | undefined>;

export const short = (commit: string) => commit.slice(0, 7);

export function transportOf(entry: Pick<PackageEntry, "repo">): "http" | "ssh" {
  return /^https?:\/\//i.test(entry.repo) ? "http" : "ssh";
}

/** "tag v1 (pinned)", "branch dev (tracked)", "default branch (tracked)". */
export function refDescription(entry: Pick<PackageEntry, "ref" | "pinned">): string {
  if (entry.ref === undefined) return "default branch (tracked)";
  return `${entry.ref} (${entry.pinned ? "pinned" : "tracked"})`;
}

export function sameRepo(a: { host: string; path: string }, b: { host: string; path: string }): boolean {
  return a.host === b.host && a.path === b.path;
}

/** Installs the npm dependencies of a checked-out package: its root, its sub-directory and each chosen folder extension. */
export async function installPackageDependencies(ctx: OpContext, checkout: string, subdir: string | undefined, chosen: readonly FoundExtension[]): Promise<void> {
  const candidates = [checkout, ...(subdir ? [join(checkout, subdir)] : []), ...chosen.filter((e) => e.kind === "folder").map((e) => e.root)];
  for (const dir of foldersWithDependencies(candidates)) {
    ctx.progress?.update(`Installing the dependencies of ${dir === checkout ? "the package" : dir.slice(checkout.length + 1)}…`);
    await installDependencies(dir, { execPath: ctx.execPath, env: ctx.env });
  }
  ctx.progress?.clear();
}

/** A progress callback for a fetch that writes "Receiving objects 45% (9/20)" lines. */
export function fetchProgress(ctx: OpContext, what: string): ((phase: string, loaded: number, total: number) => void) | undefined {
  const line = ctx.progress;
  if (!line) return undefined;
  return (phase, loaded, total) => {
    const amount = total > 0 ? `${Math.floor((loaded / total) * 100)}% (${loaded}/${total})` : `${loaded}`;
    line.update(`${what}: ${phase} ${amount}`);
  };
}

/**
 * Refuses more extensions from one package than the limit, and warns past a smaller count: each
 * extension is imported at every start of kit.
 */
export function checkExtensionCount(ctx: OpContext, count: number, id: string): void {
  const choose = `choose the ones you want with --include a,b or --select`;
  if (count > INSTALL_LIMITS.maxExtensions) {
    throw new UsageError(`${id} has ${count} extensions, more than the ${INSTALL_LIMITS.maxExtensions} kit installs from one package; ${choose}. Nothing was changed`);
  }
  if (count > INSTALL_LIMITS.warnExtensions) {
    ctx.warn(`kit: warning: installing ${count} extensions from ${id}; each one loads at every start of kit (to install fewer, ${choose})`);
  }
}
