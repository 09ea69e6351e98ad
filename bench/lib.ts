/** Shared pieces of the benchmarks: compiled floors, repeated timing, and tables. */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dir, "..");
/** The kit under measurement: dist/kit, or another build named by KIT_BENCH_BIN (to compare two builds). */
export const KIT = process.env.KIT_BENCH_BIN ? resolve(process.env.KIT_BENCH_BIN) : resolve(ROOT, "dist/kit");
export const OUT = resolve(ROOT, "bench/.out");

/** Compiles a floor program the same way kit is compiled (bytecode, minified), once per bench run. */
export async function compileFloor(name: string): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const outfile = resolve(OUT, name);
  const result = await Bun.build({
    entrypoints: [resolve(ROOT, "bench/floor", `${name}.ts`)],
    minify: true,
    bytecode: true,
    format: "esm",
    compile: { outfile, autoloadBunfig: false, autoloadDotenv: false },
  });
  if (!result.success) throw new Error(`compiling ${name} failed: ${result.logs.join("\n")}`);
  return outfile;
}

export interface Sample {
  wallMs: number;
  /** User + system CPU of the child, ms. */
  cpuMs: number;
}

export interface Stats {
  median: number;
  min: number;
  max: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Runs a command `runs` times (after `warmup` unmeasured runs) and returns each run's figures. */
export async function measure(
  cmd: string[],
  opts: { runs?: number; warmup?: number; env?: Record<string, string>; cwd?: string; expectExit?: number } = {},
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const runs = opts.runs ?? 15;
  for (let i = 0; i < (opts.warmup ?? 2) + runs; i++) {
    const started = performance.now();
    const proc = Bun.spawn(cmd, { env: opts.env ?? process.env, cwd: opts.cwd, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    const [out, errText, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    const wallMs = performance.now() - started;
    if (code !== (opts.expectExit ?? 0)) throw new Error(`${cmd.join(" ")} exited ${code}: ${errText || out}`);
    const usage = proc.resourceUsage();
    if (i < (opts.warmup ?? 2)) continue;
    samples.push({ wallMs, cpuMs: usage ? Number(usage.cpuTime.user + usage.cpuTime.system) / 1000 : NaN });
  }
  return samples;
}

/**
 * Peak resident set of a command in bytes (median of 3), read by GNU time in runs of their own so the
 * timed runs carry no wrapper. (Bun's resourceUsage().maxRSS reports the largest child ever waited
 * for, not this one.) NaN where /usr/bin/time is missing.
 */
export async function peakRss(cmd: string[], opts: { env?: Record<string, string>; cwd?: string; runs?: number } = {}): Promise<number> {
  return (await peakRssStats(cmd, opts)).median;
}

/** Peak resident set of `runs` (default 3) runs of a command, in bytes; NaN figures where /usr/bin/time is missing. */
export async function peakRssStats(cmd: string[], opts: { env?: Record<string, string>; cwd?: string; runs?: number } = {}): Promise<Stats> {
  if (!existsSync("/usr/bin/time")) return { median: NaN, min: NaN, max: NaN };
  const values: number[] = [];
  for (let i = 0; i < (opts.runs ?? 3); i++) {
    const file = resolve(OUT, `rss-${process.pid}.txt`);
    const proc = Bun.spawn(["/usr/bin/time", "-f", "%M", "-o", file, ...cmd], { env: opts.env ?? process.env, cwd: opts.cwd, stdout: "ignore", stderr: "ignore", stdin: "ignore" });
    await proc.exited;
    values.push(Number(readFileSync(file, "utf8").trim().split("\n").pop()) * 1024);
  }
  return stats(values);
}

/** One figure of the Memory area, which `npm run bench` assembles from what every bench recorded. */
export interface MemoryRow {
  area: string;
  what: string;
  /** Peak RSS in bytes. */
  rss: Stats;
  floor?: { what: string; rss: Stats };
}

export const MEMORY_LOG = resolve(OUT, "memory.jsonl");

/** Records a peak-RSS figure for the Memory area (bench/run.ts renders them after all benches ran). */
export function recordMemory(row: MemoryRow): void {
  mkdirSync(OUT, { recursive: true });
  appendFileSync(MEMORY_LOG, JSON.stringify(row) + "\n");
}

export const fmtMs = (n: number) => `${n.toFixed(1)} ms`;
export const fmtMb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, ${process.platform}-${process.arch}, bun ${Bun.version}`;
}

/** A Markdown table; the benches print these and `npm run bench` collects them. */
export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}
