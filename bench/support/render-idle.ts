/**
 * The waiting half of bench/render.ts: programs sitting in a pseudo-terminal, all started together
 * each round, and once every one of them is ready and settled, measured from outside over the same
 * window (CPU time of all threads from /proc, then peak RSS, VmHWM, before they are killed). Being
 * idle they hardly compete for the CPU, and a round takes one window instead of one per program.
 *
 * The window starts well after the prompt (15 s by default): about 10 s after it started, every Bun
 * program, the hello-world too, runs its first full collection after startup (a few ms; 10-15 ms
 * with 10,000 messages in memory), and until some 30 s Bun's own timers cost ~0.5 ms a second
 * (then nothing). The window measures what waiting costs, not the end of startup; that part is
 * reported too, as the CPU from the marker to the window.
 *
 * - kit's terminal and renderer, run from source (render-idle-renderer.ts: the real ProcessTerminal
 *   in raw mode and a renderer that drew one frame), next to its floor run the same way: the
 *   hello-world of bench/floor/tty-idle.ts waiting for keys in raw mode, Bun's own timers and GC;
 * - the built kit at its prompt; the built kit with a session of 10,000 messages resumed (-c); both
 *   next to that hello-world compiled as kit is;
 * - the built kit with an extension's widget animated at the 30 Hz refreshHz cap, next to the
 *   compiled hello-world writing the very frames kit wrote (captured from a run of its own before
 *   the rounds) at the same rate.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SessionStore } from "../../src/session/store.ts";
import { SYNC_END, SYNC_START } from "../../src/ui/renderer/renderer.ts";
import { KIT, ROOT, stats, type Stats } from "../lib.ts";
import { transcriptMessage } from "./render-app.ts";
import { PtyProcess } from "./render-pty.ts";

const POLL_MS = 250;
/** How long the animated widget's frames are captured for its floor. */
const CAPTURE_SECONDS = 2;
export const RESUMED_MESSAGES = 10_000;
const KIT_READY = "/help for commands";
const ANIMATED = `export default (kit) => kit.onSessionStart((_e, ctx) => ctx.setWidget({ id: "spin", content: { refreshHz: 30,
  render: (w) => ("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"[Math.floor(Date.now() / 33) % 10]) + " working " + (Date.now() / 1000).toFixed(2) + "s" } }));`;

interface IdleSpec {
  cmd: string[];
  cwd?: string;
  marker: string;
}

export interface IdleFigure {
  /** CPU ms from the program's marker to the window. */
  settle: Stats;
  /** CPU ms over the window. */
  cpu: Stats;
  /** Peak RSS, bytes. */
  rss: Stats;
  /** Complete synchronized frames written per second over the window. */
  fps: Stats;
}

export interface IdleResults {
  renderer: IdleFigure;
  rendererFloor: IdleFigure;
  prompt: IdleFigure;
  resumed: IdleFigure;
  floor: IdleFigure;
  animated: IdleFigure;
  animatedFloor: IdleFigure;
}

/** The complete frames (synchronized updates) in a program's output. */
function framesOf(output: string): string[] {
  return output
    .split(SYNC_START)
    .slice(1)
    .filter((part) => part.includes(SYNC_END))
    .map((part) => SYNC_START + part.slice(0, part.indexOf(SYNC_END) + SYNC_END.length));
}

interface WindowFigures {
  /** CPU ms from the marker to the window, and over the window. */
  settleMs: number;
  cpuMs: number;
  rss: number;
  frames: string[];
}

/** Sleeps `seconds`, reading the threads' CPU of every program every POLL_MS meanwhile. */
async function watch(procs: PtyProcess[], seconds: number): Promise<void> {
  for (const end = performance.now() + seconds * 1000; performance.now() < end; ) {
    await Bun.sleep(Math.min(POLL_MS, end - performance.now()));
    for (const p of procs) p.pollCpu();
  }
}

/**
 * Starts the programs together, waits until all are ready, lets them settle `settleSeconds`, then
 * measures them all over the same `seconds`. The settling figure runs from each one's marker.
 */
async function idleWindow(specs: IdleSpec[], env: Record<string, string>, settleSeconds: number, seconds: number): Promise<WindowFigures[]> {
  const procs = specs.map((s) => new PtyProcess(s.cmd, { env, cwd: s.cwd, marker: s.marker }));
  try {
    await Promise.all(procs.map((p) => p.ready));
    await watch(procs, settleSeconds);
    const settleMs = procs.map((p) => p.cpuSinceMark());
    for (const p of procs) {
      p.markCpu();
      p.startCapture();
    }
    await watch(procs, seconds);
    return procs.map((p, i) => ({ settleMs: settleMs[i]!, cpuMs: p.cpuSinceMark(), rss: p.peakRss(), frames: framesOf(p.takeCapture()) }));
  } finally {
    await Promise.all(procs.map((p) => p.kill()));
  }
}

/** A session of `messages` transcript messages for `cwd`, written with the real store under `dataDir`. */
function writeTranscriptSession(cwd: string, dataDir: string, messages: number): void {
  const store = SessionStore.create({ cwd, dataDir });
  for (let m = 0; m < messages; m++) store.appendMessage(transcriptMessage(m));
  store.close();
}

/**
 * `runs` rounds of a `seconds` window over every idle program, `settleSeconds` after they are ready;
 * `floorBin` is the compiled tty-idle floor.
 */
export async function idleFigures(floorBin: string, settleSeconds: number, seconds: number, runs: number): Promise<IdleResults> {
  const home = mkdtempSync(join(tmpdir(), "kit-bench-idle-"));
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local/share"), ANTHROPIC_API_KEY: "bench", PATH: process.env.PATH ?? "", TERM: "xterm-256color" };
  const dir = (name: string) => {
    mkdirSync(join(home, name));
    return realpathSync(join(home, name));
  };
  try {
    const resumedCwd = dir("resumed");
    writeTranscriptSession(resumedCwd, join(env.XDG_DATA_HOME, "kit"), RESUMED_MESSAGES);
    writeFileSync(join(home, "animated.ts"), ANIMATED);
    const animated: IdleSpec = { cmd: [KIT, "-e", join(home, "animated.ts")], cwd: dir("animated"), marker: KIT_READY };

    const [capture] = await idleWindow([animated], env, 1, CAPTURE_SECONDS);
    if (capture!.frames.length === 0) throw new Error("the animated widget drew no frame");
    const framesFile = join(home, "frames.json");
    writeFileSync(framesFile, JSON.stringify(capture!.frames));
    const intervalMs = (CAPTURE_SECONDS * 1000) / capture!.frames.length;

    const specs: Record<keyof IdleResults, IdleSpec> = {
      renderer: { cmd: [process.execPath, resolve(import.meta.dir, "render-idle-renderer.ts")], marker: "status: idle" },
      rendererFloor: { cmd: [process.execPath, resolve(ROOT, "bench/floor/tty-idle.ts")], marker: "hello" },
      prompt: { cmd: [KIT], cwd: dir("prompt"), marker: KIT_READY },
      resumed: { cmd: [KIT, "-c"], cwd: resumedCwd, marker: KIT_READY },
      floor: { cmd: [floorBin], marker: "hello" },
      animated,
      animatedFloor: { cmd: [floorBin, framesFile, intervalMs.toFixed(3)], marker: "hello" },
    };
    const names = Object.keys(specs) as (keyof IdleResults)[];
    const rounds: WindowFigures[][] = [];
    for (let r = 0; r < runs; r++) rounds.push(await idleWindow(names.map((n) => specs[n]), env, settleSeconds, seconds));
    const figure = (i: number): IdleFigure => ({
      settle: stats(rounds.map((r) => r[i]!.settleMs)),
      cpu: stats(rounds.map((r) => r[i]!.cpuMs)),
      rss: stats(rounds.map((r) => r[i]!.rss)),
      fps: stats(rounds.map((r) => r[i]!.frames.length / seconds)),
    });
    return Object.fromEntries(names.map((n, i) => [n, figure(i)])) as unknown as IdleResults;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
