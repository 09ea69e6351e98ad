import { readFileSync, renameSync } from "node:fs";
import { writeFileAtomic } from "../config/atomic-write.ts";
import { stateSidecarPath, unusedPath } from "./paths.ts";

/**
 * The extension state sidecar (spec/sessions.md): `<session path without .jsonl>.ext-state.json`,
 * a JSON object of string → string behind ctx.setState/getState/deleteState/listState.
 *
 * Saving: every set/delete bumps a version and schedules one save for the end of the current
 * synchronous run (a microtask), so a burst of changes is written once, with the latest snapshot.
 * Saves are synchronous atomic replacements (writeFileAtomic: temp file, fsync, rename) and never
 * overlap; a save writes the version it snapshotted and a save of an already saved version is
 * skipped, so an older snapshot can never land after a newer one. `flush()` saves at once (the app
 * calls it on shutdown and before a session switch; `rebind` does it itself).
 *
 * Loading: a missing or empty file is an empty store. A malformed one is reported and left as it
 * was, moved aside to `<file>.bad`, and the state starts empty. (If it cannot be read or moved aside,
 * the state stays in memory so the file is never overwritten.) In-memory sessions (path "") keep the
 * state in memory only.
 */

export interface StateStoreOptions {
  /** Called when a scheduled save fails (a direct flush() throws instead). */
  onError?: (err: Error) => void;
}

export class StateStore {
  private data = new Map<string, string>();
  private file = "";
  private version = 0;
  private savedVersion = 0;
  private scheduled = false;
  private saveCount = 0;
  /** Why the state of the current file started empty, if it was malformed or unreadable. */
  warning: string | undefined;

  constructor(sessionPath: string, private readonly opts: StateStoreOptions = {}) {
    this.load(sessionPath);
  }

  /** The sidecar file; "" in memory. */
  get path(): string {
    return this.file;
  }

  get(key: string): string | undefined {
    return this.data.get(key);
  }

  set(key: string, value: string): void {
    if (typeof key !== "string" || typeof value !== "string") throw new TypeError("state keys and values must be strings");
    if (this.data.get(key) === value) return;
    this.data.set(key, value);
    this.changed();
  }

  delete(key: string): void {
    if (this.data.delete(key)) this.changed();
  }

  /** Keys, in the order they were first set. */
  list(): string[] {
    return [...this.data.keys()];
  }

  snapshot(): Record<string, string> {
    return Object.fromEntries(this.data);
  }

  /** Files written so far (bursts of changes coalesce into one). */
  get saves(): number {
    return this.saveCount;
  }

  /** True while a change has not reached the file. */
  get dirty(): boolean {
    return this.file !== "" && this.version !== this.savedVersion;
  }

  /** Writes the latest state now if it is not on disk yet. Throws when the write fails. */
  flush(): void {
    if (this.file === "" || this.version === this.savedVersion) return;
    const version = this.version;
    writeFileAtomic(this.file, JSON.stringify(this.snapshot(), null, 2) + "\n");
    this.saveCount++;
    if (version > this.savedVersion) this.savedVersion = version;
  }

  /**
   * Switches to the sidecar of another session (session switch): saves what is pending for the old
   * one, then loads the new one. Returns the new file's warning, if any.
   */
  rebind(newSessionPath: string): string | undefined {
    this.flush();
    this.load(newSessionPath);
    return this.warning;
  }

  private changed(): void {
    this.version++;
    if (this.file === "" || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      try {
        this.flush();
      } catch (err) {
        this.opts.onError?.(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private load(sessionPath: string): void {
    this.file = stateSidecarPath(sessionPath);
    this.data = new Map();
    this.warning = undefined;
    this.savedVersion = this.version;
    if (this.file === "") return;
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      this.warning = `cannot read extension state ${this.file}: ${(err as Error).message}; state starts empty and stays in memory`;
      this.file = "";
      return;
    }
    if (text.trim() === "") return;
    const problem = parseState(text, this.data);
    if (problem === null) return;
    this.data = new Map();
    const bad = unusedPath(`${this.file}.bad`);
    try {
      renameSync(this.file, bad);
      this.warning = `extension state ${this.file} is malformed (${problem}); kept as ${bad}; state starts empty`;
    } catch (err) {
      this.warning = `extension state ${this.file} is malformed (${problem}) and could not be moved aside (${(err as Error).message}); state starts empty and stays in memory`;
      this.file = "";
    }
  }
}

/** Fills `into` from the text; returns what is wrong with it, or null. */
function parseState(text: string, into: Map<string, string>): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") return `the value of ${JSON.stringify(k)} is not a string`;
    into.set(k, v);
  }
  return null;
}
