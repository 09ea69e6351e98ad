import { readFileSync, writeSync } from "node:fs";

/** Why a headless run could not write its output: the reader went away, or the write itself failed (a full disk). */
export type OutputFailure = { kind: "closed" } | { kind: "failed"; stream: "stdout" | "stderr"; code: string; reason: string };

/** Where a headless run writes: stdout for the answer, stderr for everything else. */
export interface HeadlessStdio {
  out(text: string): void;
  err(text: string): void;
}

// The reader of the pipe went away (`| head -1`, `| true`), or the terminal did (SIGHUP).
const CLOSED_CODES = new Set(["EPIPE", "EBADF", "EIO", "ECONNRESET"]);

/**
 * Synchronous writes to stdout/stderr. Headless output must be flushed line by line (a consumer of
 * stream-json reads each event as it happens) and must all be out before process.exit, which an
 * asynchronous stream write does not guarantee on a pipe.
 *
 * Bun ignores SIGPIPE, so a reader that went away shows up here, as an error of the write. The
 * first failed write is reported once to `onFailure` (which cancels the run, as Ctrl+C does), and
 * everything written after it is dropped: a cancelled pipeline stays silent.
 */
export function headlessStdio(onFailure: (failure: OutputFailure) => void): HeadlessStdio {
  let failed = false;
  const write = (fd: 1 | 2, text: string) => {
    if (failed) return;
    try {
      writeFd(fd, text);
    } catch (e) {
      failed = true;
      const code = (e as NodeJS.ErrnoException).code ?? "";
      // "ENOSPC: no space left on device, write" → "no space left on device"
      const reason = (e as Error).message.replace(/^[A-Z]+: /, "").replace(/, write$/, "");
      onFailure(CLOSED_CODES.has(code) ? { kind: "closed" } : { kind: "failed", stream: fd === 1 ? "stdout" : "stderr", code, reason });
    }
  };
  return { out: (text) => write(1, text), err: (text) => write(2, text) };
}

/** Writes all of `text`, waiting for a full non-blocking pipe; throws the write's error (EPIPE, ENOSPC…). */
export function writeFd(fd: 1 | 2, text: string): void {
  let buf = Buffer.from(text);
  while (buf.length > 0) {
    try {
      const n = writeSync(fd, buf);
      buf = buf.subarray(n);
    } catch (err) {
      // A non-blocking pipe that is full says EAGAIN: wait for the reader instead of dropping output.
      if ((err as NodeJS.ErrnoException).code === "EAGAIN") Bun.sleepSync(1);
      else throw err;
    }
  }
}

/** Writes to stderr, ignoring a stderr that is gone: for the last line of a run that could not write its output. */
export function lastWordOnStderr(text: string): void {
  try {
    writeFd(2, text);
  } catch {
    // Nowhere left to say it.
  }
}

const O_CLOEXEC = 0o2000000;

/**
 * Whether kit was started with stdout closed (`kit "…" >&-`). Bun then opens /dev/null in its place,
 * so writes would succeed into nothing; it opens it close-on-exec, which an inherited descriptor
 * never is (exec closes those), so the flag tells it apart from `> /dev/null`. Linux only: elsewhere
 * there is no /proc to ask, and this says false.
 */
export function stdoutClosedAtStart(): boolean {
  try {
    const info = readFileSync("/proc/self/fdinfo/1", "utf8");
    const flags = /^flags:\s*([0-7]+)/m.exec(info);
    return flags !== null && (parseInt(flags[1]!, 8) & O_CLOEXEC) !== 0;
  } catch {
    return false;
  }
}
