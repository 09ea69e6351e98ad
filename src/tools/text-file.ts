/**
 * The files read, grep and edit open, read with memory bounded whatever the file: only regular files
 * (a FIFO would block, /dev/zero never ends), read in chunks and split into lines as they stream, so
 * a 1 GB file costs what one chunk and the lines kept from it cost.
 */
import { constants, type Stats } from "node:fs";
import * as fs from "node:fs/promises";
import { SNIFF_BYTES } from "./file-kind.ts";
import { LineSplitter } from "./line-splitter.ts";
import { formatBytes } from "./truncate.ts";

const CHUNK_BYTES = 256 * 1024;

/** The largest file edit changes (it holds the file, the new text and a diff in memory), and the most write writes. */
export const MAX_EDIT_BYTES = 10 * 1024 * 1024;
export const MAX_EDIT_TEXT = formatBytes(MAX_EDIT_BYTES);

/** What a path is when it is neither a regular file nor a directory; undefined for those two. */
export function specialKind(stat: Stats): string | undefined {
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return undefined;
}

/** The refusal for a FIFO, device or socket: `use` says what the tool works on and what to do instead. */
export function notRegularFile(input: string, kind: string, use: string): Error {
  return new Error(`${input} is ${kind}, not a regular file; ${use}`);
}

export class TextFile {
  /** The first bytes of the file (up to a chunk), for telling images and binary files apart. */
  readonly head: Uint8Array;
  /** How far into the file lines() has read. */
  bytesRead: number;
  /** Set when lines() ended at the stop set with stopAfter rather than at the end of the file. */
  stopped = false;
  private stopAt = Infinity;

  private constructor(
    private readonly handle: fs.FileHandle,
    readonly size: number,
    head: Uint8Array,
  ) {
    this.head = head;
    this.bytesRead = head.length;
  }

  /**
   * Opens a regular file. Opened non-blocking and checked after opening, so a path swapped for a FIFO
   * in between cannot make the open wait for a writer. `use` completes the refusal of anything else.
   */
  static async open(abs: string, input: string, use: string): Promise<TextFile> {
    const handle = await fs.open(abs, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = await handle.stat();
      const kind = specialKind(stat);
      if (kind) throw notRegularFile(input, kind, use);
      const head = await readChunk(handle, Math.max(SNIFF_BYTES, CHUNK_BYTES));
      return new TextFile(handle, stat.size, head);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /**
   * The lines from the start of the file, decoded as UTF-8 (a BOM dropped, invalid bytes as U+FFFD),
   * without their LF or CRLF, each cut to `maxChars` with a marker saying how much was cut.
   */
  async *lines(maxChars?: number): AsyncGenerator<string> {
    const decoder = new TextDecoder();
    const splitter = new LineSplitter(maxChars);
    for (let chunk = this.head; chunk.length > 0; chunk = await this.next()) {
      yield* splitter.push(decoder.decode(chunk, { stream: true }));
      if (this.bytesRead >= this.stopAt) {
        this.stopped = true;
        return;
      }
    }
    yield* splitter.push(decoder.decode());
    const last = splitter.flush();
    if (last !== undefined) yield last;
  }

  /**
   * Makes lines() end once it has read `bytes` more than it has now, even inside a line: a caller
   * that only counts lines does not read on through a file that is one endless line.
   */
  stopAfter(bytes: number): void {
    this.stopAt = this.bytesRead + bytes;
  }

  /** The whole file, or undefined once it grows past `max` bytes (it may have grown since it was opened). */
  async bytes(max: number): Promise<Uint8Array | undefined> {
    const chunks = [this.head];
    for (let chunk = await this.next(); chunk.length > 0; chunk = await this.next()) {
      if (this.bytesRead > max) return undefined;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  private async next(): Promise<Uint8Array> {
    const chunk = await readChunk(this.handle, CHUNK_BYTES);
    this.bytesRead += chunk.length;
    return chunk;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

async function readChunk(handle: fs.FileHandle, size: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(size);
  const { bytesRead } = await handle.read(buffer, 0, size, null);
  return buffer.subarray(0, bytesRead);
}
