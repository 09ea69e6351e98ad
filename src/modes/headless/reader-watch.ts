import { dlopen, FFIType, ptr } from "bun:ffi";
import { fstatSync } from "node:fs";

/** Checks whether stdout's reader went away, without writing to it: now, or every so often from `start` to `stop`. */
export interface ReaderWatch {
  check(): void;
  start(): void;
  stop(): void;
}

const CHECK_EVERY_MS = 150;
const POLLOUT = 0x4;
const POLLERR = 0x8;
const POLLHUP = 0x10;
const LIBC: Partial<Record<NodeJS.Platform, string>> = { linux: "libc.so.6", darwin: "libSystem.B.dylib" };

const noWatch: ReaderWatch = { check() {}, start() {}, stop() {} };

/**
 * Watches a stdout pipe (or socket) for its reader going away. --quiet and --json write stdout only at
 * the end, and a turn may run a tool before it writes anything, so an EPIPE would come too late: the
 * run would go on paying for tokens and running tools nobody will see. poll() on the write end says
 * POLLERR (or POLLHUP) once the read end is closed, so a 0-timeout poll, every CHECK_EVERY_MS while
 * started and whenever `check` is called, notices it without writing. Calls `onClosed` once. On a terminal, a
 * regular file, or where libc's poll cannot be loaded, it watches nothing: a write still notices.
 */
export function watchReader(onClosed: () => void): ReaderWatch {
  const poll = stdoutIsPipe() ? loadPoll() : undefined;
  if (!poll) return noWatch;
  // struct pollfd { int fd; short events; short revents; }
  const pollfd = new Int16Array(4);
  new Int32Array(pollfd.buffer, 0, 1)[0] = 1;
  pollfd[2] = POLLOUT;
  let done = false;
  const check = () => {
    if (done) return;
    pollfd[3] = 0;
    if (poll(ptr(pollfd), 1, 0) > 0 && (pollfd[3]! & (POLLERR | POLLHUP)) !== 0) {
      stop();
      onClosed();
    }
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  const start = () => {
    if (done || timer) return;
    timer = setInterval(check, CHECK_EVERY_MS);
    // Watching must never be what keeps the process alive.
    timer.unref();
  };
  const stop = () => {
    done = true;
    clearInterval(timer);
  };
  return { check, start, stop };
}

function stdoutIsPipe(): boolean {
  try {
    const stat = fstatSync(1);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

function loadPoll(): ((fds: number, count: number, timeoutMs: number) => number) | undefined {
  const name = LIBC[process.platform];
  if (!name) return undefined;
  try {
    const lib = dlopen(name, { poll: { args: [FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i32 } });
    return (fds, count, timeoutMs) => lib.symbols.poll(fds, count, timeoutMs);
  } catch {
    return undefined;
  }
}
