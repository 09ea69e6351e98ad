import { writeSync } from "node:fs";

/**
 * Synchronous writes to stdout/stderr. Headless output must be flushed line by line (a consumer of
 * stream-json reads each event as it happens) and must all be out before process.exit, which an
 * asynchronous stream write does not guarantee on a pipe.
 */
export function writeFd(fd: 1 | 2, text: string): void {
  let buf = Buffer.from(text);
  while (buf.length > 0) {
    try {
      const n = writeSync(fd, buf);
      buf = buf.subarray(n);
    } catch (err) {
      // A non-blocking pipe that is full says EAGAIN: wait for the reader instead of dropping output.
      if ((err as NodeJS.ErrnoException).code === "EAGAIN") Bun.sleepSync(1);
      else if ((err as NodeJS.ErrnoException).code === "EPIPE") return; // the reader went away (e.g. `| head`)
      else throw err;
    }
  }
}

export const out = (text: string) => writeFd(1, text);
export const err = (text: string) => writeFd(2, text);
