import { closeSync, openSync, readSync } from "node:fs";
import type { Slot } from "./entry-tree.ts";
import { recogniseLine } from "./fast-line.ts";
import { type ByteRange, LineSource } from "./line-source.ts";
import { LineReader } from "./reader.ts";
import { isStamp, type ListingStamp } from "./serialize.ts";
import type { SessionHeader, SessionIssue } from "./types.ts";

/**
 * The one pass over a session file that opening it costs (spec/sessions.md, Resume).
 *
 * The file is read in chunks and split at "\n". A message line kit wrote, recognised from its bytes
 * (fast-line.ts), is indexed by its head and byte range and not parsed; every other line (the header,
 * the small non-message entries, anything hand-written, reordered, cut, or with null bytes) is parsed
 * in full on the spot. Both go through the same LineReader, so the tree, the skipped lines and their
 * line numbers are those a full read gives, except what only a line's body can show (store.ts).
 * Nothing is held but the index and the parsed lines: the text is read again by range when an entry
 * is wanted (line-source.ts).
 */

export interface ScannedSession {
  header: SessionHeader | null;
  /** The entries kept, in file order; message slots usually without their entry yet. */
  slots: Slot[];
  /** Lines skipped or mended (without their text). */
  issues: SessionIssue[];
  /** The file ends with "\n" (true for an empty file: nothing to end). */
  endsWithNewline: boolean;
  /** The file holds nothing but whitespace and null bytes. */
  blank: boolean;
  /** The listing stamp of the last entry kept, if it has one. */
  lastStamp: ListingStamp | undefined;
  /** Where the unparsed lines are read from. */
  source: LineSource;
}

const CHUNK = 4 * 1024 * 1024;
const NOT_BLANK = /[^\s\0]/;

export function scanSessionFile(path: string): ScannedSession {
  const fd = openSync(path, "r");
  try {
    return scan(path, fd);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

function scan(path: string, fd: number): ScannedSession {
  const reader = new LineReader({ keepRaw: false });
  const slots: Slot[] = [];
  let blank = true;
  let lineNo = 0;
  // The last kept line's stamp: as parsed, or where to read it.
  let stampValue: unknown;
  let stampRange: ByteRange | null = null;

  const line = (buf: Buffer, base: number, s: number, e: number, hasNul: boolean, unterminated: boolean) => {
    lineNo++;
    const head = hasNul || unterminated ? null : recogniseLine(buf, s, e);
    if (head) {
      blank = false;
      let parentId = reader.head(lineNo, head, () => buf.toString("utf8", s, e));
      if (parentId === undefined) return;
      // Most parents are the line before: share its id string rather than keep a copy per entry.
      const prev = slots[slots.length - 1];
      if (prev && parentId === prev.id) parentId = prev.id;
      const { type, id, timestamp } = head;
      const slot: Slot = { type, id, parentId, timestamp, line: lineNo, start: base + s, end: base + e, entry: undefined, seq: 0 };
      if (parentId !== head.parentId) slot.written = head.parentId;
      slots.push(slot);
      stampRange = { start: base + head.stampAt, end: base + e - 1 };
      stampValue = undefined;
      return;
    }
    const text = buf.toString("utf8", s, e);
    if (blank && NOT_BLANK.test(text)) blank = false;
    const entry = reader.full(lineNo, text, unterminated);
    if (!entry) return;
    const { type, id, parentId, timestamp } = entry;
    slots.push({ type, id, parentId, timestamp, line: lineNo, start: -1, end: -1, entry, seq: 0 });
    stampRange = null;
    stampValue = reader.lastStamp;
  };

  let buf = Buffer.allocUnsafe(CHUNK);
  let have = 0; // bytes carried over from the last chunk: the start of an unfinished line
  let base = 0; // file offset of buf[0]
  let endsWithNewline = true;
  for (;;) {
    const n = readSync(fd, buf, have, buf.length - have, base + have);
    const filled = have + n;
    const view = buf.subarray(0, filled);
    let s = 0;
    let nul = nextNul(view, 0);
    for (let nl = view.indexOf(10, have); nl >= 0; nl = view.indexOf(10, s)) {
      if (nul < s) nul = nextNul(view, s);
      line(view, base, s, nl, nul < nl, false);
      s = nl + 1;
    }
    if (n === 0) {
      if (s < filled) {
        if (nul < s) nul = nextNul(view, s);
        line(view, base, s, filled, nul < filled, true);
        endsWithNewline = false;
      }
      break;
    }
    // Keep the unfinished line; grow the buffer when one line fills it.
    if (s > 0) view.copy(buf, 0, s, filled);
    base += s;
    have = filled - s;
    if (have === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, have);
      buf = bigger;
    }
  }

  const source = new LineSource(path, fd);
  let lastStamp = stampValue;
  const range = stampRange as ByteRange | null;
  if (range) {
    try {
      lastStamp = JSON.parse(source.read(range));
    } catch {
      lastStamp = undefined;
    }
  }
  // Nothing left to read later (a small or hand-written file): release the descriptor now; it is
  // opened again if an entry ever needs its line.
  if (slots.every((slot) => slot.entry !== undefined)) source.close();
  return {
    header: reader.header,
    slots,
    issues: reader.issues,
    endsWithNewline,
    blank,
    lastStamp: isStamp(lastStamp) ? lastStamp : undefined,
    source,
  };
}

/** The next null byte at or after `from`, or Infinity. */
function nextNul(view: Buffer, from: number): number {
  const at = view.indexOf(0, from);
  return at < 0 ? Infinity : at;
}
