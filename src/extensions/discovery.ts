/**
 * Which extension files to load, in load order (which is also dispatch order):
 *   1. <configDir>/extensions/       (global; skipped by --no-extensions)
 *   2. installed packages            (entry paths given by the caller; skipped by --no-extensions)
 *   3. ./.kit/extensions/            (project; skipped by --no-extensions)
 *   4. config `extension` paths      (explicit, so they load even with --no-extensions)
 *   5. each -e path, file or directory
 * A directory holds extensions the way spec/install.md describes a repository: every `*.ts`/`*.js`
 * file in it, and every sub-directory with a `main.ts`, `index.ts`, `main.js` or `index.js` entry.
 * Paths are deduplicated by real path; the first occurrence wins.
 */
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { LoadError } from "./load-error.ts";

export interface DiscoverOptions {
  /** $XDG_CONFIG_HOME/kit */
  configDir: string;
  cwd: string;
  /** Entry paths of installed packages (from the install manifest), in order. */
  packages: string[];
  /** `-e` paths as given on the command line (relative to cwd). */
  explicit: string[];
  /** `--no-extensions`: skip the two directories and installed packages. */
  noDiscovery: boolean;
  /** The project is not trusted: skip `./.kit/extensions/` (app/project-trust.ts). */
  skipProject?: boolean;
  /** The config key `extension` (relative to cwd). */
  configPaths: string[];
}

export type ExtensionSource = "global" | "package" | "project" | "config" | "explicit";

export interface DiscoveredExtension {
  /** Real (symlink-free) absolute path of the entry file. */
  path: string;
  source: ExtensionSource;
  /**
   * The extension's own folder (real path) when it is a folder with an entry file; undefined for a
   * single file, whose folder (a project root, say) holds other things too.
   */
  folder?: string;
}

export interface Discovery {
  extensions: DiscoveredExtension[];
  /** The same entries' paths, in load order. */
  paths: string[];
  /** Paths that were asked for but are missing or hold no extension. Never silent. */
  errors: LoadError[];
}

/** Entry files of a one-extension directory, in the order they are looked for. */
export const ENTRY_NAMES = ["main.ts", "index.ts", "main.js", "index.js"];
/** Folders that never hold extensions. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([".git", "node_modules", "test", "tests", "dist", "build"]);

export function discoverExtensions(opts: DiscoverOptions): Discovery {
  const found: DiscoveredExtension[] = [];
  const errors: LoadError[] = [];
  const seen = new Set<string>();
  const add = ({ path, folder }: Entry, source: ExtensionSource) => {
    const real = realpathSync(path);
    if (seen.has(real)) return;
    seen.add(real);
    found.push({ path: real, source, ...(folder ? { folder: realpathSync(folder) } : {}) });
  };
  /** A path someone asked for: a file, or a directory (one extension, or a directory of them). */
  const addGiven = (given: string, source: ExtensionSource, what: string) => {
    const abs = resolve(opts.cwd, given);
    if (!existsSync(abs)) {
      errors.push({ path: given, message: `${what} not found: ${abs}` });
      return;
    }
    const entries = statSync(abs).isDirectory() ? extensionsIn(abs) : [{ path: abs }];
    if (entries.length === 0) {
      errors.push({
        path: given,
        message: `no extension in ${abs} (looked for ${ENTRY_NAMES.join(", ")} and *.ts / *.js files)`,
      });
    }
    for (const entry of entries) add(entry, source);
  };

  if (!opts.noDiscovery) {
    for (const entry of entriesIn(join(opts.configDir, "extensions"))) add(entry, "global");
    for (const pkg of opts.packages) addGiven(pkg, "package", "installed extension");
    if (!opts.skipProject) for (const entry of entriesIn(join(opts.cwd, ".kit", "extensions"))) add(entry, "project");
  }
  for (const p of opts.configPaths) addGiven(p, "config", "extension (config `extension`)");
  for (const p of opts.explicit) addGiven(p, "explicit", "extension (-e)");
  return { extensions: found, paths: found.map((e) => e.path), errors };
}

/** Extensions directly in `dir` (sorted by name); [] when the directory does not exist. */
export function scanDirectory(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (name.startsWith(".")) continue;
    const abs = join(dir, name);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory(); // follows symlinks
    } catch {
      continue; // a dangling symlink
    }
    if (isDir) {
      if (SKIPPED_DIRS.has(name)) continue;
      const entry = extensionEntry(abs);
      if (entry) out.push(entry);
    } else if (isExtensionFile(name)) {
      out.push(abs);
    }
  }
  return out;
}

export function isExtensionFile(name: string): boolean {
  if (!/\.(ts|js)$/.test(name)) return false;
  return !/\.d\.ts$/.test(name) && !/\.test\.(ts|js)$/.test(name);
}

interface Entry {
  path: string;
  folder?: string;
}

/** A directory given by path: one extension when it has an entry file, else a directory of them. */
function extensionsIn(dir: string): Entry[] {
  const entry = extensionEntry(dir);
  return entry ? [{ path: entry, folder: dir }] : entriesIn(dir);
}

/** scanDirectory's extensions, each sub-directory one's with its folder. */
function entriesIn(dir: string): Entry[] {
  return scanDirectory(dir).map((path) => (dirname(path) === dir ? { path } : { path, folder: dirname(path) }));
}

/** The entry file of a one-extension directory, if it has one. */
export function extensionEntry(dir: string): string | undefined {
  for (const name of ENTRY_NAMES) {
    const abs = join(dir, name);
    try {
      if (statSync(abs).isFile()) return abs;
    } catch {
      // not this one
    }
  }
  return undefined;
}
