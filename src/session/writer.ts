import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { syncDirectory } from "../config/atomic-write.ts";
import { markInUse } from "./in-use.ts";
import { ListingTally, entryLine, headerLine } from "./serialize.ts";
import type { SessionEntry, SessionHeader } from "./types.ts";

/**
 * Appends entries to one session file (spec/sessions.md, Durability).
 *
 * - The file is created at the first entry, together with its header: no empty or header-only files.
 * - Every append is one complete line (or, for a fork, one block of lines) written with one write
 *   call on a descriptor opened for append, straight to the kernel (no user-space buffer), so a crash
 *   loses at most the line being written.
 * - `sync()` (fsync) is for the end of each turn; after creating the file it also syncs its directory.
 * - A file whose last line lacks its newline (a crash mid-write) gets one first, so the next entry is
 *   never glued to the broken line.
 * - While the file is open for writing it is marked in use (in-use.ts), so a repair leaves it alone.
 */
export class SessionWriter {
  private fd: number | null = null;
  private release: (() => void) | null = null;
  private pendingHeader: SessionHeader | null;
  private needsNewline: boolean;
  private createsFile: boolean;
  private dirNeedsSync = false;
  private tally: ListingTally | (() => ListingTally);

  /**
   * @param header written before the first entry when given (a new or empty file)
   * @param existing the file already exists (opened for append, never created exclusively)
   * @param tally the file's running listing figures so far, or how to get them: a function is called
   *   at the first append only (an opened file recounts them then, if its last line had no stamp)
   */
  constructor(
    readonly path: string,
    opts: { header: SessionHeader | null; existing: boolean; endsWithNewline?: boolean; tally?: ListingTally | (() => ListingTally) },
  ) {
    this.pendingHeader = opts.header;
    this.createsFile = !opts.existing;
    this.needsNewline = opts.existing && opts.endsWithNewline === false;
    this.tally = opts.tally ?? new ListingTally();
  }

  /** True once the file has been created or opened for writing. */
  get isOpen(): boolean {
    return this.fd !== null;
  }

  append(entry: SessionEntry): void {
    this.appendMany([entry]);
  }

  /** Several entries as one write (used by fork to copy a path). */
  appendMany(entries: readonly SessionEntry[]): void {
    if (entries.length === 0) return;
    if (typeof this.tally === "function") this.tally = this.tally();
    const tally = this.tally;
    const undo = tally.save();
    let text = this.needsNewline ? "\n" : "";
    if (this.pendingHeader) text += headerLine(this.pendingHeader);
    for (const entry of entries) text += entryLine(entry, tally.add(entry));
    try {
      this.writeAll(Buffer.from(text));
    } catch (err) {
      // The entries are not in the session: undo their effect on the running figures.
      undo();
      throw err;
    }
    this.pendingHeader = null;
    this.needsNewline = false;
  }

  private writeAll(buf: Buffer): void {
    const fd = this.open();
    let off = 0;
    try {
      // One write call; the loop only continues after a short write (rare on regular files).
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    } catch (err) {
      // Part of a line may be in the file: start the next write on a fresh line.
      if (off > 0) this.needsNewline = true;
      throw err;
    }
  }

  private open(): number {
    if (this.fd !== null) return this.fd;
    if (this.createsFile) {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      this.fd = openSync(this.path, "ax", 0o600);
      this.createsFile = false;
      this.dirNeedsSync = true;
    } else {
      this.fd = openSync(this.path, "a");
    }
    this.claim();
    return this.fd;
  }

  /**
   * Marks the file in use by this process (in-use.ts) until close() or exit; the first write does it
   * too. Marking before looking for other writers means of two runs starting together, at least one
   * sees the other.
   */
  claim(): void {
    this.release ??= markInUse(this.path);
  }

  /** fsync the file (and, the first time after creating it, its directory). */
  sync(): void {
    if (this.fd === null) return;
    fsyncSync(this.fd);
    if (this.dirNeedsSync) {
      this.dirNeedsSync = false;
      syncDirectory(dirname(this.path));
    }
  }

  close(): void {
    try {
      if (this.fd !== null) this.sync();
    } finally {
      if (this.fd !== null) closeSync(this.fd);
      this.fd = null;
      this.release?.();
      this.release = null;
    }
  }
}
