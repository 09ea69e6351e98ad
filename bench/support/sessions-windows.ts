import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/**
 * What the listing floors read of a session file: its first and last 8 KB (the header and first user
 * message; the last entry, whose timestamp is the last activity and whose `listing` stamp kit writes
 * carries the message count and name). Enough for the files the Sessions area writes.
 */
const WINDOW = 8 * 1024;
const buf = Buffer.allocUnsafe(WINDOW);

export function readWindows(path: string): { headLines: string[]; last: { timestamp: string; listing: { messages: number; name?: string } } } {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const read = (at: number) => buf.toString("utf8", 0, readSync(fd, buf, 0, Math.min(size, WINDOW), at));
    const headLines = read(0).split("\n");
    const tailLines = read(Math.max(0, size - WINDOW)).split("\n");
    return { headLines, last: JSON.parse(tailLines[tailLines.length - 2]!) };
  } finally {
    closeSync(fd);
  }
}
