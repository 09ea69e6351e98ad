import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/**
 * Reads lines of an opened session file back by byte range, for entries the store parses only when
 * something asks for them (store.ts).
 *
 * The descriptor opened to index the file stays open until close(): a session file is only ever
 * appended to, so the ranges stay valid, and while it is open even a repair that renames a new file
 * into place (`kit sessions check --repair`, meant for files no kit is using) cannot change what is
 * read. After close() the path is opened again, and refused if it is no longer the same file. A store
 * dropped without close() gets its descriptor closed when it is garbage collected.
 */

export interface ByteRange {
  start: number;
  end: number;
}

/** Ranges closer than this are read with one call (reading the gap costs less than another call). */
const JOIN_GAP = 64 * 1024;
/** The most one call reads for several ranges. */
const GROUP_MAX = 8 * 1024 * 1024;
const KEEP_BUFFER = 1024 * 1024;

const closeOnCollect = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to release.
  }
});

export class LineSource {
  private fd: number | null;
  private readonly dev: number;
  private readonly ino: number;
  private buf = Buffer.allocUnsafe(0);

  /** Takes over `fd`, the descriptor `path` was indexed through. */
  constructor(
    readonly path: string,
    fd: number,
  ) {
    const st = fstatSync(fd);
    this.dev = st.dev;
    this.ino = st.ino;
    this.fd = fd;
    closeOnCollect.register(this, fd, this);
  }

  /**
   * Calls `each` with the text (UTF-8) of every range, with its index, in file order; the texts are
   * not kept, so reading many lines holds only a group's bytes at a time. Throws when the file cannot
   * give them any more.
   */
  readEach(ranges: readonly ByteRange[], each: (index: number, text: string) => void): void {
    const order = ranges.map((_, i) => i).sort((a, b) => ranges[a]!.start - ranges[b]!.start);
    const fd = this.open();
    for (let g = 0; g < order.length; ) {
      // One read for a run of ranges that lie close together (a branch is mostly consecutive lines).
      const first = ranges[order[g]!]!;
      let end = first.end;
      let h = g + 1;
      while (h < order.length) {
        const next = ranges[order[h]!]!;
        if (next.start - end > JOIN_GAP || Math.max(end, next.end) - first.start > GROUP_MAX) break;
        end = Math.max(end, next.end);
        h++;
      }
      const buf = this.fill(fd, first.start, end - first.start);
      for (let k = g; k < h; k++) {
        const r = ranges[order[k]!]!;
        each(order[k]!, buf.toString("utf8", r.start - first.start, r.end - first.start));
      }
      g = h;
    }
    // An idle store does not keep a large read buffer.
    if (this.buf.length > KEEP_BUFFER) this.buf = Buffer.allocUnsafe(0);
  }

  /** The text of one range. */
  read(range: ByteRange): string {
    let text = "";
    this.readEach([range], (_, t) => (text = t));
    return text;
  }

  close(): void {
    if (this.fd === null) return;
    closeOnCollect.unregister(this);
    closeSync(this.fd);
    this.fd = null;
  }

  private open(): number {
    if (this.fd !== null) return this.fd;
    const fd = openSync(this.path, "r");
    const st = fstatSync(fd);
    if (st.dev !== this.dev || st.ino !== this.ino) {
      closeSync(fd);
      throw new Error(`session file ${this.path} was replaced since it was opened; open it again`);
    }
    this.fd = fd;
    closeOnCollect.register(this, fd, this);
    return fd;
  }

  private fill(fd: number, position: number, length: number): Buffer {
    if (this.buf.length < length) this.buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, this.buf, got, length - got, position + got);
      if (n === 0) throw new Error(`session file ${this.path} is shorter than when it was opened; open it again`);
      got += n;
    }
    return this.buf;
  }
}
