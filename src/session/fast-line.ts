import type { LineHead } from "./reader.ts";

/**
 * Recognising a complete message line as kit writes it, from its bytes, without parsing it: what
 * lets a store open a long session by reading every line but parsing only the few it needs now
 * (open-scan.ts).
 *
 * A line is recognised only when it has exactly the shape serialize.ts gives it:
 *  - it starts `{"type":"message","id":"…","parentId":null|"…","timestamp":"…",` (printable ASCII
 *    values without escapes, within the first HEAD_MAX bytes; kit's ids and ISO times always are);
 *  - it ends with the listing stamp `,"listing":{"messages":N[,"name":"…"][,"usage":{…}]}}`.
 * The end is what tells a complete line from one cut by a crash: a cut line would have to stop exactly
 * after a stamp-shaped key of the top-level object, which only a complete line has. Anything else (a
 * hand-written or reordered line, another type, a stamp with a name too long for the window) is left
 * to the full parser, so recognising less is always safe. What recognition cannot see (a line damaged
 * in its middle) is found when the line is parsed (store.ts says what happens then).
 *
 * It runs on every line of a file, so it costs two native calls a line (one decode of the head, and
 * the caller's newline search); the end is checked byte by byte in JavaScript.
 */

export interface RecognisedLine extends LineHead {
  /** Byte offset of the stamp's "{" (its text runs to the line's end minus the entry's closing "}"). */
  stampAt: number;
}

const PREFIX = '{"type":"message","id":"';
const PARENT = '","parentId":';
const TIMESTAMP = ',"timestamp":"';
/** The head must lie in this many bytes. */
const HEAD_MAX = 256;
const HEAD_FIRST = 128;
/** How far from the end the stamp may start; a longer one (a very long name) means a full parse. */
const STAMP_WINDOW = 4096;
const STAMP = bytes(',"listing":{"messages":');
const NAME = bytes(',"name":"');
const USAGE = bytes(',"usage":{');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Plain printable ASCII in a head value: no quote, no backslash, no control or non-ASCII byte. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;

/** The head of the message line buf[start, end) (no "\n") and where its stamp starts, or null when it is not recognised. */
export function recogniseLine(buf: Buffer, start: number, end: number): RecognisedLine | null {
  // Cheap byte checks first: most lines that fail, fail here.
  if (buf[start] !== OPEN || buf[start + 9] !== 0x6d /* m of message */ || buf[end - 1] !== CLOSE || buf[end - 2] !== CLOSE) return null;
  // kit's heads are about 100 bytes: decode that much, more only when the head runs on.
  let head = buf.toString("latin1", start, Math.min(end, start + HEAD_FIRST));
  if (!head.startsWith(PREFIX)) return null;
  const ts = head.indexOf(TIMESTAMP);
  if ((ts < 0 || head.indexOf('",', ts + TIMESTAMP.length) < 0) && end > start + HEAD_FIRST) {
    head = buf.toString("latin1", start, Math.min(end, start + HEAD_MAX));
  }
  const idEnd = head.indexOf('"', PREFIX.length);
  if (idEnd < 0) return null;
  const id = head.slice(PREFIX.length, idEnd);
  if (!head.startsWith(PARENT, idEnd)) return null;
  let p = idEnd + PARENT.length;
  let parentId: string | null = null;
  if (head.startsWith("null", p)) p += 4;
  else {
    if (head.charCodeAt(p) !== QUOTE) return null;
    const parentEnd = head.indexOf('"', p + 1);
    if (parentEnd < 0) return null;
    parentId = head.slice(p + 1, parentEnd);
    if (!PLAIN.test(parentId)) return null;
    p = parentEnd + 1;
  }
  if (!head.startsWith(TIMESTAMP, p)) return null;
  p += TIMESTAMP.length;
  const tsEnd = head.indexOf('"', p);
  if (tsEnd < 0 || head.charCodeAt(tsEnd + 1) !== COMMA) return null;
  const timestamp = head.slice(p, tsEnd);
  if (!PLAIN.test(id) || !PLAIN.test(timestamp)) return null;
  const stampAt = stampStart(buf, start + tsEnd + 2, end);
  if (stampAt < 0) return null;
  return { type: "message", id, parentId, timestamp, stampAt };
}

/** The offset of the stamp's "{" when buf[from, end) ends with a well-formed stamp and "}", else -1. */
function stampStart(buf: Buffer, from: number, end: number): number {
  const lowest = Math.max(from, end - STAMP_WINDOW);
  // The needle's last byte is ":"; look for it backwards, then compare the rest.
  for (let i = end - 3; i >= lowest + STAMP.length - 1; i--) {
    if (buf[i] !== COLON || !matchesBefore(buf, i + 1, STAMP)) continue;
    return wellFormedStamp(buf, i + 1, end) ? i + 1 - '{"messages":'.length : -1;
  }
  return -1;
}

/** `…N[,"name":"…"][,"usage":{"k":n,…}]}}` from `at` (just after `"messages":`) to exactly `end`. */
function wellFormedStamp(buf: Buffer, at: number, end: number): boolean {
  let p = digits(buf, at, end);
  if (p === at) return false;
  if (startsWith(buf, p, end, NAME)) {
    p += NAME.length;
    for (;; p++) {
      if (p >= end) return false;
      const b = buf[p]!;
      if (b === QUOTE) break;
      if (b === BACKSLASH) p++;
      else if (b < 0x20) return false;
    }
    p++;
  }
  if (startsWith(buf, p, end, USAGE)) {
    p += USAGE.length;
    for (;;) {
      // "key":number
      if (buf[p] !== QUOTE) return false;
      let q = p + 1;
      while (q < end && ((buf[q]! | 0x20) >= 0x61 && (buf[q]! | 0x20) <= 0x7a)) q++;
      if (q === p + 1 || buf[q] !== QUOTE || buf[q + 1] !== COLON) return false;
      p = number(buf, q + 2, end);
      if (p === q + 2) return false;
      if (buf[p] === COMMA) p++;
      else if (buf[p] === CLOSE) break;
      else return false;
    }
    p++;
  }
  return p + 2 === end && buf[p] === CLOSE && buf[p + 1] === CLOSE;
}

function digits(buf: Buffer, p: number, end: number): number {
  while (p < end && buf[p]! >= 0x30 && buf[p]! <= 0x39) p++;
  return p;
}

/** The end of a JSON number's characters (digits, sign, point, exponent) from p. */
function number(buf: Buffer, p: number, end: number): number {
  while (p < end) {
    const b = buf[p]!;
    if ((b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b || b === 0x2e || b === 0x65 || b === 0x45) p++;
    else break;
  }
  return p;
}

function startsWith(buf: Buffer, at: number, end: number, needle: Uint8Array): boolean {
  if (at + needle.length > end) return false;
  for (let i = 0; i < needle.length; i++) if (buf[at + i] !== needle[i]) return false;
  return true;
}

function matchesBefore(buf: Buffer, endAt: number, needle: Uint8Array): boolean {
  return startsWith(buf, endAt - needle.length, endAt, needle);
}

function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}
