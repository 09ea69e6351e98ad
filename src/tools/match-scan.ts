/**
 * grep over one file's bytes, allocating nothing per line that does not match: most files of a tree
 * hold no match, so this is what a search of a large repository costs. The file is read synchronously
 * in chunks into one reused buffer, so memory stays bounded whatever the file. (Reading all 87,000
 * files, 1 GB, of the bench/tools.ts tree this way took 1.3 s on Bun; with promise-based reads, 8 at
 * a time, 4.8 s: each read's hop through the thread pool costs more than a warm read itself.)
 *
 * - a literal pattern (no regex syntax, case-sensitive), or the run of plain characters every match
 *   of a regex contains, is looked for in the raw bytes with Buffer#indexOf: a file without it has no
 *   matching line;
 * - a regex then runs over each chunk's whole lines decoded as one string, in multiline mode so ^ and
 *   $ hold at line ends; a line it lands on is confirmed with the pattern alone, and only then are
 *   line numbers counted and the line sliced out.
 *
 * grep uses it to rule files out (scanFile) before a search with context lines, and to list the
 * matching lines of a search without (forEachMatch).
 */
import * as fs from "node:fs";
import { SNIFF_BYTES } from "./file-kind.ts";

const CHUNK_BYTES = 256 * 1024;
const NEWLINE = 0x0a;
/** 16 MB: tens of milliseconds of reading. */
const CHUNKS_PER_BREATH = 64;

export type ScanResult = "match" | "none" | "binary" | "unreadable";

export class MatchScanner {
  /** Bytes every matching line contains, when the pattern has such a run of plain characters. */
  private readonly needle: Buffer | undefined;
  /** The pattern is the needle: finding it is the answer. */
  private readonly literalOnly: boolean;
  /** Chunks read since the event loop was last let in. */
  private chunks = 0;
  /** Bytes decoded to strings since memory was last checked. */
  private decoded = 0;
  private readonly scan: RegExp;
  private readonly buffer: Buffer;

  /**
   * `regex` is the pattern as grep tests each line; `maxLineChars` how much of a line grep searches
   * (the scan holds up to three bytes per character of it, the most UTF-8 takes per UTF-16 unit);
   * `signal` ends a scan that is under way.
   */
  constructor(
    private readonly regex: RegExp,
    private readonly maxLineChars: number,
    private readonly signal?: AbortSignal,
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
  scanFile(abs: string): Promise<ScanResult> {
    return this.withFile(abs, (fd) => (this.literalOnly ? this.scanLiteral(fd, this.needle!) : this.matchLines(fd, () => false)));
  }

  /**
   * Calls `found` with the number and text (without its line end) of each matching line of the file
   * at `abs`, in order, until it returns false. The text is the line as grep searches it.
   */
  forEachMatch(abs: string, found: (n: number, line: string) => boolean): Promise<ScanResult> {
    return this.withFile(abs, (fd) => this.matchLines(fd, found));
  }

  private async withFile(abs: string, scan: (fd: number) => Promise<ScanResult>): Promise<ScanResult> {
    let fd: number;
    try {
      // Non-blocking, so a path swapped for a FIFO since the walk cannot make the open wait.
      fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch {
      return "unreadable";
    }
    try {
      return await scan(fd);
    } catch (err) {
      if (this.signal?.aborted) throw err;
      return "unreadable";
    } finally {
      fs.closeSync(fd);
    }
  }

  /** The literal pass rules most files out; the others are read again, as text. */
  private async matchLines(fd: number, found: (n: number, line: string) => boolean): Promise<ScanResult> {
    if (this.needle) {
      const literal = await this.scanLiteral(fd, this.needle);
      if (literal !== "match") return literal;
    }
    let lines = 0; // before the current region
    let matched = false;
    for (const region of this.regions(fd, this.needle ? 0 : null)) {
      if (region === "binary") return "binary";
      await this.breathe();
      const stopped = this.matchRegion(region.text, lines, (n, line) => {
        matched = true;
        return found(n, line);
      });
      if (stopped) return "match";
      lines += countNewlines(region.text) + (region.cut ? 1 : 0);
    }
    return matched ? "match" : "none";
  }

  private async scanLiteral(fd: number, needle: Buffer): Promise<ScanResult> {
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
      await this.breathe();
      const end = kept + read;
      if (buf.subarray(0, end).indexOf(needle) !== -1) return "match";
      kept = Math.min(overlap, end);
      buf.copyWithin(0, end - kept, end);
    }
  }

  /**
   * The file as text, a chunk of whole lines at a time ("\r\n" read as "\n", a byte order mark
   * dropped). A line longer than is searched comes alone, cut, without its end (`cut`); the rest of
   * it is skipped. `position` 0 reads the file again from its start, after the literal pass.
   */
  private *regions(fd: number, position: number | null): Generator<{ text: string; cut: boolean } | "binary"> {
    const buf = this.buffer;
    let kept = 0; // an unfinished line carried from the previous chunk
    let skipping = false; // inside a line longer than is searched, until its newline
    let first = true;
    for (;;) {
      const read = fs.readSync(fd, buf, kept, CHUNK_BYTES, position);
      if (position !== null) position += read;
      let start = 0;
      if (first) {
        if (isBinary(buf.subarray(0, read))) {
          yield "binary";
          return;
        }
        if (read >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
        first = false;
      }
      const end = kept + read;
      if (skipping) {
        const nl = buf.subarray(0, end).indexOf(NEWLINE);
        if (nl === -1) {
          if (read === 0) return;
          kept = 0;
          continue;
        }
        skipping = false;
        start = nl + 1;
      }
      if (read === 0) {
        if (end > start) yield { text: this.decode(buf, start, end), cut: false };
        return;
      }
      const lastNewline = buf.subarray(start, end).lastIndexOf(NEWLINE);
      if (lastNewline !== -1) yield { text: this.decode(buf, start, start + lastNewline + 1), cut: false };
      const rest = lastNewline === -1 ? start : start + lastNewline + 1;
      kept = end - rest;
      if (kept >= this.maxLineBytes) {
        yield { text: this.decode(buf, rest, end), cut: true };
        skipping = true;
        kept = 0;
      } else {
        buf.copyWithin(0, rest, end);
      }
    }
  }

  /**
   * Lets the event loop in (a keypress, a frame, an abort) every few megabytes read: the reads are
   * synchronous, and one file can be gigabytes.
   */
  private async breathe(): Promise<void> {
    if (++this.chunks % CHUNKS_PER_BREATH !== 0) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.signal?.throwIfAborted();
  }

  private decode(buf: Buffer, start: number, end: number): string {
    this.keepMemoryBounded(end - start);
    const text = buf.toString("utf8", start, end);
    return buf.subarray(start, end).includes(0x0d) ? text.replaceAll("\r\n", "\n") : text;
  }

  /**
   * Calls `found` for each matching line of `text` (whole lines; `before` lines precede it in the
   * file) until it returns false; returns whether it did. The regex runs over the whole text, and a
   * line it lands on is confirmed alone, since a match in the larger text may span lines.
   */
  private matchRegion(text: string, before: number, found: (n: number, line: string) => boolean): boolean {
    const scan = this.scan;
    let counted = 0; // newlines in text before `countedTo`
    let countedTo = 0;
    scan.lastIndex = 0;
    for (let m = scan.exec(text); m; m = scan.exec(text)) {
      const at = m.index;
      // A match just after the final newline is the empty "line" there is none of.
      if (at === text.length && at > 0 && text.charCodeAt(at - 1) === NEWLINE) return false;
      const lineStart = at === 0 ? 0 : text.lastIndexOf("\n", at - 1) + 1;
      let lineEnd = text.indexOf("\n", at);
      if (lineEnd === -1) lineEnd = text.length;
      const line = text.slice(lineStart, lineEnd);
      if (this.regex.test(line)) {
        for (let nl = text.indexOf("\n", countedTo); nl !== -1 && nl < lineStart; nl = text.indexOf("\n", countedTo)) {
          counted++;
          countedTo = nl + 1;
        }
        if (!found(before + counted + 1, line)) return true;
      }
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

function countNewlines(text: string): number {
  let n = 0;
  for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", nl + 1)) n++;
  return n;
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
