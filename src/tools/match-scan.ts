/**
 * grep's first pass over a file: does any line of it match? Most files of a tree do not, so this pass
 * is what a search of a large repository costs, and it allocates nothing per line. It reads the file
 * synchronously in chunks into one reused buffer (on Bun, far cheaper than promise-based reads, see
 * bench/tools.ts), so memory stays bounded whatever the file:
 *
 * - a literal pattern (no regex syntax, case-sensitive) is found in the raw bytes with Buffer#indexOf;
 * - a regex runs over each chunk's complete lines decoded as one string (with "\r\n" read as "\n"),
 *   in multiline mode so ^ and $ hold at line ends; a line it lands on is confirmed with the pattern
 *   alone, since a match in the larger text may span lines.
 *
 * Files it answers yes for are then searched line by line for the output (grep.ts). The answer may
 * only err on the side of yes: a line longer than grep searches is scanned a little further here.
 */
import * as fs from "node:fs";
import { SNIFF_BYTES } from "./file-kind.ts";

const CHUNK_BYTES = 256 * 1024;
const NEWLINE = 0x0a;

export type ScanResult = "match" | "none" | "binary" | "unreadable";

export class MatchScanner {
  /** Bytes every matching line contains, when the pattern has such a run of plain characters. */
  private readonly needle: Buffer | undefined;
  /** The pattern is the needle: finding it is the answer. */
  private readonly literalOnly: boolean;
  /** Bytes decoded to strings since memory was last checked. */
  private decoded = 0;
  private readonly scan: RegExp;
  private readonly buffer: Buffer;

  /**
   * `regex` is the pattern as grep tests each line; `maxLineChars` how much of a line grep searches
   * (the scan holds up to three bytes per character of it, the most UTF-8 takes per UTF-16 unit).
   */
  constructor(
    private readonly regex: RegExp,
    private readonly maxLineChars: number,
  ) {
    const literal = isLiteral(regex) ? regex.source : requiredLiteral(regex);
    this.needle = literal === undefined ? undefined : Buffer.from(literal);
    this.literalOnly = isLiteral(regex);
    this.scan = new RegExp(regex.source, `${regex.flags}gm`);
    this.buffer = Buffer.allocUnsafe(this.maxLineBytes + CHUNK_BYTES);
  }

  private get maxLineBytes(): number {
    return this.maxLineChars * 3;
  }

  /** Whether the file at `abs` has a matching line, is binary (a NUL in its first bytes), or cannot be read. */
  scanFile(abs: string): ScanResult {
    let fd: number;
    try {
      // Non-blocking, so a path swapped for a FIFO since the walk cannot make the open wait.
      fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch {
      return "unreadable";
    }
    try {
      if (!this.needle) return this.scanRegex(fd);
      const found = this.scanLiteral(fd, this.needle);
      if (found !== "match" || this.literalOnly) return found;
      return this.scanRegex(fd, 0);
    } catch {
      return "unreadable";
    } finally {
      fs.closeSync(fd);
    }
  }

  private scanLiteral(fd: number, needle: Buffer): ScanResult {
    const buf = this.buffer;
    // The last needle.length - 1 bytes of a chunk are kept in front of the next, for a match across the two.
    const overlap = needle.length - 1;
    let kept = 0;
    let first = true;
    for (;;) {
      const read = fs.readSync(fd, buf, kept, CHUNK_BYTES, null);
      if (first && isBinary(buf.subarray(0, read))) return "binary";
      first = false;
      if (read === 0) return "none";
      const end = kept + read;
      if (buf.subarray(0, end).indexOf(needle) !== -1) return "match";
      kept = Math.min(overlap, end);
      buf.copyWithin(0, end - kept, end);
    }
  }

  /** `position` 0 reads the file again from its start, after the literal pass. */
  private scanRegex(fd: number, position: number | null = null): ScanResult {
    const buf = this.buffer;
    let kept = 0; // an unfinished line carried from the previous chunk
    let skipping = false; // inside a line longer than is searched, until its newline
    let first = true;
    for (;;) {
      const read = fs.readSync(fd, buf, kept, CHUNK_BYTES, position);
      if (position !== null) position += read;
      let start = 0;
      if (first) {
        if (isBinary(buf.subarray(0, read))) return "binary";
        // grep's line pass drops a byte order mark; so must this, for a ^ at the start of the file.
        if (read >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
        first = false;
      }
      const end = kept + read;
      if (skipping) {
        const nl = buf.subarray(0, end).indexOf(NEWLINE);
        if (nl === -1) {
          if (read === 0) return "none";
          kept = 0;
          continue;
        }
        skipping = false;
        start = nl + 1;
      }
      if (read === 0) return end > start && this.hasMatch(buf, start, end) ? "match" : "none";
      const lastNewline = buf.subarray(start, end).lastIndexOf(NEWLINE);
      if (lastNewline !== -1 && this.hasMatch(buf, start, start + lastNewline + 1)) return "match";
      const rest = lastNewline === -1 ? start : start + lastNewline + 1;
      kept = end - rest;
      if (kept >= this.maxLineBytes) {
        // One line fills the buffer: search what grep searches of it, then skip to its end.
        if (this.hasMatch(buf, rest, end)) return "match";
        skipping = true;
        kept = 0;
      } else {
        buf.copyWithin(0, rest, end);
      }
    }
  }

  /** Whether a line within buf[start, end) (whole lines) matches the pattern. */
  private hasMatch(buf: Buffer, start: number, end: number): boolean {
    let text = buf.toString("utf8", start, end);
    this.keepMemoryBounded(end - start);

    if (buf.subarray(start, end).includes(0x0d)) text = text.replaceAll("\r\n", "\n");
    const scan = this.scan;
    scan.lastIndex = 0;
    for (let m = scan.exec(text); m; m = scan.exec(text)) {
      const at = m.index;
      // A match just after the final newline is the empty "line" there is none of.
      if (at === text.length && at > 0 && text.charCodeAt(at - 1) === NEWLINE) return false;
      const lineStart = at === 0 ? 0 : text.lastIndexOf("\n", at - 1) + 1;
      let lineEnd = text.indexOf("\n", at);
      if (lineEnd === -1) lineEnd = text.length;
      if (this.regex.test(text.slice(lineStart, lineEnd))) return true;
      if (lineEnd >= text.length) return false;
      scan.lastIndex = lineEnd + 1;
    }
    return false;
  }

  /**
   * The decoded chunks are garbage at once, but Bun's collector runs by its own heap's growth and
   * lets them pile up: searching a 1 GB tree with a regex reached 150 MB. Checking the resident set
   * every few megabytes decoded, and collecting when it is high, holds grep under 100 MB.
   */
  private keepMemoryBounded(bytes: number): void {
    this.decoded += bytes;
    if (this.decoded < DECODED_CHECK_BYTES) return;
    this.decoded = 0;
    if (process.memoryUsage.rss() > RSS_COLLECT_BYTES) Bun.gc(true);
  }
}

const DECODED_CHECK_BYTES = 16 * 1024 * 1024;
const RSS_COLLECT_BYTES = 80 * 1024 * 1024;

/**
 * The longest run of plain characters a regex cannot match without (outside groups, classes and
 * alternatives, and not made optional by a quantifier), if 3 or more long and the match is
 * case-sensitive: a file without those bytes has no matching line, which Buffer#indexOf tells far
 * faster than the regex can.
 */
function requiredLiteral(regex: RegExp): string | undefined {
  const source = regex.source;
  if (regex.flags !== "" || source.includes("|")) return undefined;
  let best = "";
  let run = "";
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const next = source[i + 1];
    const quantified = next === "?" || next === "*" || next === "{" || next === "+";
    if (c === "\\") {
      i++; // an escape: a class, an assertion or a character; none is kept
      run = "";
    } else if (c === "[") {
      for (i++; i < source.length && source[i] !== "]"; i++) if (source[i] === "\\") i++;
      run = "";
    } else if (c === "(") {
      depth++;
      run = "";
    } else if (c === ")") {
      depth--;
      run = "";
    } else if (depth > 0 || /[\^$.?*+{}\]\uFFFD]/.test(c)) {
      run = "";
    } else if (quantified) {
      run = "";
    } else {
      run += c;
      if (run.length > best.length) best = run;
    }
  }
  return best.length >= 3 ? best : undefined;
}

/** A NUL in the first bytes: the same test grep's line pass and read use (file-kind.ts). */
function isBinary(head: Buffer): boolean {
  return head.subarray(0, SNIFF_BYTES).includes(0);
}

/**
 * A pattern that only matches itself: no regex syntax, case-sensitive, one line, and no U+FFFD
 * (which stands for invalid bytes once a line is decoded, so raw bytes could not find it).
 */
function isLiteral(regex: RegExp): boolean {
  return regex.flags === "" && regex.source !== "(?:)" && !/[\\^$.|?*+()[\]{}\r\n\uFFFD]/.test(regex.source);
}
