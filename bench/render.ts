/**
 * Rendering: what a frame costs, what kit costs while it waits, and what an animated widget costs,
 * each next to its floor measured in the same run.
 *
 * Frames (bench/support/render-frames.ts): a streamed reply of 2,000 tokens and 5,000 typed keys,
 * one frame each (the worst case: the UI coalesces what arrives in one turn of the event loop),
 * after 10, 1,000 and 10,000 transcript messages; for the renderer alone (a live region of a
 * streamed message, spinner, editor and status bar) and for the whole interactive UI (controller,
 * live turn with incremental Markdown, editor, autocomplete, status bar, renderer, over a session
 * of that many messages replayed into the scrollback). Reported per token and per keystroke: bytes
 * written and CPU time (process.cpuUsage around the loop).
 *
 * The floor of a frame figure is a raw write of the same bytes to the terminal. The frames run in a
 * child process whose stdout is a real pseudo-terminal (this process drains it), and every frame is
 * written there as kit's ProcessTerminal writes it (process.stdout.write of the frame's one string),
 * so kit's figure is building the frame plus writing it. Right after each run, the same process
 * writes that run's frames again, the very same strings, one process.stdout.write each and nothing
 * else: the floor, what any program putting those bytes on a terminal pays (Bun's stream and the
 * kernel's tty layer). Measuring both in one process, interleaved run by run, keeps the runtime,
 * the JIT's state and the machine's drift the same for both; kit − floor is kit's own work.
 *
 * Idle and animated (bench/support/render-idle.ts): programs waiting in a pseudo-terminal, measured
 * from outside through /proc over a window of 10 s from 15 s after the prompt (3 windows; why so
 * late: render-idle.ts): kit's terminal + renderer run from
 * source, the built kit at its prompt, and with a session of 10,000 messages resumed, next to a
 * hello-world waiting for keys in raw mode (run the same way: from source, or compiled as kit is);
 * the built kit with an extension's widget redrawn at the 30 Hz refreshHz cap (a spinner and a
 * clock: a changed line every frame), next to that compiled hello-world writing the frames kit wrote
 * at the same rate. Their peak RSS (VmHWM) goes to the Memory area.
 *
 * Targets (issue "Interactive terminal UI"): per-keystroke cost flat across transcript sizes (CPU
 * within 20% of the 10-message figure, the same bytes); idle CPU ~0 (within 5 ms of the floor over
 * 10 s, i.e. 0.05% of a core). Kit's own for the animated widget (issue "Extension UI in the
 * terminal" sets the 30 Hz cap, not a cost): under 5% of one core, 50 ms of CPU per second. A frame
 * repaints only the changed line, so it should cost well under a millisecond; 5% keeps an always-on
 * animation unnoticeable on a laptop's battery while leaving room for slower machines, and still
 * fails if a frame redraws far more than the widget (the whole live region re-rendered with
 * Markdown, or the scrollback). Bytes per token are held to the same flatness: the renderer keeps
 * nothing of the transcript, so nothing it writes may grow with it.
 *
 * Knobs for development: BENCH_RUNS, BENCH_RENDER_SIZES, BENCH_RENDER_TOKENS, BENCH_RENDER_KEYS,
 * BENCH_IDLE_SECONDS, BENCH_IDLE_SETTLE, BENCH_IDLE_RUNS.
 */
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { compileFloor, fmtMb, KIT, machine, OUT, recordMemory, table, type Stats } from "./lib.ts";
import type { FrameFigure, FrameResults } from "./support/render-frames.ts";
import { idleFigures, RESUMED_MESSAGES, type IdleFigure, type IdleResults } from "./support/render-idle.ts";
import { HAS_PROC, PtyProcess } from "./support/render-pty.ts";
import { COLUMNS, ROWS } from "./support/render-terminal.ts";

const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const IDLE_RUNS = Number(process.env.BENCH_IDLE_RUNS ?? 3);
const IDLE_SETTLE = Number(process.env.BENCH_IDLE_SETTLE ?? 15);
const FLAT_WITHIN = 0.2;
const IDLE_TARGET_MS = 5;
const ANIMATED_TARGET = 0.05;

async function frameFigures(): Promise<FrameResults> {
  const file = join(OUT, `render-frames-${process.pid}.json`);
  const child = new PtyProcess([process.execPath, resolve(import.meta.dir, "support/render-frames.ts"), file], { env: process.env as Record<string, string> });
  await child.finished();
  const results = JSON.parse(readFileSync(file, "utf8")) as FrameResults;
  rmSync(file);
  return results;
}

const floorBin = await compileFloor("tty-idle");
const frames = await frameFigures();
const idle = HAS_PROC ? await idleFigures(floorBin, IDLE_SETTLE, IDLE_SECONDS, IDLE_RUNS) : undefined;

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
const range = (s: Stats, f: (n: number) => string) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
const yes = (met: boolean) => (met ? "yes" : "NO");

function frameRows(what: string, unit: string, figures: FrameFigure[], cpuTarget: boolean): string[][] {
  const base = figures[0]!;
  return figures.map((f, i) => {
    const deviation = (f.cpu.median - base.cpu.median) / base.cpu.median;
    const sameBytes = f.bytes === base.bytes;
    const [target, met] =
      i === 0
        ? ["baseline of the rows below", ""]
        : cpuTarget
          ? [`CPU within ${FLAT_WITHIN * 100}% of, bytes equal to, ${frames.sizes[0]} messages' (${deviation >= 0 ? "+" : ""}${(deviation * 100).toFixed(1)}%)`, yes(Math.abs(deviation) <= FLAT_WITHIN && sameBytes)]
          : [`bytes equal to ${frames.sizes[0]} messages'`, yes(sameBytes)];
    return [`${what}, per ${unit}`, frames.sizes[i]!.toLocaleString("en"), f.bytes.toFixed(1), range(f.cpu, us), range(f.floor, us), us(f.cpu.median - f.floor.median), target, met];
  });
}

const pct = (msPerSecond: number) => `${(msPerSecond / 10).toFixed(2)}%`;
const idleMs = (ms: number) => `${ms.toFixed(1)} ms`;
const perSecond = (s: Stats): Stats => ({ median: s.median / IDLE_SECONDS, min: s.min / IDLE_SECONDS, max: s.max / IDLE_SECONDS });
const rssCell = (kit: IdleFigure, floor: IdleFigure) => `${fmtMb(kit.rss.median)} / ${fmtMb(floor.rss.median)}`;
const settleCell = (kit: IdleFigure, floor: IdleFigure) => `${idleMs(kit.settle.median)} / ${idleMs(floor.settle.median)}`;

function idleRow(what: string, kit: IdleFigure, floorWhat: string, floor: IdleFigure): string[] {
  const over = kit.cpu.median - floor.cpu.median;
  return [what, range(kit.cpu, idleMs), floorWhat, range(floor.cpu, idleMs), idleMs(over), settleCell(kit, floor), rssCell(kit, floor), `within ${IDLE_TARGET_MS} ms of the floor`, yes(over < IDLE_TARGET_MS)];
}

function idleTable(r: IdleResults): string {
  const animated = perSecond(r.animated.cpu);
  const animatedFloor = perSecond(r.animatedFloor.cpu);
  const fps = (f: IdleFigure) => `${f.fps.median.toFixed(1)} frames/s`;
  return table(
    [`what (CPU over ${IDLE_SECONDS} s)`, "kit median (min–max)", "floor", "floor median (min–max)", "kit − floor", `before: prompt to window (≥ ${IDLE_SETTLE} s), kit / floor`, "peak RSS kit / floor", "target", "met"],
    [
      idleRow("kit's terminal + renderer (from source), one frame drawn", r.renderer, "hello-world waiting for keys in raw mode, from source", r.rendererFloor),
      idleRow("built kit at its prompt (extensions watched)", r.prompt, "the same hello-world, compiled as kit is", r.floor),
      idleRow(`built kit, a session of ${RESUMED_MESSAGES.toLocaleString("en")} messages resumed (-c)`, r.resumed, "the same compiled hello-world", r.floor),
      [
        `built kit, a widget animated at 30 Hz (${fps(r.animated)}): CPU per second`,
        `${range(animated, idleMs)}, ${pct(animated.median)} of a core`,
        `the compiled hello-world writing kit's frames at its rate (${fps(r.animatedFloor)})`,
        `${range(animatedFloor, idleMs)}, ${pct(animatedFloor.median)}`,
        `${idleMs(animated.median - animatedFloor.median)} per second (${((animated.median - animatedFloor.median) / r.animated.fps.median).toFixed(2)} ms a frame)`,
        settleCell(r.animated, r.animatedFloor),
        rssCell(r.animated, r.animatedFloor),
        `under ${ANIMATED_TARGET * 100}% of one core`,
        yes(animated.median / 1000 < ANIMATED_TARGET),
      ],
    ],
  );
}

if (idle) {
  const floorWhat = "compiled hello-world waiting for keys in a pty";
  recordMemory({ area: "rendering", what: "kit idle at its prompt in a pty", rss: idle.prompt.rss, floor: { what: floorWhat, rss: idle.floor.rss } });
  recordMemory({ area: "rendering", what: `kit with a session of ${RESUMED_MESSAGES.toLocaleString("en")} messages resumed, idle`, rss: idle.resumed.rss, floor: { what: floorWhat, rss: idle.floor.rss } });
  recordMemory({ area: "rendering", what: "kit with a widget animated at 30 Hz", rss: idle.animated.rss, floor: { what: "compiled hello-world writing the same frames", rss: idle.animatedFloor.rss } });
}

const FRAME_HEADERS = ["what", "transcript messages", "bytes / frame", "kit CPU / frame, median (min–max)", "floor: raw write of the same bytes, median (min–max)", "kit − floor", "target", "met"];
console.log(`## Rendering

${machine()}; kit ${KIT}; terminal ${COLUMNS}×${ROWS} (a pseudo-terminal). Frames: ${frames.tokens} streamed tokens and ${frames.keys} keystrokes per run, one frame each, ${frames.runs} runs per figure, median (min–max). Idle: ${IDLE_RUNS} windows of ${IDLE_SECONDS} s from ${IDLE_SETTLE} s after the prompt, median (min–max).

Per streamed token and per keystroke, one frame each, written to a pseudo-terminal; the floor writes the same frames raw, one write each, in the same process right after each run:

${table(FRAME_HEADERS, [...frameRows("renderer alone", "token", frames.renderer.tokens, false), ...frameRows("renderer alone", "keystroke", frames.renderer.keys, true)])}

The whole interactive UI, over a session of that many messages replayed into the scrollback:

${table(FRAME_HEADERS, [...frameRows("interactive UI", "token", frames.app.tokens, false), ...frameRows("interactive UI", "keystroke", frames.app.keys, true)])}

Waiting, and animating, in a pseudo-terminal (CPU of all threads from /proc; peak RSS from VmHWM, also in the Memory area):

${idle ? idleTable(idle) : "not measured (no /proc on this system)"}`);
