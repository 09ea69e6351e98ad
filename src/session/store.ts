import type { Message } from "../llm/types.ts";
import { DEFAULT_STORAGE_LIMITS, type StorageLimits, capToolResults } from "./cap-tool-output.ts";
import { buildContext } from "./context.ts";
import { EntryTree, type Slot, slotOf } from "./entry-tree.ts";
import { newEntryId } from "./ids.ts";
import { otherWriters } from "./in-use.ts";
import type { LineSource } from "./line-source.ts";
import { entryProblem, formatIssue } from "./reader.ts";
import { ListingTally, type ListingStamp, type UsageTotals } from "./serialize.ts";
import { type StoreInit, forkInit, inMemoryInit, newSessionInit, openedSessionInit } from "./store-init.ts";
import type { CreateSessionOptions, InMemoryOptions, SessionStoreOptions } from "./store-options.ts";
import {
  type CompactionEntry,
  type EntryInput,
  type EntryOf,
  type EntryType,
  type ExtensionEntry,
  type MessageMeta,
  type SessionEntry,
  type SessionHeader,
  type SessionIssue,
  type SessionMessage,
  type TreeNode,
} from "./types.ts";
import { toExtensionEntry, toSessionMessage, toTreeNode } from "./views.ts";
import { SessionWriter } from "./writer.ts";
import { type SessionWriteError, sessionWriteError } from "./write-error.ts";

/**
 * One session: the tree of entries of one JSONL file (or of memory, for --no-session), the current
 * leaf, and appends that persist each entry as it is made (spec/sessions.md).
 *
 * Opening reads the file once (open-scan.ts) and parses only what resuming needs: the non-message
 * entries (small: labels, names, compactions, …) and the messages the model sees, i.e. the current
 * branch from its last compaction on. Every other message is indexed by its head and parsed the first
 * time something asks for it (entries, branch(), messages(), get, treeNodes, fork, export), once.
 * The usage totals come from the last line's listing stamp (serialize.ts), so a long session resumes
 * without parsing its history; `kit sessions check` still parses every line (check.ts).
 *
 * A line parsed late is checked exactly as on open. If it turns out not to be an entry (its middle
 * damaged, which the open scan cannot see), it is treated as a reader treats such a line: it is
 * dropped with an issue carrying its line number (appended to `issues` then), and its children move
 * to its parent with a note. Its head was valid, so the tree's shape was already what a full read
 * gives, with one difference: a later line repeating the dropped line's id stays skipped as a
 * duplicate. A leaf dropped while opening becomes the last entry left (as on open); one dropped later
 * moves to its parent.
 *
 * The file is only ever appended to. Methods that name an entry throw when it does not exist:
 * callers (the app) check or report. A write that fails (disk full, no permission…) does not throw:
 * the entry is kept in memory, the file is written no more (so it never gets entries whose parents
 * are missing), and `writeError` says what happened, for the app to report.
 */

export type { CreateSessionOptions, InMemoryOptions, SessionStoreOptions };

export class SessionStore {
  /** The file; "" for an in-memory session. */
  readonly path: string;
  readonly header: SessionHeader;
  private readonly writer: SessionWriter | null;
  private readonly tree: EntryTree;
  private readonly found: SessionIssue[];
  private readonly source: LineSource | undefined;
  private current: string | null;
  private branchCache: Slot[] | null = null;
  /** `entries` once every entry is parsed; appends go on it, a dropped line clears it. */
  private entriesCache: SessionEntry[] | null = null;
  private tallyCache: ListingTally | undefined;
  private readonly lastStamp: ListingStamp | undefined;
  /** While open() parses what it needs: a dropped leaf becomes the last entry, as a reader sets it. */
  private opening = false;
  private readonly limits: StorageLimits;
  private readonly now: () => Date;
  private failedWrite: SessionWriteError | undefined;

  private constructor(init: StoreInit) {
    this.path = init.path;
    this.header = init.header;
    this.found = init.issues;
    this.source = init.source;
    this.tree = new EntryTree(init.source, init.issues);
    this.tallyCache = init.tally;
    this.lastStamp = init.lastStamp;
    this.writer = init.writer && new SessionWriter(init.path, { ...init.writer, tally: () => this.tally() });
    this.limits = { ...DEFAULT_STORAGE_LIMITS, ...init.opts.limits };
    this.now = init.opts.now ?? (() => new Date());
    for (const slot of init.slots) this.tree.add(slot);
    this.current = this.tree.last()?.id ?? null;
  }

  /** A new session; its file is created at the first entry. */
  static create(opts: CreateSessionOptions): SessionStore {
    return new SessionStore(newSessionInit(opts));
  }

  /**
   * An existing session file, read once; the leaf is its last entry. Unreadable lines become `issues`.
   * `cwd` goes into the header kit writes when the file is empty (e.g. `--session` on a new empty file).
   */
  static open(path: string, opts: SessionStoreOptions & { cwd?: string } = {}): SessionStore {
    const store = new SessionStore(openedSessionInit(path, opts));
    // What the model will see is parsed now, so its damage is reported on open.
    store.opening = true;
    store.context();
    store.opening = false;
    return store;
  }

  /** A session that writes nothing (--no-session) with the same API; `path` is "". */
  static inMemory(opts: InMemoryOptions = {}): SessionStore {
    return new SessionStore(inMemoryInit(opts));
  }

  get id(): string {
    return this.header.id;
  }
  get inMemory(): boolean {
    return this.writer === null;
  }
  /** Lines skipped or mended: found when the file was opened, then any found when a line was parsed later. */
  get issues(): readonly SessionIssue[] {
    return this.found;
  }
  /** Why the file could not be written (the first failure); from then on the session lives in memory only. */
  get writeError(): SessionWriteError | undefined {
    return this.failedWrite;
  }
  /** "line N: reason" for each issue. */
  get warnings(): string[] {
    return this.found.map(formatIssue);
  }
  /** The current position; null before the first entry (or after navigate(null)). */
  get leaf(): string | null {
    return this.current;
  }
  /** Every entry, in file order (parses every entry not parsed yet). */
  get entries(): readonly SessionEntry[] {
    return (this.entriesCache ??= this.load(() => this.tree.all));
  }
  /** How many entries there are, without parsing any. */
  get size(): number {
    return this.tree.size;
  }
  /** The display name: the latest session_info. */
  get name(): string | undefined {
    return this.tree.name;
  }

  get(id: string): SessionEntry | undefined {
    const slot = this.tree.get(id);
    return slot && this.load(() => (this.tree.has(id) ? [slot] : []))[0];
  }
  has(id: string): boolean {
    return this.tree.has(id);
  }

  /**
   * Token and cost totals of every message with usage in the file (all branches), from the running
   * figures: the last line's stamp plus what was appended since. A file whose last line carries no
   * usage figures is counted once, by parsing it.
   */
  usageTotals(): UsageTotals {
    return { ...this.tally().usage };
  }

  // Appending.

  /** Appends an entry as a child of the leaf; it becomes the leaf. Returns its id. */
  append(input: EntryInput): string {
    const head = { type: input.type, id: newEntryId(this.tree), parentId: this.current, timestamp: this.now().toISOString() };
    // type, id, parentId and timestamp lead every line (the spec's order; the reader relies on it to
    // re-attach the children of a damaged line, and open-scan.ts to index lines without parsing them).
    const entry = Object.assign(head, input, { id: head.id, parentId: head.parentId, timestamp: head.timestamp }) as SessionEntry;
    if (entry.type === "message") entry.content = capToolResults(entry.content, this.limits);
    this.check(entry);
    if (!this.writer) this.tally().add(entry);
    else if (!this.failedWrite) this.write(() => this.writer!.append(entry));
    const slot = slotOf(entry);
    this.tree.add(slot);
    this.branchCache?.push(slot);
    this.entriesCache?.push(entry);
    this.current = entry.id;
    return entry.id;
  }
  appendMessage(message: Message, meta: MessageMeta = {}): string {
    const input: EntryInput = { type: "message", role: message.role, content: message.content };
    if (meta.model !== undefined) input.model = meta.model;
    if (meta.provider !== undefined) input.provider = meta.provider;
    if (meta.usage !== undefined) input.usage = meta.usage;
    if (meta.stopReason !== undefined) input.stopReason = meta.stopReason;
    return this.append(input);
  }

  /** Records, at the leaf, the summary of the branch that was left (whose leaf is `fromId`). */
  branchSummary(fromId: string, summary: string): string {
    return this.append({ type: "branch_summary", fromId, summary });
  }

  /** Bookmarks an entry; "" removes its label. */
  label(targetId: string, label: string): string {
    return this.append({ type: "label", targetId, label });
  }

  labelOf(id: string): string | undefined {
    return this.tree.labelOf(id);
  }

  setName(name: string): string {
    return this.append({ type: "session_info", name });
  }

  /** ctx.appendEntry: an extension_data entry. */
  appendExtensionEntry(extType: string, data: string): string {
    return this.append({ type: "extension_data", extType, data });
  }

  // Tree.

  /** Moves the leaf (null: before the first entry); the next append branches from there. */
  navigate(id: string | null): void {
    if (id !== null) this.require(id);
    if (id === this.current) return;
    this.current = id;
    this.branchCache = null;
  }

  /** Entries root → `to` (default: the leaf). */
  branch(to: string | null = this.current): SessionEntry[] {
    if (to === this.current) return this.load(() => this.branchSlots());
    if (to !== null) this.require(to);
    return this.load(() => this.tree.pathTo(to));
  }

  /** Ids of the entries whose parent is `id` (null: the roots), in file order. */
  children(id: string | null): string[] {
    return this.tree.children(id);
  }

  /** Entries of one type on the current branch, root → leaf. */
  entriesOfType<T extends EntryType>(type: T): EntryOf<T>[] {
    return this.load(() => this.branchSlots().filter((s) => s.type === type)) as EntryOf<T>[];
  }

  /** Every entry as a contract TreeNode, in file order. */
  treeNodes(): TreeNode[] {
    return this.entries.map((e) => toTreeNode(e, this.children(e.id)));
  }

  getTreeNode(id: string): TreeNode | undefined {
    const entry = this.get(id);
    return entry && toTreeNode(entry, this.children(id));
  }

  /** Message entries on the current branch as contract SessionMessages (content as text). */
  messages(): SessionMessage[] {
    return this.entriesOfType("message").map(toSessionMessage);
  }

  /** The messages the model sees for the current branch (see context.ts); parses only that part of it. */
  context(): Message[] {
    return buildContext(this.load(() => this.contextSlots()));
  }

  /** ctx.getEntries: extension_data entries of that extType on the current branch ("" = every extType). */
  getEntries(entryType: string): ExtensionEntry[] {
    return this.entriesOfType("extension_data")
      .filter((e) => entryType === "" || e.extType === entryType)
      .map(toExtensionEntry);
  }

  /**
   * A new session whose header names this one as its parent, holding a copy of the path root →
   * `targetId` (same ids), with its leaf at the target. It is written at once. Without `newPath` it
   * goes next to this file (an in-memory session forks in memory).
   */
  fork(targetId: string, newPath?: string): SessionStore {
    this.require(targetId);
    const copied = this.load(() => this.tree.pathTo(targetId));
    const forked = new SessionStore(forkInit(this, copied, newPath, { limits: this.limits, now: this.now }));
    // An in-memory fork has its entries already; a file fork writes them now, as one write.
    if (forked.writer) {
      try {
        forked.writer.appendMany(copied);
        forked.writer.sync();
      } catch (err) {
        // Nothing of the fork is usable without its file: the caller reports the clear error.
        throw sessionWriteError(forked.path, err);
      }
    }
    return forked;
  }

  // Durability.

  /**
   * Marks the file as being written by this process from now on (a resumed session, before its first
   * append: repair leaves it alone). Returns the other live processes writing it.
   */
  claim(): number[] {
    if (!this.writer) return [];
    this.writer.claim();
    return otherWriters(this.path);
  }

  /** fsync the file: the app calls it at the end of every turn. */
  sync(): void {
    if (this.writer && !this.failedWrite) this.write(() => this.writer!.sync());
  }

  /** Sync and release the file; a later append (or an entry parsed later) opens it again. */
  close(): void {
    try {
      if (this.writer) this.write(() => this.writer!.close());
    } finally {
      this.source?.close();
    }
  }

  // Internals.

  /** A write to the file; a failure is kept as `writeError` (the first one), not thrown. */
  private write(op: () => void): void {
    try {
      op();
    } catch (err) {
      this.failedWrite ??= sessionWriteError(this.path, err);
    }
  }

  private tally(): ListingTally {
    if (this.tallyCache) return this.tallyCache;
    let tally = ListingTally.fromStamp(this.lastStamp);
    if (!tally) {
      tally = new ListingTally();
      for (const e of this.entries) tally.add(e);
    }
    return (this.tallyCache = tally);
  }

  private branchSlots(): Slot[] {
    return (this.branchCache ??= this.tree.pathTo(this.current));
  }

  /** The part of the branch buildContext reads: from the last compaction's kept entry (or the compaction) on. */
  private contextSlots(): Slot[] {
    const path = this.branchSlots();
    let c = path.length - 1;
    while (c >= 0 && path[c]!.type !== "compaction") c--;
    if (c < 0) return path;
    const firstKept = (path[c]!.entry as CompactionEntry).firstKeptEntryId;
    const kept = path.findIndex((s) => s.id === firstKept);
    return path.slice(kept >= 0 ? Math.min(kept, c) : c);
  }

  /** The entries of the slots `pick` chooses, parsing those not parsed yet (and choosing again if a line was bad). */
  private load(pick: () => readonly Slot[]): SessionEntry[] {
    for (;;) {
      const slots = pick();
      const dropped = this.tree.parse(slots);
      if (dropped.length === 0) return slots.map((s) => s.entry!);
      this.branchCache = null;
      this.entriesCache = null;
      for (const slot of dropped) {
        if (this.current === slot.id) this.current = this.opening ? (this.tree.last()?.id ?? null) : slot.parentId;
      }
    }
  }

  private require(id: string): void {
    if (!this.tree.has(id)) throw new Error(`no entry ${id} in session ${this.header.id}`);
  }

  /** Refuses entries a reader would skip, and references to entries that do not exist. */
  private check(entry: SessionEntry): void {
    const problem = entryProblem(entry as unknown as Record<string, unknown>);
    if (problem) throw new Error(`invalid session entry: ${problem}`);
    if (entry.type === "label") this.require(entry.targetId);
    else if (entry.type === "branch_summary") this.require(entry.fromId);
    else if (entry.type === "compaction") this.require(entry.firstKeptEntryId);
  }
}
