import { readFileSync } from "node:fs";
import { LISTING_KEY } from "./serialize.ts";
import { ENTRY_TYPES, type EntryType, type SessionEntry, type SessionHeader, type SessionIssue } from "./types.ts";

/**
 * Reads a session file in one pass (spec/sessions.md, Durability): the file is read as one string,
 * split at "\n" and each line parsed once.
 *
 * Tolerant: a line that does not parse, is not a valid entry, has an unknown type, repeats an id, or
 * names a parent that is not an earlier entry is skipped with an issue carrying its 1-based line
 * number; every other entry is kept, including those after the bad line. When the skipped line still
 * shows its own id and parent (they lead every line kit writes), its children are re-attached to that
 * parent and say so, so one damaged line never cuts the rest of the conversation off. Runs of null
 * bytes around a line (left by a crash on some filesystems) are removed, and reported.
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
// kit writes type, id and parentId first; a damaged line often still shows them.
const LINE_PREFIX = /^\s*\{\s*"type"\s*:\s*"[^"\\]*"\s*,\s*"id"\s*:\s*"([^"\\]+)"\s*,\s*"parentId"\s*:\s*(null|"([^"\\]+)")/;

export function readSessionFile(path: string): ParsedSession {
  return parseSessionText(readFileSync(path, "utf8"));
}

/** Where a skipped entry's children go: its own (resolved) parent; undefined = nowhere known. */
interface Bridge {
  to: string | null | undefined;
  line: number;
}

export function parseSessionText(text: string): ParsedSession {
  const entries: SessionEntry[] = [];
  const issues: SessionIssue[] = [];
  const ids = new Set<string>();
  const bridges = new Map<string, Bridge>();
  let header: SessionHeader | null = null;
  const endsWithNewline = text.endsWith("\n");
  const hasNul = text.includes("\0");
  const lines = text.split("\n");
  const count = endsWithNewline ? lines.length - 1 : lines.length;
  let seenContent = false;

  const resolve = (parentId: string | null): string | null | undefined => {
    if (parentId === null || ids.has(parentId)) return parentId;
    return bridges.get(parentId)?.to;
  };
  const skip = (lineNo: number, reason: string, raw: string, own?: { id?: unknown; parentId?: unknown }) => {
    issues.push({ line: lineNo, reason, skipped: true, raw });
    if (!own || typeof own.id !== "string" || own.id === "" || ids.has(own.id) || bridges.has(own.id)) return;
    if (own.parentId !== null && typeof own.parentId !== "string") return;
    bridges.set(own.id, { to: resolve(own.parentId), line: lineNo });
  };

  for (let i = 0; i < count; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    let src = raw;
    let nulsRemoved = false;
    if (hasNul && raw.includes("\0")) {
      src = raw.replace(EDGE_NULS, "");
      nulsRemoved = true;
    }
    if (src.trim() === "") {
      if (nulsRemoved) issues.push({ line: lineNo, reason: "only null bytes", skipped: true, raw });
      continue;
    }
    const first = !seenContent;
    seenContent = true;

    let value: unknown;
    try {
      value = JSON.parse(src);
    } catch {
      const last = i === count - 1 && !endsWithNewline;
      const reason = last ? "truncated last line (incomplete write)" : "not valid JSON";
      if (first) issues.push({ line: lineNo, reason: "missing session header", skipped: false });
      skip(lineNo, nulsRemoved ? `${reason} (contains null bytes)` : reason, raw, salvage(src));
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      if (first) issues.push({ line: lineNo, reason: "missing session header", skipped: false });
      skip(lineNo, "not a JSON object", raw);
      continue;
    }
    const obj = value as Record<string, unknown>;

    if (obj.type === "session") {
      if (!first) {
        skip(lineNo, "session header after line 1", raw);
        continue;
      }
      const problem = headerProblem(obj);
      if (problem) {
        issues.push({ line: lineNo, reason: `invalid session header: ${problem}`, skipped: true, raw });
        continue;
      }
      header = obj as unknown as SessionHeader;
      if (nulsRemoved) issues.push({ line: lineNo, reason: "null bytes removed", skipped: false });
      continue;
    }
    if (first) issues.push({ line: lineNo, reason: "missing session header", skipped: false });

    const problem = entryProblem(obj);
    if (problem) {
      skip(lineNo, problem, raw, obj);
      continue;
    }
    const id = obj.id as string;
    if (ids.has(id)) {
      skip(lineNo, `duplicate id ${id}`, raw);
      continue;
    }
    const parentId = obj.parentId as string | null;
    if (parentId !== null && !ids.has(parentId)) {
      const bridge = bridges.get(parentId);
      if (!bridge || bridge.to === undefined) {
        const why = bridge ? `its parent ${parentId} (line ${bridge.line}) was skipped` : `parentId ${parentId} names no earlier entry`;
        skip(lineNo, why, raw, obj);
        continue;
      }
      obj.parentId = bridge.to;
      const where = bridge.to === null ? "made a root" : `attached to ${bridge.to}`;
      issues.push({ line: lineNo, reason: `parent ${parentId} was on skipped line ${bridge.line}; ${where}`, skipped: false });
    }
    if (nulsRemoved) issues.push({ line: lineNo, reason: "null bytes removed", skipped: false });
    if (LISTING_KEY in obj) delete obj[LISTING_KEY];
    ids.add(id);
    entries.push(obj as unknown as SessionEntry);
  }
  return { header, entries, issues, endsWithNewline };
}

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
