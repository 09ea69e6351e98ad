/**
 * Sessions: opening and resuming long sessions, and listing many.
 *
 * Sessions of 1k, 10k and 100k entries (bench/support/sessions-content.ts, about 2 KB an entry, a
 * compaction every ~200) are written into a temp XDG_DATA_HOME. Each figure runs in turns with its
 * floor (compiled like kit, bench/floor/session-*.ts, unless in the process):
 *
 * - `kit -c --no-extensions "hi" --quiet` against the scripted provider answering at once: the whole
 *   user-visible resume (start, find the newest session, read the file once and index its lines,
 *   parse the context after the last compaction, the usage totals from the last line, one request,
 *   append two entries, sync). Floor: read the file and JSON.parse every line, then the minimal SDK
 *   client's one request (no context built or sent).
 * - `kit sessions check <file>`: the binary reading and parsing every line of the file. Floor: read
 *   and JSON.parse every line.
 * - SessionStore.open + context() + usageTotals(), and open + every entry, timed inside a fresh bun
 *   process (bench/support/sessions-in-process.ts; no process start). Floor: the same process reading
 *   and JSON.parsing every line. Peak RSS is that whole child process's.
 * - `kit sessions list` (and `--all`) with 1,000 session files, and `kit -c` picking the newest of
 *   them. Floor of the listing: per file, the first and last 8 KB and three JSON.parses (header,
 *   first user message, last entry with kit's listing stamp), the least that gives the same lines.
 *
 * Targets (issue "Sessions that never lose work"): resuming a 100k-entry session under 1 s; listing
 * 1,000 sessions under 200 ms.
 */
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startMockLLM, text } from "../test/support/mock-llm.ts";
import { compileFloor, fmtMb, fmtMs, KIT, machine, peakRssStats, stats, table } from "./lib.ts";
import { figureTable, measureInTurns, recordFigures, under, type Figure, type Measured } from "./support/figure-table.ts";
import { writeSession } from "./support/sessions-content.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const RUNS_100K = Math.max(3, Math.ceil(RUNS / 2));
const SIZES = (process.env.BENCH_SESSION_SIZES ?? "1000,10000,100000").split(",").map(Number);
const LIST_FILES = 1000;
const RESUME_TARGET_MS = 1000;
const LIST_TARGET_MS = 200;

const home = mkdtempSync(join(tmpdir(), "kit-bench-sessions-"));
const env = {
  PATH: process.env.PATH ?? "",
  HOME: home,
  XDG_CONFIG_HOME: join(home, ".config"),
  XDG_DATA_HOME: join(home, ".local/share"),
  ANTHROPIC_API_KEY: "bench",
  NO_COLOR: "1",
};
const dataDir = join(env.XDG_DATA_HOME, "kit");

function projectDir(name: string): string {
  const dir = join(home, "projects", name);
  mkdirSync(dir, { recursive: true });
  return realpathSync(dir);
}

const IN_PROCESS = join(import.meta.dir, "support/sessions-in-process.ts");

/** The in-process child's modes run in turns, one fresh process each per round (after one unmeasured round). */
async function inProcessInTurns(modes: string[], file: string, runs: number): Promise<Measured[]> {
  const ms: number[][] = modes.map(() => []);
  for (let round = 0; round <= runs; round++) {
    for (const [i, mode] of modes.entries()) {
      const proc = Bun.spawnSync([process.execPath, IN_PROCESS, mode, file], { env: { ...process.env, ...env } });
      if (proc.exitCode !== 0) throw new Error(`${mode} ${file} failed: ${proc.stderr.toString()}`);
      if (round > 0) ms[i]!.push((JSON.parse(proc.stdout.toString()) as { ms: number }).ms);
    }
  }
  const out: Measured[] = [];
  for (const [i, mode] of modes.entries()) out.push({ wall: stats(ms[i]!), rss: await peakRssStats([process.execPath, IN_PROCESS, mode, file], { env }) });
  return out;
}

const [checkFloor, resumeFloor, listFloor] = [await compileFloor("session-check"), await compileFloor("session-resume"), await compileFloor("session-list")];
const mock = await startMockLLM({ script: [text("ok")], loop: true });
const resume = [KIT, "--provider-url", mock.url, "-c", "--no-extensions", "hi", "--quiet"];
const RESUME_FLOOR = "compiled: read + JSON.parse every line, then the SDK client's request";
const PARSE_FLOOR = "read + JSON.parse every line";
const figures: Figure[] = [];
const sizeRows: string[][] = [];

for (const size of SIZES) {
  const cwd = projectDir(`s${size}`);
  const genStart = performance.now();
  const path = writeSession(dataDir, cwd, size, Date.parse("2025-01-01T00:00:00Z"));
  const bytes = statSync(path).size;
  const label = `${size / 1000}k entries, ${fmtMb(bytes)}`;
  sizeRows.push([`${size / 1000}k entries`, fmtMb(bytes), `${(bytes / size / 1024).toFixed(1)} KB`, fmtMs(performance.now() - genStart)]);
  const runs = size >= 100000 ? RUNS_100K : RUNS;

  const [kitResume, floorResume] = await measureInTurns([resume, [resumeFloor, mock.url, "hi", path]], { runs, warmup: 1, env, cwd });
  mock.requests.length = 0;
  figures.push({
    what: `kit -c "hi" (${label})`,
    kit: kitResume!,
    floor: { what: RESUME_FLOOR, ...floorResume! },
    ...(size === 100000 ? { target: under(kitResume!.wall.median, RESUME_TARGET_MS, `< ${RESUME_TARGET_MS} ms`) } : {}),
  });

  const [kitCheck, floorCheck] = await measureInTurns([[KIT, "sessions", "check", path], [checkFloor, path]], { runs, warmup: 1, env, cwd });
  figures.push({ what: `kit sessions check (${label})`, kit: kitCheck!, floor: { what: `compiled: ${PARSE_FLOOR}`, ...floorCheck! } });

  const [open, all, floor] = await inProcessInTurns(["open", "all", "floor"], path, runs);
  const inProcessFloor = { what: `${PARSE_FLOOR}, in the process`, ...floor! };
  figures.push({ what: `SessionStore.open + context() + usageTotals(), in the process (${label})`, kit: open!, floor: inProcessFloor });
  figures.push({ what: `SessionStore.open + every entry, in the process (${label})`, kit: all!, floor: inProcessFloor });
}

// 1,000 sessions in one directory (about 30 entries each), listed.
{
  const cwd = projectDir("many");
  const genStart = performance.now();
  let total = 0;
  let listDir = "";
  for (let i = 0; i < LIST_FILES; i++) {
    const path = writeSession(dataDir, cwd, 30, Date.parse("2025-02-01T00:00:00Z") + i * 3_600_000);
    total += statSync(path).size;
    listDir = dirname(path);
  }
  sizeRows.push([`${LIST_FILES} sessions × ~30 entries`, fmtMb(total), `${(total / (LIST_FILES * 30) / 1024).toFixed(1)} KB`, fmtMs(performance.now() - genStart)]);
  const desc = `${LIST_FILES} × ~${fmtMb(total / LIST_FILES)}`;
  const everyDir = readdirSync(dirname(listDir)).map((d) => join(dirname(listDir), d));
  const listTarget = (m: Measured) => under(m.wall.median, LIST_TARGET_MS, `< ${LIST_TARGET_MS} ms`);
  const listFloorWhat = "compiled: first and last 8 KB of each file, 3 JSON.parses";

  const [list, floorList] = await measureInTurns([[KIT, "sessions", "list"], [listFloor, listDir]], { runs: RUNS, env, cwd });
  figures.push({ what: `kit sessions list (${desc})`, kit: list!, floor: { what: listFloorWhat, ...floorList! }, target: listTarget(list!) });
  const [listAll, floorListAll] = await measureInTurns([[KIT, "sessions", "list", "--all"], [listFloor, ...everyDir]], { runs: RUNS, env, cwd });
  figures.push({ what: `kit sessions list --all (${desc} + the ${SIZES.length} above)`, kit: listAll!, floor: { what: listFloorWhat, ...floorListAll! }, target: listTarget(listAll!) });

  const [kitNewest, floorNewest] = await measureInTurns([resume, [resumeFloor, mock.url, "hi", listDir]], { runs: RUNS, warmup: 1, env, cwd });
  mock.requests.length = 0;
  figures.push({ what: `kit -c "hi" picking the newest of ${LIST_FILES}`, kit: kitNewest!, floor: { what: `${RESUME_FLOOR} (of the newest by last entry)`, ...floorNewest! } });
}
await mock.close();
rmSync(home, { recursive: true, force: true });

recordFigures("Sessions", figures);
console.log(`## Sessions\n\n${machine()}; ${RUNS} runs each (100k entries: ${RUNS_100K}), wall time of the whole process unless in the process\n`);
console.log(figureTable(figures));
console.log(`\nGenerated with the real SessionStore (compaction every ~200 entries):\n`);
console.log(table(["session", "size", "per entry", "generated in"], sizeRows));
