import { closeSync, fstatSync, openSync, readSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { textOnly } from "./entry-text.ts";
import { mendParts } from "./part-check.ts";
import { SESSION_EXT, sessionDir, sessionIdFromFileName, sessionsRoot } from "./paths.ts";
import { readSessionFile } from "./reader.ts";
import { LISTING_KEY, type ListingStamp, isStamp } from "./serialize.ts";
import type { Part } from "../llm/types.ts";

/**
 * Session listings (--continue, --resume, `kit sessions list`) without reading whole files
 * (spec/sessions.md, Resume).
 *
 * Per file, listing reads two small windows:
 * - the head (8 KB): the header (line 1) and the first user message, the session's default title.
 *   A first prompt longer than the window is read from its beginning (the text is shown cut anyway);
 *   if no user message starts in the window, the window grows (at most to 256 KB).
 * - the tail (8 KB, grown ×4 while no complete line fits): the last complete entry, which gives the
 *   last activity time and, through the `listing` stamp kit writes on every entry line (serialize.ts),
 *   the exact number of message entries in the file and its current name (latest session_info).
 * The message count is therefore exact, never estimated, and costs nothing: the writer keeps the
 * running figures and stamps them on each line it appends (repair re-stamps them when it drops lines).
 * Only a file whose last entry has no stamp (not written by kit) is parsed whole, once, as a fallback;
 * `stats.fullScans` counts those.
 */

export interface SessionSummary {
  id: string;
  path: string;
  cwd: string;
  /** Header time (ISO). */
  created: string;
  /** Time of the last entry (ISO); the header time for a file without entries. */
  lastActivity: string;
  /** Message entries in the file (every branch). */
  messageCount: number;
  /** Latest session_info name. */
  name?: string;
  /** Text of the first user message, whitespace collapsed, at most 300 characters. */
  firstPrompt?: string;
  /** name, else first prompt, else "". */
  title: string;
  parentSession?: string;
  parentSessionId?: string;
  subagentTask?: string;
}

/** What a listing cost; pass one in to see it (benchmarks, tests). */
export interface ListingStats {
  files: number;
  bytesRead: number;
  /** Files parsed whole because their last entry had no listing stamp. */
  fullScans: number;
}

export interface ListingOptions {
  stats?: ListingStats;
  /** Session files that could not be opened are added here (a listing leaves them out). */
  unreadable?: UnreadableSession[];
}

/** A session file a listing could not read: why, and when it was last changed (it may be the newest). */
export interface UnreadableSession {
  path: string;
  /** The error's code and message, e.g. "EACCES: permission denied, open '…'". */
  reason: string;
  /** Last modification time (ms), or 0 when unknown. */
  modified: number;
}

const HEAD = 8 * 1024;
const HEAD_MAX = 256 * 1024;
const TAIL = 8 * 1024;
const PROMPT_CHARS = 300;

/** Sessions started in `cwd`, most recent activity first. */
export function listSessions(dataDir: string, cwd: string, opts: ListingOptions = {}): SessionSummary[] {
  return listSessionsIn(sessionDir(dataDir, cwd), opts);
}

/** Sessions of every cwd, most recent activity first. */
export function listAllSessions(dataDir: string, opts: ListingOptions = {}): SessionSummary[] {
  const out: SessionSummary[] = [];
  for (const dir of readDirSafe(sessionsRoot(dataDir))) {
    if (dir.isDirectory()) out.push(...listSessionsIn(join(sessionsRoot(dataDir), dir.name), opts));
  }
  return out.sort(byActivity);
}

/** Characters of a session id shown at least (`kit sessions list`, the resume command kit prints on exit). */
const SHORT_ID = 8;

/** How many characters of the ids tell every listed session apart (at least 8), so any shown id works with -r, -s and export. */
export function uniqueIdLength(ids: string[]): number {
  const sorted = [...ids].sort();
  let length = SHORT_ID;
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    let common = 0;
    while (common < a.length && a[common] === b[common]) common++;
    length = Math.max(length, common + 1);
  }
  return length;
}

/**
 * The shortest prefix of session `id` (8 characters at least) that no other session of any directory
 * starts with, for `kit -r`. Reads file names only: the ids are in them.
 */
export function uniqueIdPrefix(dataDir: string, id: string): string {
  let length = SHORT_ID;
  for (const dir of readDirSafe(sessionsRoot(dataDir))) {
    if (!dir.isDirectory()) continue;
    for (const f of readDirSafe(join(sessionsRoot(dataDir), dir.name))) {
      const other = f.isFile() ? sessionIdFromFileName(f.name) : undefined;
      if (other && other !== id) length = Math.max(length, uniqueIdLength([id, other]));
    }
  }
  return id.slice(0, length);
}

/** The session files of one directory, most recent activity first. Files without a valid header are left out. */
export function listSessionsIn(dir: string, opts: ListingOptions = {}): SessionSummary[] {
  const reader = new WindowReader(opts);
  const out: SessionSummary[] = [];
  for (const f of readDirSafe(dir)) {
    if (!f.isFile() || !f.name.endsWith(SESSION_EXT)) continue;
    const summary = reader.summarize(join(dir, f.name));
    if (summary) out.push(summary);
  }
  return out.sort(byActivity);
}

/** The session of `dir` with the latest last entry (--continue). */
export function newestSession(dir: string, opts: ListingOptions = {}): SessionSummary | undefined {
  return listSessionsIn(dir, opts)[0];
}

/** The summary of one session file, or undefined when it has no valid header. */
export function summarizeSession(path: string, opts: ListingOptions = {}): SessionSummary | undefined {
  return new WindowReader(opts).summarize(path);
}

function byActivity(a: SessionSummary, b: SessionSummary): number {
  return (Date.parse(b.lastActivity) || 0) - (Date.parse(a.lastActivity) || 0) || b.path.localeCompare(a.path);
}

function readDirSafe(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

type Obj = Record<string, unknown>;

/** Reads windows of files into one reused buffer. */
class WindowReader {
  private buf = Buffer.allocUnsafe(HEAD + TAIL);

  private readonly stats: ListingStats | undefined;
  private readonly unreadable: UnreadableSession[] | undefined;

  constructor(opts: ListingOptions) {
    this.stats = opts.stats;
    this.unreadable = opts.unreadable;
  }

  summarize(path: string): SessionSummary | undefined {
    let fd: number;
    try {
      fd = openSync(path, "r");
    } catch (err) {
      this.unreadable?.push({ path, reason: (err as Error).message, modified: statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0 });
      return undefined;
    }
    try {
      if (this.stats) this.stats.files++;
      return this.summarizeFd(path, fd);
    } finally {
      closeSync(fd);
    }
  }

  private summarizeFd(path: string, fd: number): SessionSummary | undefined {
    const size = fstatSync(fd).size;
    if (size === 0) return undefined;
    const small = size <= HEAD + TAIL;
    let headLen = Math.min(size, small ? size : HEAD);
    let head = this.read(fd, 0, headLen);
    // The header line may be longer than the window (a long subagent task).
    while (head.indexOf("\n") < 0 && headLen < size && headLen < HEAD_MAX) {
      headLen = Math.min(size, headLen * 4);
      head = this.read(fd, 0, headLen);
    }
    const nl = head.indexOf("\n");
    // A byte order mark (some editors add one) is no reason to hide a session; the reader ignores it too.
    const header = parseObject((nl < 0 ? head : head.slice(0, nl)).replace(/^\uFEFF/, ""));
    if (!header || header.type !== "session" || typeof header.id !== "string") return undefined;
    const created = typeof header.timestamp === "string" ? header.timestamp : "";

    const last = small ? (lastEntryIn(head, 0) ?? undefined) : this.lastEntry(fd, size);
    let stamp = last && isStamp(last[LISTING_KEY]) ? (last[LISTING_KEY] as ListingStamp) : undefined;
    let firstPrompt: string | undefined;
    if (!last) stamp = { messages: 0 };
    if (!stamp) {
      // Not written by kit: count by parsing the file, once.
      if (this.stats) this.stats.fullScans++;
      const parsed = readSessionFile(path);
      if (this.stats) this.stats.bytesRead += size;
      stamp = { messages: 0 };
      for (const e of parsed.entries) {
        if (e.type === "message") {
          stamp.messages++;
          if (firstPrompt === undefined && e.role === "user") firstPrompt = promptText(e.content);
        } else if (e.type === "session_info") stamp.name = e.name;
      }
    } else if (stamp.messages > 0) {
      firstPrompt = firstUserText(head, headLen < size);
      while (firstPrompt === undefined && headLen < size && headLen < HEAD_MAX) {
        headLen = Math.min(size, headLen * 4, HEAD_MAX);
        head = this.read(fd, 0, headLen);
        firstPrompt = firstUserText(head, headLen < size);
      }
    }

    const summary: SessionSummary = {
      id: header.id,
      path,
      cwd: typeof header.cwd === "string" ? header.cwd : "",
      created,
      lastActivity: last && typeof last.timestamp === "string" ? last.timestamp : created,
      messageCount: stamp.messages,
      title: stamp.name ?? firstPrompt ?? "",
    };
    if (stamp.name !== undefined) summary.name = stamp.name;
    if (firstPrompt !== undefined) summary.firstPrompt = firstPrompt;
    for (const k of ["parentSession", "parentSessionId", "subagentTask"] as const) {
      if (typeof header[k] === "string") summary[k] = header[k] as string;
    }
    return summary;
  }

  /** The last complete, parseable entry line, reading backwards in growing windows. */
  private lastEntry(fd: number, size: number): Obj | undefined {
    for (let len = Math.min(size, TAIL); ; len = Math.min(size, len * 4)) {
      const start = size - len;
      const text = this.read(fd, start, len);
      const found = lastEntryIn(text, start);
      if (found !== undefined || start === 0) return found ?? undefined;
    }
  }

  private read(fd: number, position: number, length: number): string {
    if (this.buf.length < length) this.buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, this.buf, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    if (this.stats) this.stats.bytesRead += got;
    return this.buf.toString("utf8", 0, got);
  }
}

/**
 * The last entry among the complete lines of a window that starts at byte `start` of the file.
 * undefined: none in this window, read a larger one; null: the file has no entry after its header.
 */
function lastEntryIn(text: string, start: number): Obj | undefined | null {
  const lines = text.split("\n");
  // A window that does not start the file begins inside a line.
  for (let i = lines.length - 1; i >= (start > 0 ? 1 : 0); i--) {
    const line = lines[i]!.replace(/^\0+|\0+$/g, "");
    if (line.trim() === "") continue;
    const obj = parseObject(line);
    if (!obj || typeof obj.type !== "string" || typeof obj.timestamp !== "string") continue;
    return obj.type === "session" ? null : obj;
  }
  return start === 0 ? null : undefined;
}

/** The first user message's text in the head window; a last line cut by the window is read as far as it goes. */
function firstUserText(head: string, cut: boolean): string | undefined {
  const lines = head.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('"role":"user"') || !line.includes('"type":"message"')) continue;
    const partial = cut && i === lines.length - 1;
    if (!partial) {
      const obj = parseObject(line);
      if (obj?.type === "message" && obj.role === "user" && Array.isArray(obj.content)) {
        return promptText(obj.content);
      }
      continue;
    }
    return partialText(line);
  }
  return undefined;
}

/** The start of the first text part of a message line that the window cut off. */
function partialText(line: string): string | undefined {
  const at = line.indexOf('"text":"');
  if (at < 0) return undefined;
  let body = line.slice(at + 8);
  let end = -1;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\") i++;
    else if (body[i] === '"') {
      end = i;
      break;
    }
  }
  if (end >= 0) body = body.slice(0, end);
  else body = body.replace(/\\(u[0-9a-fA-F]{0,3})?$/, "");
  try {
    return collapse(JSON.parse(`"${body}"`) as string);
  } catch {
    return undefined;
  }
}

/** The text of a first prompt, from a line parsed here (not by the reader, so its parts are checked here). */
function promptText(content: unknown[]): string {
  return collapse(textOnly(mendParts(content)?.content ?? (content as Part[])));
}

function collapse(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > PROMPT_CHARS ? flat.slice(0, PROMPT_CHARS - 1) + "…" : flat;
}

function parseObject(text: string): Obj | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
  } catch {
    return undefined;
  }
}
