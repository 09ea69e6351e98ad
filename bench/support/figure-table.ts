/**
 * The row the Extensions, Sessions and Install areas print for each figure: kit's wall time (median,
 * min, max) and peak RSS, next to its floor measured in the same run, and the target (or
 * none) marked met or not. Every row's peak RSS also goes to the Memory area.
 */
import { fmtMb, fmtMs, measure, peakRssStats, recordMemory, stats, table, type Stats } from "../lib.ts";

export interface Measured {
  wall: Stats;
  /** Each run's wall time, ms, in the order of the rounds (where the figure was measured in turns). */
  walls?: number[];
  /** Peak RSS in bytes; undefined where the row is not a process of its own. */
  rss?: Stats;
}

export interface Target {
  text: string;
  /** Undefined when the target is judged elsewhere (the text says where). */
  met?: boolean;
}

export interface Figure {
  what: string;
  kit: Measured;
  floor?: Measured & { what: string };
  /** From the issues; undefined when the issues set none for this figure. */
  target?: Target;
}

export type RunOptions = { runs: number; warmup?: number; env: Record<string, string>; cwd?: string };
/** A command line, or one with an environment of its own (instead of the options' env). */
export type Command = string[] | { cmd: string[]; env: Record<string, string> };

/**
 * Wall times of several commands run in turns (after their warm-ups, one run of each per round), so a
 * change in the machine's load falls on all of them alike rather than on whichever ran last; then the
 * peak RSS of each in runs of its own.
 */
export async function measureInTurns(commands: Command[], opts: RunOptions): Promise<Measured[]> {
  const runs = commands.map((c) => (Array.isArray(c) ? { cmd: c, env: opts.env } : c));
  const cwd = opts.cwd;
  for (const { cmd, env } of runs) await measure(cmd, { runs: 0, warmup: opts.warmup ?? 2, env, cwd });
  const walls: number[][] = runs.map(() => []);
  for (let round = 0; round < opts.runs; round++) {
    for (const [i, { cmd, env }] of runs.entries()) walls[i]!.push(...(await measure(cmd, { runs: 1, warmup: 0, env, cwd })).map((s) => s.wallMs));
  }
  const out: Measured[] = [];
  for (const [i, { cmd, env }] of runs.entries()) out.push({ wall: stats(walls[i]!), walls: walls[i]!, rss: await peakRssStats(cmd, { env, cwd }) });
  return out;
}

/** A target met when the median is under `limit`. */
export function under(median: number, limit: number, text: string): Target {
  return { text, met: median < limit };
}

const range = (s: Stats) => `${fmtMs(s.median)} (${fmtMs(s.min)}–${fmtMs(s.max)})`;
const rss = (m: Measured | undefined) => (m?.rss ? fmtMb(m.rss.median) : m ? "not measured" : "");

export function figureTable(figures: Figure[]): string {
  return table(
    ["what", "median", "min", "max", "peak RSS", "floor", "floor median (min–max)", "floor peak RSS", "target", "met"],
    figures.map((f) => [
      f.what,
      fmtMs(f.kit.wall.median),
      fmtMs(f.kit.wall.min),
      fmtMs(f.kit.wall.max),
      rss(f.kit),
      f.floor?.what ?? "none",
      f.floor ? range(f.floor.wall) : "",
      rss(f.floor),
      f.target?.text ?? "none in the issues",
      f.target?.met === undefined ? "" : f.target.met ? "yes" : "NO",
    ]),
  );
}

/** Hands every row's peak RSS (and its floor's) to the Memory area. */
export function recordFigures(area: string, figures: Figure[]): void {
  for (const f of figures) {
    if (!f.kit.rss) continue;
    recordMemory({ area, what: f.what, rss: f.kit.rss, ...(f.floor?.rss ? { floor: { what: f.floor.what, rss: f.floor.rss } } : {}) });
  }
}
