/**
 * The pseudo-terminal half of bench/startup.ts: a program started in a pty (Bun.spawn's `terminal`),
 * timed from spawn until a marker shows in what it wrote, then killed. Used for kit's interactive
 * first paint and for its floors (the same bytes written raw by a compiled program; a compiled
 * hello-world).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stats, type Stats } from "../lib.ts";

export const COLS = 100;
export const ROWS = 30;
const TIMEOUT_MS = 20_000;
const SYNC_END = "\x1b[?2026l";

/**
 * Where the first complete frame of kit's prompt ends in its output, or -1 before it: the end of the
 * synchronized update (CSI ?2026l) that drew the editor with its placeholder (its tail: the cursor
 * cell splits the start). The renderer writes a frame as one synchronized update, so its end means
 * the status bar below the editor is there too.
 */
export function firstFrameEnd(output: string): number {
  const editor = output.indexOf("! for shell");
  if (editor < 0) return -1;
  const end = output.indexOf(SYNC_END, editor);
  return end < 0 ? -1 : end + SYNC_END.length;
}

/** Where a text ends in the output, or -1 (the marker of a program that prints a known text, e.g. "hello"). */
export const textEnd =
  (text: string) =>
  (output: string): number => {
    const at = output.indexOf(text);
    return at < 0 ? -1 : at + text.length;
  };

export interface PtyOptions {
  env: Record<string, string>;
  cwd?: string;
  /** Where the awaited output ends in what was written so far, or -1. */
  marker: (output: string) => number;
}

interface PtyRun {
  proc: Bun.Subprocess;
  /** Ms from spawn until the marker showed; NaN if it did not within TIMEOUT_MS. */
  seen: Promise<number>;
  output(): string;
}

function startInPty(cmd: string[], o: PtyOptions): PtyRun {
  let output = "";
  let done = (_ms: number) => {};
  const seen = new Promise<number>((resolve) => (done = resolve));
  const timeout = setTimeout(() => done(NaN), TIMEOUT_MS);
  const decoder = new TextDecoder();
  const started = performance.now();
  const proc = Bun.spawn(cmd, {
    cwd: o.cwd,
    env: o.env,
    terminal: {
      cols: COLS,
      rows: ROWS,
      data: (_t, bytes) => {
        output += decoder.decode(bytes, { stream: true });
        if (o.marker(output) >= 0) {
          done(performance.now() - started);
          clearTimeout(timeout);
        }
      },
    },
  });
  return { proc, seen, output: () => output };
}

/** Runs `cmd` in the pty until its marker shows, kills what still runs of it, and returns the ms and the output. */
async function runToMarker(cmd: string[], o: PtyOptions): Promise<{ ms: number; output: string }> {
  const run = startInPty(cmd, o);
  const ms = await run.seen;
  run.proc.kill("SIGKILL");
  await run.proc.exited;
  if (Number.isNaN(ms)) throw new Error(`${cmd.join(" ")}: no marker within ${TIMEOUT_MS} ms; output: ${JSON.stringify(run.output().slice(-400))}`);
  return { ms, output: run.output() };
}

/** Ms from spawn to marker of `runs` runs, after `warmup` unmeasured ones. */
export async function timeToMarker(cmd: string[], o: PtyOptions & { runs: number; warmup?: number }): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < (o.warmup ?? 2) + o.runs; i++) {
    const { ms } = await runToMarker(cmd, o);
    if (i >= (o.warmup ?? 2)) times.push(ms);
  }
  return times;
}

/** The exact text a program wrote up to the end of its marker (e.g. kit's first frame), from one run. */
export async function capture(cmd: string[], o: PtyOptions): Promise<string> {
  const { output } = await runToMarker(cmd, o);
  return output.slice(0, o.marker(output));
}

/**
 * Peak resident set (bytes) of a program in the pty up to its marker, `runs` runs: it runs under GNU
 * time, and once the marker shows, whatever of it still runs is killed, so time reports the peak of
 * the process up to its marker (kit waits at its prompt; a floor has usually exited by then). NaN
 * figures where /usr/bin/time or /proc is missing.
 */
export async function peakRssInPty(cmd: string[], o: PtyOptions & { scratch: string; runs?: number }): Promise<Stats> {
  if (!existsSync("/usr/bin/time") || !existsSync("/proc/self/task")) return { median: NaN, min: NaN, max: NaN };
  const values: number[] = [];
  for (let i = 0; i < (o.runs ?? 3); i++) {
    const file = join(o.scratch, "rss.txt");
    const run = startInPty(["/usr/bin/time", "-f", "%M", "-o", file, ...cmd], o);
    if (Number.isNaN(await run.seen)) throw new Error(`${cmd.join(" ")}: no marker within ${TIMEOUT_MS} ms; output: ${JSON.stringify(run.output().slice(-400))}`);
    // The measured program is time's child: kill it, not time, so that time still writes its figure.
    for (const pid of childrenOf(run.proc.pid)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // It exited on its own between the read and the kill.
      }
    }
    await run.proc.exited;
    // time writes "Command terminated by signal 9" before the figure when its child was killed.
    values.push(Number(readFileSync(file, "utf8").trim().split("\n").pop()) * 1024);
  }
  return stats(values);
}

function childrenOf(pid: number): number[] {
  const list = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  return list ? list.split(/\s+/).map(Number) : [];
}
