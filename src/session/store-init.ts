import { dirname, join } from "node:path";
import { type Slot, slotOf } from "./entry-tree.ts";
import { newSessionId } from "./ids.ts";
import type { LineSource } from "./line-source.ts";
import { scanSessionFile } from "./open-scan.ts";
import { sessionDir, sessionFileName, sessionIdFromFileName } from "./paths.ts";
import { type ListingStamp, ListingTally } from "./serialize.ts";
import { type CreateSessionOptions, type InMemoryOptions, type SessionStoreOptions, makeHeader } from "./store-options.ts";
import type { SessionEntry, SessionHeader, SessionIssue } from "./types.ts";

/**
 * Where a SessionStore starts (store.ts): a new file, an existing file read once, memory, or a fork
 * of another session. Each gives the store's file, header, initial slots and how to write; the store
 * itself only takes the result.
 */

export interface StoreInit {
  path: string;
  header: SessionHeader;
  /** Entries in file order (parents first), parsed or to be read from `source`. */
  slots: Slot[];
  /** How to write the file; null for an in-memory session. */
  writer: { header: SessionHeader | null; existing: boolean; endsWithNewline?: boolean } | null;
  issues: SessionIssue[];
  opts: SessionStoreOptions;
  source?: LineSource;
  /** The running figures so far; without them they come from `lastStamp`, else from a recount. */
  tally?: ListingTally;
  lastStamp?: ListingStamp;
}

/** A new session; its file is created at the first entry. */
export function newSessionInit(opts: CreateSessionOptions): StoreInit {
  const id = opts.id ?? newSessionId();
  const date = (opts.now ?? (() => new Date()))();
  let path = opts.path;
  if (path === undefined) {
    const dir = opts.dir ?? (opts.dataDir !== undefined ? sessionDir(opts.dataDir, opts.cwd) : undefined);
    if (dir === undefined) throw new Error("SessionStore.create needs path, dir or dataDir");
    path = join(dir, sessionFileName(date, id));
  }
  const header = makeHeader(id, date, opts.cwd, opts);
  const writer = { header, existing: false };
  return { path, header, slots: [], writer, issues: [], opts, tally: new ListingTally() };
}

/**
 * An existing session file, scanned once. `cwd` goes into the header kit writes when the file is
 * empty (e.g. `--session` on a new empty file).
 */
export function openedSessionInit(path: string, opts: SessionStoreOptions & { cwd?: string }): StoreInit {
  const scan = scanSessionFile(path);
  const firstTime = Date.parse(scan.slots[0]?.timestamp ?? "");
  const created = Number.isNaN(firstTime) ? (opts.now ?? (() => new Date()))() : new Date(firstTime);
  const header = scan.header ?? makeHeader(sessionIdFromFileName(path) ?? newSessionId(), created, opts.cwd ?? "", {});
  const blank = scan.header === null && scan.slots.length === 0 && scan.blank;
  return {
    path,
    header,
    slots: scan.slots,
    writer: { header: blank ? header : null, existing: true, endsWithNewline: scan.endsWithNewline },
    issues: scan.issues,
    opts,
    source: scan.source,
    ...(scan.lastStamp ? { lastStamp: scan.lastStamp } : {}),
  };
}

/** A session that writes nothing (--no-session); its path is "". */
export function inMemoryInit(opts: InMemoryOptions): StoreInit {
  const header = makeHeader(opts.id ?? newSessionId(), (opts.now ?? (() => new Date()))(), opts.cwd ?? process.cwd(), opts);
  return { path: "", header, slots: [], writer: null, issues: [], opts, tally: new ListingTally() };
}

/**
 * A fork of `parent` holding `copied` (its path root → target, same ids): a header naming the parent,
 * and a file next to the parent's unless `newPath` is given (an in-memory parent forks in memory).
 * The copied entries are not written here: the store that takes a file fork writes them.
 */
export function forkInit(
  parent: { path: string; header: SessionHeader },
  copied: readonly SessionEntry[],
  newPath: string | undefined,
  opts: SessionStoreOptions & { now: () => Date },
): StoreInit {
  const date = opts.now();
  const id = newSessionId();
  const parentFields: Partial<SessionHeader> = { parentSessionId: parent.header.id };
  if (parent.path !== "") parentFields.parentSession = parent.path;
  const header = makeHeader(id, date, parent.header.cwd, parentFields);
  const slots = copied.map(slotOf);
  const tally = new ListingTally();
  if (newPath === undefined && parent.path === "") {
    for (const e of copied) tally.add(e);
    return { path: "", header, slots, writer: null, issues: [], opts, tally };
  }
  const path = newPath ?? join(dirname(parent.path), sessionFileName(date, id));
  return { path, header, slots, writer: { header, existing: false }, issues: [], opts, tally };
}
