import { readdirSync, readFileSync, watch, type FSWatcher } from "node:fs";
import { dirname, join, sep } from "node:path";
import type { DiscoveredExtension } from "../extensions/discovery.ts";
import { moduleGraph } from "../extensions/module-graph.ts";

/** Files of an extension's own folder that may hold its code or data. */
const SOURCE_FILE = /\.(ts|js|mjs|json)$/;
/** Folders of an extension's own folder that hold none of its code. */
const NOT_SOURCE = new Set(["node_modules", ".git"]);
/** An editor's save is often several writes (truncate, write, rename): one look after they settle. */
const DEBOUNCE_MS = 150;

export interface ExtensionWatchOptions {
  /** The content of these files of the extensions' code changed (absolute paths). */
  onChange(paths: string[]): void;
  report(message: string): void;
}

/**
 * Tells when an extension's code changed, for hot reload: a file its module graph imports, or a
 * `.ts/.js/.mjs/.json` file under its own folder (node_modules excluded), whose content differs from
 * what it was (a hash, so a write of the same bytes or a touch is not a change). Anything else written
 * nearby (a log the extension keeps beside itself, the files an agent writes in the project) is not.
 * Only the directories holding those files are watched, not recursively.
 */
export class ExtensionWatch {
  private watchers: FSWatcher[] = [];
  private hashes = new Map<string, number | bigint | undefined>();
  private folders: string[] = [];
  private readonly changed = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly o: ExtensionWatchOptions) {}

  /** Watches the files of these extensions as they are now (again after each reload: the graph may have changed). */
  watch(extensions: readonly DiscoveredExtension[]): void {
    this.closeWatchers();
    if (this.closed) return;
    const files = new Set<string>();
    const dirs = new Set<string>();
    for (const e of extensions) for (const file of moduleGraph(e.path)) files.add(file);
    this.folders = extensions.flatMap((e) => (e.folder ? [e.folder] : []));
    for (const folder of this.folders) sourceTree(folder, files, dirs);
    for (const file of files) dirs.add(dirname(file));
    this.hashes = new Map([...files].map((f) => [f, hashOf(f)]));
    for (const dir of dirs) {
      try {
        this.watchers.push(watch(dir, (_event, name) => name && this.touched(join(dir, name.toString()))));
      } catch (err) {
        this.o.report(`cannot watch ${dir} for changes: ${(err as Error).message}`);
      }
    }
  }

  /** Stops watching for good. */
  close(): void {
    this.closed = true;
    this.closeWatchers();
    clearTimeout(this.timer);
  }

  private closeWatchers(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  private touched(path: string): void {
    if (!this.hashes.has(path) && !this.inOwnFolder(path)) return;
    this.changed.add(path);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.compare(), DEBOUNCE_MS);
  }

  private inOwnFolder(path: string): boolean {
    if (!SOURCE_FILE.test(path)) return false;
    return this.folders.some((folder) => path.startsWith(folder + sep) && !path.slice(folder.length + 1).split(sep).some((part) => NOT_SOURCE.has(part)));
  }

  private compare(): void {
    const differing: string[] = [];
    for (const path of this.changed) {
      const hash = hashOf(path);
      if (hash !== this.hashes.get(path)) differing.push(path);
      this.hashes.set(path, hash);
    }
    this.changed.clear();
    if (differing.length > 0) this.o.onChange(differing.sort());
  }
}

/** Hash of a file's content; undefined when it does not exist (a deleted file differs from any content). */
function hashOf(path: string): number | bigint | undefined {
  try {
    return Bun.hash(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** The source files under a folder and the folders holding them, skipping node_modules and .git. */
function sourceTree(dir: string, files: Set<string>, dirs: Set<string>): void {
  dirs.add(dir);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!NOT_SOURCE.has(entry.name)) sourceTree(path, files, dirs);
    } else if (SOURCE_FILE.test(entry.name)) {
      files.add(path);
    }
  }
}
