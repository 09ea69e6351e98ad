import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Message } from "../llm/types.ts";
import { DEFAULT_STORAGE_LIMITS, type StorageLimits, capToolResults } from "./cap-tool-output.ts";
import { buildContext } from "./context.ts";
import { entryText, partsText } from "./entry-text.ts";
import { newEntryId, newSessionId } from "./ids.ts";
import { sessionDir, sessionFileName, sessionIdFromFileName } from "./paths.ts";
import { entryProblem, formatIssue, parseSessionText } from "./reader.ts";
import { ListingTally } from "./serialize.ts";
import {
  SESSION_FORMAT_VERSION,
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
import { SessionWriter } from "./writer.ts";

/**
 * One session: the tree of entries of one JSONL file (or of memory, for --no-session), the current
 * leaf, and appends that persist each entry as it is made (spec/sessions.md).
 *
 * The whole tree is in memory (parsed once on open); the file is only ever appended to. Methods that
 * name an entry throw when it does not exist: callers (the app) check or report.
 */

export interface SessionStoreOptions {
  /** Caps applied to tool results before they are stored. */
  limits?: Partial<StorageLimits>;
  /** Clock for timestamps (tests). */
  now?: () => Date;
}

export interface CreateSessionOptions extends SessionStoreOptions {
  cwd: string;
  /** kit's data directory: the file goes to sessionDir(dataDir, cwd). */
  dataDir?: string;
  /** The directory to put the file in (instead of dataDir). */
  dir?: string;
  /** The exact file path (instead of dir or dataDir). */
  path?: string;
  id?: string;
  parentSession?: string;
  parentSessionId?: string;
  subagentTask?: string;
}

export interface InMemoryOptions extends SessionStoreOptions {
  cwd?: string;
  id?: string;
  subagentTask?: string;
}

interface StoreInit {
  path: string;
  header: SessionHeader;
  entries: SessionEntry[];
  writer: SessionWriter | null;
  issues: SessionIssue[];
  opts: SessionStoreOptions;
}

export class SessionStore {
  /** The file; "" for an in-memory session. */
  readonly path: string;
  readonly header: SessionHeader;
  /** Lines skipped or mended when the file was opened. */
  readonly issues: readonly SessionIssue[];
  private readonly writer: SessionWriter | null;
  private readonly all: SessionEntry[];
  private readonly byId = new Map<string, SessionEntry>();
  private readonly kids = new Map<string | null, string[]>();
  private readonly labels = new Map<string, string>();
  private sessionName: string | undefined;
  private current: string | null;
  private branchCache: SessionEntry[] | null = null;
  private readonly limits: StorageLimits;
  private readonly now: () => Date;

  private constructor(init: StoreInit) {
    this.path = init.path;
    this.header = init.header;
    this.issues = init.issues;
    this.writer = init.writer;
    this.limits = { ...DEFAULT_STORAGE_LIMITS, ...init.opts.limits };
    this.now = init.opts.now ?? (() => new Date());
    this.all = [];
    for (const entry of init.entries) this.index(entry);
    this.current = this.all.length > 0 ? this.all[this.all.length - 1]!.id : null;
  }

  /** A new session; its file is created at the first entry. */
  static create(opts: CreateSessionOptions): SessionStore {
    const id = opts.id ?? newSessionId();
    const date = (opts.now ?? (() => new Date()))();
    let path = opts.path;
    if (path === undefined) {
      const dir = opts.dir ?? (opts.dataDir !== undefined ? sessionDir(opts.dataDir, opts.cwd) : undefined);
      if (dir === undefined) throw new Error("SessionStore.create needs path, dir or dataDir");
      path = join(dir, sessionFileName(date, id));
    }
    const header = makeHeader(id, date, opts.cwd, opts);
    const writer = new SessionWriter(path, { header, existing: false });
    return new SessionStore({ path, header, entries: [], writer, issues: [], opts });
  }

  /**
   * An existing session file, parsed once; the leaf is its last entry. Unreadable lines become `issues`.
   * `cwd` goes into the header kit writes when the file is empty (e.g. `--session` on a new empty file).
   */
  static open(path: string, opts: SessionStoreOptions & { cwd?: string } = {}): SessionStore {
    const text = readFileSync(path, "utf8");
    const parsed = parseSessionText(text);
    const blank = parsed.header === null && parsed.entries.length === 0 && text.replace(/[\s\0]/g, "") === "";
    const firstTime = Date.parse(parsed.entries[0]?.timestamp ?? "");
    const created = Number.isNaN(firstTime) ? (opts.now ?? (() => new Date()))() : new Date(firstTime);
    const header = parsed.header ?? makeHeader(sessionIdFromFileName(path) ?? newSessionId(), created, opts.cwd ?? "", {});
    const tally = new ListingTally();
    for (const entry of parsed.entries) tally.add(entry);
    const writer = new SessionWriter(path, {
      header: blank ? header : null,
      existing: true,
      endsWithNewline: text === "" || parsed.endsWithNewline,
      tally,
    });
    // Without the lines' text: a store keeps its issues for its lifetime (check.ts reports the text).
    const issues = parsed.issues.map(({ raw: _raw, ...issue }) => issue);
    return new SessionStore({ path, header, entries: parsed.entries, writer, issues, opts });
  }

  /** A session that writes nothing (--no-session) with the same API; `path` is "". */
  static inMemory(opts: InMemoryOptions = {}): SessionStore {
    const header = makeHeader(opts.id ?? newSessionId(), (opts.now ?? (() => new Date()))(), opts.cwd ?? process.cwd(), opts);
    return new SessionStore({ path: "", header, entries: [], writer: null, issues: [], opts });
  }

  get id(): string {
    return this.header.id;
  }
  get inMemory(): boolean {
    return this.writer === null;
  }
  /** "line N: reason" for each issue found on open. */
  get warnings(): string[] {
    return this.issues.map(formatIssue);
  }
  /** The current position; null before the first entry (or after navigate(null)). */
  get leaf(): string | null {
    return this.current;
  }
  /** Every entry, in file order. */
  get entries(): readonly SessionEntry[] {
    return this.all;
  }
  /** The display name: the latest session_info. */
  get name(): string | undefined {
    return this.sessionName;
  }

  get(id: string): SessionEntry | undefined {
    return this.byId.get(id);
  }
  has(id: string): boolean {
    return this.byId.has(id);
  }

  // Appending.

  /** Appends an entry as a child of the leaf; it becomes the leaf. Returns its id. */
  append(input: EntryInput): string {
    const head = { type: input.type, id: newEntryId(this.byId), parentId: this.current, timestamp: this.now().toISOString() };
    // type, id, parentId and timestamp lead every line (the spec's order; the reader relies on it to
    // re-attach the children of a damaged line).
    const entry = Object.assign(head, input, { id: head.id, parentId: head.parentId, timestamp: head.timestamp }) as SessionEntry;
    if (entry.type === "message") entry.content = capToolResults(entry.content, this.limits);
    this.check(entry);
    this.writer?.append(entry);
    this.index(entry);
    if (this.branchCache) this.branchCache.push(entry);
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
    return this.labels.get(id);
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
    if (to === this.current) {
      this.branchCache ??= this.pathTo(this.current);
      return this.branchCache.slice();
    }
    if (to !== null) this.require(to);
    return this.pathTo(to);
  }

  /** Ids of the entries whose parent is `id` (null: the roots), in file order. */
  children(id: string | null): string[] {
    return (this.kids.get(id) ?? []).slice();
  }

  /** Entries of one type on the current branch, root → leaf. */
  entriesOfType<T extends EntryType>(type: T): EntryOf<T>[] {
    return this.branch().filter((e): e is EntryOf<T> => e.type === type);
  }

  /** Every entry as a contract TreeNode, in file order. */
  treeNodes(): TreeNode[] {
    return this.all.map((e) => this.toTreeNode(e));
  }

  getTreeNode(id: string): TreeNode | undefined {
    const entry = this.byId.get(id);
    return entry && this.toTreeNode(entry);
  }

  /** Message entries on the current branch as contract SessionMessages (content as text). */
  messages(): SessionMessage[] {
    const out: SessionMessage[] = [];
    for (const e of this.branch()) {
      if (e.type !== "message") continue;
      const m: SessionMessage = { id: e.id, parentId: e.parentId, role: e.role, content: partsText(e.content), timestamp: e.timestamp };
      if (e.model !== undefined) m.model = e.model;
      if (e.provider !== undefined) m.provider = e.provider;
      out.push(m);
    }
    return out;
  }

  /** The messages the model sees for the current branch (see context.ts). */
  context(): Message[] {
    return buildContext(this.branch());
  }

  /** ctx.getEntries: extension_data entries of that extType on the current branch ("" = every extType). */
  getEntries(entryType: string): ExtensionEntry[] {
    const out: ExtensionEntry[] = [];
    for (const e of this.branch()) {
      if (e.type === "extension_data" && (entryType === "" || e.extType === entryType)) {
        out.push({ id: e.id, entryType: e.extType, data: e.data, timestamp: e.timestamp });
      }
    }
    return out;
  }

  /**
   * A new session whose header names this one as its parent, holding a copy of the path root →
   * `targetId` (same ids), with its leaf at the target. It is written at once. Without `newPath` it
   * goes next to this file (an in-memory session forks in memory).
   */
  fork(targetId: string, newPath?: string): SessionStore {
    this.require(targetId);
    const copied = this.pathTo(targetId);
    const date = this.now();
    const id = newSessionId();
    const parent: Partial<SessionHeader> = { parentSessionId: this.header.id };
    if (this.path !== "") parent.parentSession = this.path;
    const header = makeHeader(id, date, this.header.cwd, parent);
    const opts: SessionStoreOptions = { limits: this.limits, now: this.now };
    if (newPath === undefined && this.path === "") {
      return new SessionStore({ path: "", header, entries: copied, writer: null, issues: [], opts });
    }
    const path = newPath ?? join(dirname(this.path), sessionFileName(date, id));
    const writer = new SessionWriter(path, { header, existing: false });
    writer.appendMany(copied);
    writer.sync();
    return new SessionStore({ path, header, entries: copied, writer, issues: [], opts });
  }

  // Durability.

  /** fsync the file: the app calls it at the end of every turn. */
  sync(): void {
    this.writer?.sync();
  }

  /** Sync and release the file; a later append opens it again. */
  close(): void {
    this.writer?.close();
  }

  // Internals.

  private index(entry: SessionEntry): void {
    this.all.push(entry);
    this.byId.set(entry.id, entry);
    const siblings = this.kids.get(entry.parentId);
    if (siblings) siblings.push(entry.id);
    else this.kids.set(entry.parentId, [entry.id]);
    if (entry.type === "session_info") this.sessionName = entry.name;
    else if (entry.type === "label") {
      if (entry.label === "") this.labels.delete(entry.targetId);
      else this.labels.set(entry.targetId, entry.label);
    }
  }

  private pathTo(id: string | null): SessionEntry[] {
    const out: SessionEntry[] = [];
    for (let e = id === null ? undefined : this.byId.get(id); e; e = e.parentId === null ? undefined : this.byId.get(e.parentId)) {
      out.push(e);
    }
    return out.reverse();
  }

  private require(id: string): SessionEntry {
    const entry = this.byId.get(id);
    if (!entry) throw new Error(`no entry ${id} in session ${this.header.id}`);
    return entry;
  }

  /** Refuses entries a reader would skip, and references to entries that do not exist. */
  private check(entry: SessionEntry): void {
    const problem = entryProblem(entry as unknown as Record<string, unknown>);
    if (problem) throw new Error(`invalid session entry: ${problem}`);
    if (entry.type === "label") this.require(entry.targetId);
    else if (entry.type === "branch_summary") this.require(entry.fromId);
    else if (entry.type === "compaction") this.require(entry.firstKeptEntryId);
  }

  private toTreeNode(e: SessionEntry): TreeNode {
    const node: TreeNode = {
      id: e.id,
      parentId: e.parentId,
      type: e.type,
      content: entryText(e),
      timestamp: e.timestamp,
      children: this.children(e.id),
    };
    if (e.type === "message") {
      node.role = e.role;
      if (e.model !== undefined) node.model = e.model;
      if (e.provider !== undefined) node.provider = e.provider;
    } else if (e.type === "model_change") {
      node.model = e.model;
      node.provider = e.provider;
    }
    return node;
  }
}

function makeHeader(id: string, date: Date, cwd: string, extra: Partial<SessionHeader>): SessionHeader {
  const header: SessionHeader = { type: "session", version: SESSION_FORMAT_VERSION, id, timestamp: date.toISOString(), cwd };
  if (extra.parentSession !== undefined) header.parentSession = extra.parentSession;
  if (extra.parentSessionId !== undefined) header.parentSessionId = extra.parentSessionId;
  if (extra.subagentTask !== undefined) header.subagentTask = extra.subagentTask;
  return header;
}
