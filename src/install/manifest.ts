/**
 * The install manifest, `packages.json` beside the installed repositories (spec/install.md, Layout):
 *
 *   {"packages":[{"source","repo","host","path","subdir"?,"ref"?,"pinned","commit","scope",
 *                 "installed","updated"?,"include"?:["./rel/file.ts",…],"hash"}]}
 *
 * Read strictly (a damaged manifest is an error that names the file, never silently empty) and
 * written atomically (writeFileAtomic: a crash leaves the old manifest or the new one).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../config/atomic-write.ts";
import { parseJson } from "../config/parse-file.ts";
import { KitError } from "../errors.ts";

export type Scope = "global" | "local";

export interface PackageEntry {
  /** The source as given (credentials removed), `@ref` included. */
  source: string;
  /** The URL fetched from. */
  repo: string;
  host: string;
  /** Repository path on the host: `user/repo`. */
  path: string;
  subdir?: string;
  /** The tag, branch or commit asked for; absent = the default branch. */
  ref?: string;
  /** A tag or commit: `--update` leaves it alone. */
  pinned: boolean;
  /** The installed commit (full SHA). */
  commit: string;
  scope: Scope;
  /** ISO 8601 times. */
  installed: string;
  updated?: string;
  /** Chosen extensions (entry files relative to the package directory); absent = every extension found. */
  include?: string[];
  /** contentHash() of the installed extension files. */
  hash: string;
}

export interface Manifest {
  packages: PackageEntry[];
}

export const MANIFEST_NAME = "packages.json";

export function manifestPath(root: string): string {
  return join(root, MANIFEST_NAME);
}

export class ManifestError extends KitError {
  constructor(message: string) {
    super(message, 1, "manifest");
    this.name = "ManifestError";
  }
}

/** The manifest in `root`; an empty one when there is no file yet. */
export function readManifest(root: string): Manifest {
  const file = manifestPath(root);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { packages: [] };
    throw new ManifestError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseJson(text, file, { what: "install manifest", hint: "Fix it, or remove it and install the packages again" });
  } catch (err) {
    throw new ManifestError((err as Error).message);
  }
  const packages = (data as { packages?: unknown })?.packages;
  if (!Array.isArray(packages)) throw new ManifestError(`${file} has no "packages" list; fix it, or remove it and install the packages again`);
  return { packages: packages.map((p, i) => checkEntry(p, i, file)) };
}

export function writeManifest(root: string, manifest: Manifest): void {
  writeFileAtomic(manifestPath(root), JSON.stringify({ packages: manifest.packages.map(ordered) }, null, 2) + "\n");
}

function checkEntry(p: unknown, i: number, file: string): PackageEntry {
  const bad = (why: string): never => {
    throw new ManifestError(`${file}: package ${i + 1} ${why}; fix it, or remove that entry and install the package again`);
  };
  if (typeof p !== "object" || p === null) return bad("is not an object");
  const e = p as Record<string, unknown>;
  for (const key of ["source", "repo", "host", "path", "commit", "installed", "hash"]) {
    if (typeof e[key] !== "string" || e[key] === "") bad(`has no "${key}"`);
  }
  if (typeof e.pinned !== "boolean") bad(`has no "pinned" (true or false)`);
  if (e.scope !== "global" && e.scope !== "local") bad(`has a "scope" that is neither "global" nor "local"`);
  for (const key of ["subdir", "ref", "updated"]) if (e[key] !== undefined && typeof e[key] !== "string") bad(`has a "${key}" that is not a string`);
  if (e.include !== undefined && (!Array.isArray(e.include) || e.include.some((x) => typeof x !== "string"))) bad(`has an "include" that is not a list of paths`);
  const unsafe = [e.path as string, e.subdir as string | undefined, ...((e.include as string[] | undefined) ?? [])]
    .filter((x): x is string => x !== undefined)
    .some((x) => x.split(/[\\/]/).includes("..") || x.startsWith("/"));
  if (unsafe) bad(`has a path that leaves the package directory`);
  return e as unknown as PackageEntry;
}

/** Keys in the order of the spec, so the file reads the same way every time. */
function ordered(e: PackageEntry): PackageEntry {
  return {
    source: e.source,
    repo: e.repo,
    host: e.host,
    path: e.path,
    ...(e.subdir !== undefined ? { subdir: e.subdir } : {}),
    ...(e.ref !== undefined ? { ref: e.ref } : {}),
    pinned: e.pinned,
    commit: e.commit,
    scope: e.scope,
    installed: e.installed,
    ...(e.updated !== undefined ? { updated: e.updated } : {}),
    ...(e.include !== undefined ? { include: e.include } : {}),
    hash: e.hash,
  };
}
