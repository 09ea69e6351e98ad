/**
 * Processes of bench/render.ts in a pseudo-terminal (Bun.spawn's `terminal`, 100×40): started, their
 * output drained (kept only as a tail, unless captured), awaited until a marker shows, and watched
 * from outside through /proc: CPU time of all their threads, and peak RSS (VmHWM) before they are
 * killed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { COLUMNS, ROWS } from "./render-terminal.ts";

const READY_TIMEOUT_MS = 30_000;
const TAIL = 4096;

/** Whether this system has the /proc figures the idle and memory figures need (Linux). */
export const HAS_PROC = existsSync("/proc/self/task");

export interface PtyOptions {
  env: Record<string, string>;
  cwd?: string;
  /** Text whose appearance in the output means the program is ready. */
  marker?: string;
}

export class PtyProcess {
  readonly proc: Bun.Subprocess;
  /** Resolves once the marker showed; rejects after READY_TIMEOUT_MS or when the program exits first. */
  readonly ready: Promise<void>;
  private tail = "";
  private captured: string | null = null;
  private markerSeen = false;
  private cpuStart = new Map<string, number>();
  private cpuLast = new Map<string, number>();

  constructor(
    readonly cmd: string[],
    o: PtyOptions,
  ) {
    const decoder = new TextDecoder();
    let resolveReady = () => {};
    let fail = (_e: Error) => {};
    this.ready = new Promise<void>((resolve, reject) => ((resolveReady = resolve), (fail = reject)));
    const timer = o.marker === undefined ? undefined : setTimeout(() => fail(this.error(`no ${JSON.stringify(o.marker)} within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const data = (_t: Bun.Terminal, bytes: Uint8Array) => {
      const text = decoder.decode(bytes, { stream: true });
      if (this.captured !== null) this.captured += text;
      // The marker is looked for before the tail is cut: one read may carry it and much after it.
      const joined = this.tail + text;
      if (o.marker !== undefined && !this.markerSeen && joined.includes(o.marker)) {
        clearTimeout(timer);
        this.markerSeen = true;
        if (HAS_PROC) this.markCpu();
        resolveReady();
      }
      this.tail = joined.slice(-TAIL);
    };
    this.proc = Bun.spawn(cmd, { cwd: o.cwd, env: o.env, terminal: { cols: COLUMNS, rows: ROWS, data } });
    void this.proc.exited.then((code) => {
      clearTimeout(timer);
      fail(this.error(`exited ${code} before it was ready`));
    });
    // Only a failure while someone waits for readiness matters; a later exit is the kill.
    this.ready.catch(() => {});
  }

  error(what: string): Error {
    return new Error(`${this.cmd.join(" ")}: ${what}; output: ${JSON.stringify(this.tail.slice(-400))}`);
  }

  /** Keeps everything written from now on, for `takeCapture`. */
  startCapture(): void {
    this.captured = "";
  }

  takeCapture(): string {
    const text = this.captured ?? "";
    this.captured = null;
    return text;
  }

  /**
   * Starts counting the process's CPU time (all threads: Bun runs JIT and GC threads besides the main
   * one) for `cpuSinceMark`. Done when the marker shows, and again at the start of a window.
   */
  markCpu(): void {
    this.cpuStart = this.threadCpu();
    this.cpuLast = new Map(this.cpuStart);
  }

  /** Reads every thread's CPU time again: a thread that ends (idle JIT workers do) keeps what it used until here. */
  pollCpu(): void {
    for (const [tid, ms] of this.threadCpu()) this.cpuLast.set(tid, ms);
  }

  /** CPU ms since `markCpu`, over the threads seen at the mark or in a poll since. */
  cpuSinceMark(): number {
    this.pollCpu();
    let ms = 0;
    for (const [tid, last] of this.cpuLast) ms += last - (this.cpuStart.get(tid) ?? 0);
    return ms;
  }

  /**
   * CPU ms of each thread so far, from the scheduler's nanoseconds. /proc/<pid>/stat sums all threads,
   * the ended ones too, but in 10 ms ticks: too coarse for idle figures of a few ms.
   */
  private threadCpu(): Map<string, number> {
    const byThread = new Map<string, number>();
    for (const tid of readdirSync(`/proc/${this.proc.pid}/task`)) {
      try {
        byThread.set(tid, Number(readFileSync(`/proc/${this.proc.pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]) / 1e6);
      } catch {
        // the thread ended between the listing and the read
      }
    }
    return byThread;
  }

  /** Peak resident set so far, bytes (VmHWM). */
  peakRss(): number {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.proc.pid}/status`, "utf8"))?.[1];
    if (kb === undefined) throw this.error("no VmHWM in /proc");
    return Number(kb) * 1024;
  }

  async kill(): Promise<void> {
    this.proc.kill("SIGKILL");
    await this.proc.exited;
    this.proc.terminal?.close();
  }

  /** Waits for the program to end on its own; throws with its last output if it failed. */
  async finished(): Promise<void> {
    const code = await this.proc.exited;
    this.proc.terminal?.close();
    if (code !== 0) throw this.error(`exited ${code}`);
  }
}
