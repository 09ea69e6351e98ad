import { readFileSync } from "node:fs";
import { mendParts } from "./part-check.ts";
import { LISTING_KEY } from "./serialize.ts";
import { ENTRY_TYPES, SESSION_FORMAT_VERSION, type EntryType, type SessionEntry, type SessionHeader, type SessionIssue } from "./types.ts";

/**
 * How a session file is read (spec/sessions.md, Durability), line by line: lines are split at "\n"
 * only (every writer escapes U+2028/U+2029).
 *
 * Tolerant: a line that does not parse, is not a valid entry, has an unknown type, or repeats an id is
 * skipped with an issue carrying its 1-based line number; every other entry is kept, including those
 * after the bad line. No valid entry is ever dropped because of another line: when the skipped line
 * still shows its own id and parent (they lead every line kit writes), its children are re-attached
 * to that parent, and an entry whose parent is nowhere (named by no line, or lost with an unreadable
 * one) is re-attached to the nearest earlier entry kept (a root when there is none); each says so.
 * Runs of null bytes around a line (left by a crash on some filesystems) and a byte order mark at the
 * start of the file are removed, and reported; so are message parts no reader could use
 * (part-check.ts), and a header of a newer format version than this kit's.
 *
 * parseSessionText applies the rules to every line at once (check, repair, listing fallback); the
 * store's open-scan.ts applies the same LineReader to an index of heads and parses bodies later.
 */

export interface ParsedSession {
  /** null when the file has no valid header (an issue says so). */
  header: SessionHeader | null;
  /** Valid entries in file order; parents always come before their children. */
  entries: SessionEntry[];
  issues: SessionIssue[];
  /** Whether the text ends with "\n" (false for an empty text). */
  endsWithNewline: boolean;
}

const ROLES = new Set(["user", "assistant", "tool", "system"]);
const TYPES = new Set<string>(ENTRY_TYPES);
const EDGE_NULS = /^\0+|\0+$/g;
const BOM = "\uFEFF";
// kit writes type, id and parentId first; a damaged line often still shows them.
const LINE_PREFIX = /^\s*\{\s*"type"\s*:\s*"[^"\\]*"\s*,\s*"id"\s*:\s*"([^"\\]+)"\s*,\s*"parentId"\s*:\s*(null|"([^"\\]+)")/;

export function readSessionFile(path: string): ParsedSession {
  return parseSessionText(readFileSync(path, "utf8"));
}

/** Every line parsed now: `kit sessions check`, repair, and files the listing must count. */
export function parseSessionText(text: string): ParsedSession {
  const reader = new LineReader({ keepRaw: true });
  const entries: SessionEntry[] = [];
  const endsWithNewline = text.endsWith("\n");
  const lines = text.split("\n");
  const count = endsWithNewline ? lines.length - 1 : lines.length;
  for (let i = 0; i < count; i++) {
    const entry = reader.full(i + 1, lines[i]!, i === count - 1 && !endsWithNewline);
    if (entry) entries.push(entry);
  }
  return { header: reader.header, entries, issues: reader.issues, endsWithNewline };
}

/** The fields that lead every entry line kit writes, read without parsing the rest of the line. */
export interface LineHead {
  type: EntryType;
  id: string;
  parentId: string | null;
  timestamp: string;
}

/** Where a skipped entry's children go: its own (resolved) parent. */
interface Bridge {
  to: string | null;
  line: number;
}

/**
 * The rules above, line by line, in file order. A line comes either whole (`full`: parsed and checked
 * now) or as its head only (`head`: a line the caller found complete and kit-written, whose body it
 * parses later); the tree rules (header first, unique ids, parents before children, re-attaching the
 * children of a skipped line) are the same for both, so an index built from heads has the shape a
 * full read gives.
 */
export class LineReader {
  header: SessionHeader | null = null;
  readonly issues: SessionIssue[] = [];
  /** The listing stamp of the entry `full` kept last (undefined when it had none). */
  lastStamp: unknown;
  private readonly ids = new Set<string>();
  private readonly bridges = new Map<string, Bridge>();
  /** The last entry kept: where an entry whose parent is nowhere is re-attached. */
  private lastKept: string | null = null;
  private seenContent = false;
  private readonly keepRaw: boolean;

  /** keepRaw: skipped lines' text goes into their issue (check and repair need it; a store does not). */
  constructor(opts: { keepRaw: boolean }) {
    this.keepRaw = opts.keepRaw;
  }

  /** A whole line (without its "\n"); the entry kept, or null. `unterminated`: the file's last line, without "\n". */
  full(lineNo: number, raw: string, unterminated: boolean): SessionEntry | null {
    let src = raw;
    let nulsRemoved = false;
    if (raw.includes("\0")) {
      src = raw.replace(EDGE_NULS, "");
      nulsRemoved = true;
    }
    if (src.trim() === "") {
      if (nulsRemoved) this.issues.push(this.issue(lineNo, "only null bytes", raw));
      return null;
    }
    const first = this.firstContent();
    // Some editors save UTF-8 with a byte order mark; JSON.parse refuses it.
    if (first && src.startsWith(BOM)) {
      src = src.slice(1);
      this.issues.push({ line: lineNo, reason: "byte order mark at the start of the file ignored", skipped: false });
    }

    let value: unknown;
    try {
      value = JSON.parse(src);
    } catch {
      const reason = unterminated ? "truncated last line (incomplete write)" : "not valid JSON";
      if (first) this.missingHeader(lineNo);
      this.skip(lineNo, nulsRemoved ? `${reason} (contains null bytes)` : reason, raw, salvage(src));
      return null;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      if (first) this.missingHeader(lineNo);
      this.skip(lineNo, "not a JSON object", raw);
      return null;
    }
    const obj = value as Record<string, unknown>;

    if (obj.type === "session") {
      if (!first) {
        this.skip(lineNo, "session header after line 1", raw);
        return null;
      }
      const problem = headerProblem(obj);
      if (problem) {
        this.issues.push(this.issue(lineNo, `invalid session header: ${problem}`, raw));
        return null;
      }
      this.header = obj as unknown as SessionHeader;
      for (const note of mendHeader(obj)) this.issues.push({ line: lineNo, reason: note, skipped: false });
      if (nulsRemoved) this.issues.push({ line: lineNo, reason: "null bytes removed", skipped: false });
      return null;
    }
    if (first) this.missingHeader(lineNo);

    const problem = entryProblem(obj);
    if (problem) {
      this.skip(lineNo, problem, raw, obj);
      return null;
    }
    const parentId = this.place(lineNo, obj.id as string, obj.parentId as string | null, () => raw);
    if (parentId === undefined) return null;
    obj.parentId = parentId;
    if (obj.type === "message") mendMessage(obj, (reason) => this.issues.push({ line: lineNo, reason, skipped: false }));
    if (nulsRemoved) this.issues.push({ line: lineNo, reason: "null bytes removed", skipped: false });
    this.lastStamp = obj[LISTING_KEY];
    if (LISTING_KEY in obj) delete obj[LISTING_KEY];
    return obj as unknown as SessionEntry;
  }

  /**
   * A complete entry line known only by its head (no null bytes, a known type, the fields valid as
   * far as the head shows). Returns the parent it is kept under (mended if its own was skipped), or
   * undefined when the line is skipped. `raw` gives the line's text for the issue, if one is kept.
   */
  head(lineNo: number, head: LineHead, raw: () => string): string | null | undefined {
    if (this.firstContent()) this.missingHeader(lineNo);
    return this.place(lineNo, head.id, head.parentId, raw);
  }

  /** True for the first line with content (the header's place). */
  private firstContent(): boolean {
    const first = !this.seenContent;
    this.seenContent = true;
    return first;
  }

  private missingHeader(lineNo: number): void {
    this.issues.push({ line: lineNo, reason: "missing session header", skipped: false });
  }

  /**
   * The tree rules for a valid entry: a unique id, a parent seen before (else one found for it). The
   * parent to keep, or undefined when the line is skipped (a repeated id).
   */
  private place(lineNo: number, id: string, parentId: string | null, raw: () => string): string | null | undefined {
    if (this.ids.has(id)) {
      this.skip(lineNo, `duplicate id ${id}`, raw);
      return undefined;
    }
    if (parentId !== null && !this.ids.has(parentId)) {
      const bridge = this.bridges.get(parentId);
      const to = bridge ? bridge.to : this.lastKept;
      const where = to === null ? "made a root" : `attached to ${to}`;
      const why = bridge ? `parent ${parentId} was on skipped line ${bridge.line}` : `parentId ${parentId} names no earlier entry`;
      this.issues.push({ line: lineNo, reason: `${why}; ${where}`, skipped: false });
      parentId = to;
    }
    this.ids.add(id);
    this.lastKept = id;
    return parentId;
  }

  private resolve(parentId: string | null): string | null {
    if (parentId === null || this.ids.has(parentId)) return parentId;
    const bridge = this.bridges.get(parentId);
    return bridge ? bridge.to : this.lastKept;
  }

  private skip(lineNo: number, reason: string, raw: string | (() => string), own?: { id?: unknown; parentId?: unknown }): void {
    this.issues.push(this.issue(lineNo, reason, raw));
    if (!own || typeof own.id !== "string" || own.id === "" || this.ids.has(own.id) || this.bridges.has(own.id)) return;
    if (own.parentId !== null && typeof own.parentId !== "string") return;
    this.bridges.set(own.id, { to: this.resolve(own.parentId), line: lineNo });
  }

  private issue(lineNo: number, reason: string, raw: string | (() => string)): SessionIssue {
    if (!this.keepRaw) return { line: lineNo, reason, skipped: true };
    return { line: lineNo, reason, skipped: true, raw: typeof raw === "string" ? raw : raw() };
  }
}

/**
 * An entry line read later, for an index built from its head: parsed and checked as `full` would,
 * and its head must be what the index holds. The entry (its parent as the index keeps it), or why the
 * line is not one.
 */
export function readEntryLine(text: string, head: LineHead, keptParent: string | null, mended: (reason: string) => void): SessionEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const obj = value as Record<string, unknown>;
  const problem = entryProblem(obj);
  if (problem) return problem;
  if (obj.type !== head.type || obj.id !== head.id || obj.parentId !== head.parentId || obj.timestamp !== head.timestamp) {
    return "the line's fields repeat its type, id, parentId or timestamp with other values";
  }
  obj.parentId = keptParent;
  if (LISTING_KEY in obj) delete obj[LISTING_KEY];
  if (obj.type === "message") mendMessage(obj, mended);
  return obj as unknown as SessionEntry;
}

/** A message's parts as every reader can use them (part-check.ts); each change is reported. */
function mendMessage(obj: Record<string, unknown>, mended: (reason: string) => void): void {
  const fixed = mendParts(obj.content as unknown[]);
  if (!fixed) return;
  obj.content = fixed.content;
  for (const note of fixed.notes) mended(note);
}

/** The header fields a reader shows, made usable; what was changed. */
function mendHeader(obj: Record<string, unknown>): string[] {
  const notes: string[] = [];
  if ((obj.version as number) > SESSION_FORMAT_VERSION) {
    notes.push(`${FUTURE_VERSION} ${obj.version as number} (this kit reads version ${SESSION_FORMAT_VERSION}): update kit to read all of it`);
  }
  for (const key of ["parentSession", "parentSessionId", "subagentTask"]) {
    if (key in obj && typeof obj[key] !== "string") {
      delete obj[key];
      notes.push(`header field ${key} is not text; ignored`);
    }
  }
  return notes;
}

/** How the issue of a header of a newer format starts (session-setup.ts refuses to write to such a file). */
export const FUTURE_VERSION = "written by a newer kit: session format version";

function salvage(src: string): { id?: unknown; parentId?: unknown } | undefined {
  const m = LINE_PREFIX.exec(src);
  if (!m) return undefined;
  return { id: m[1], parentId: m[2] === "null" ? null : m[3] };
}

function headerProblem(obj: Record<string, unknown>): string | null {
  if (typeof obj.id !== "string" || obj.id === "") return "no id";
  if (typeof obj.timestamp !== "string") return "no timestamp";
  if (typeof obj.cwd !== "string") return "no cwd";
  if (typeof obj.version !== "number") return "no version";
  return null;
}

const isStr = (v: unknown): v is string => typeof v === "string";
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Why an object is not a valid entry, or null when it is one. */
export function entryProblem(obj: Record<string, unknown>): string | null {
  const type = obj.type;
  if (!isStr(type)) return "no entry type";
  if (!TYPES.has(type)) return `unknown entry type ${JSON.stringify(type)}`;
  if (!isStr(obj.id) || obj.id === "") return "no id";
  if (obj.parentId !== null && !isStr(obj.parentId)) return "no parentId";
  if (!isStr(obj.timestamp)) return "no timestamp";
  const bad = (field: string) => `${type} entry without a valid ${field}`;
  switch (type as EntryType) {
    case "message":
      if (!isStr(obj.role) || !ROLES.has(obj.role)) return bad("role");
      if (!Array.isArray(obj.content) || !obj.content.every(isPart)) return bad("content");
      return null;
    case "model_change":
      return !isStr(obj.provider) ? bad("provider") : !isStr(obj.model) ? bad("model") : null;
    case "thinking_level_change":
      return isStr(obj.level) ? null : bad("level");
    case "compaction":
      if (!isStr(obj.summary)) return bad("summary");
      if (!isStr(obj.firstKeptEntryId)) return bad("firstKeptEntryId");
      return isNum(obj.tokensBefore) && isNum(obj.tokensAfter) ? null : bad("token counts");
    case "branch_summary":
      return !isStr(obj.fromId) ? bad("fromId") : !isStr(obj.summary) ? bad("summary") : null;
    case "label":
      return !isStr(obj.targetId) ? bad("targetId") : !isStr(obj.label) ? bad("label") : null;
    case "session_info":
      return isStr(obj.name) ? null : bad("name");
    case "extension_data":
      return !isStr(obj.extType) ? bad("extType") : !isStr(obj.data) ? bad("data") : null;
  }
}

function isPart(p: unknown): boolean {
  return typeof p === "object" && p !== null && typeof (p as { type?: unknown }).type === "string";
}

/** "line 12: not valid JSON" */
export function formatIssue(issue: SessionIssue): string {
  return `line ${issue.line}: ${issue.reason}`;
}
