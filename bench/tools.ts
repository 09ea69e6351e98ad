/**
 * Tools: the built-in grep, find, read and ls at repository scale, next to ripgrep, fd, GNU grep,
 * find, head and ls measured in the same run, in turns.
 *
 * The tree is built from what the machine has: this repository's node_modules (copied as vendor/, so
 * that kit, which always skips node_modules, walks it like the others), /usr/include and /usr/share,
 * copied into one temp git repository with a .gitignore. BENCH_TOOLS_TREE names an existing tree to
 * use instead. read gets a 4 GB sparse file (3,000 text lines, then a hole); ls a directory of
 * 100,000 files.
 *
 * kit's tools are measured through the tool modules, as the agent loop calls them, one call in a
 * fresh bun process each run (bench/support/tools-in-process.ts), which times the call itself: that
 * is what a tool call costs the running agent, and what the targets are judged on. The process's wall
 * time (bun's start and loading kit's sources added) and peak RSS are given too. Every floor is a
 * whole process, wall time and peak RSS; a floor that is not installed is reported as absent.
 *
 * Targets (issue "Built-in tools at repository scale"): grep within 1.5× of rg (3× for a built-in
 * engine), find within 2× of fd, peak memory under 100 MB, ls of 100,000 entries under 200 ms.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmtMb, fmtMs, machine, measure, OUT, peakRssStats, recordMemory, ROOT, stats, table, type Stats } from "./lib.ts";
import type { Measured } from "./support/figure-table.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MB = 1024 * 1024;
const RSS_TARGET = 100 * MB;
const LS_TARGET_MS = 200;
const TOOL = join(import.meta.dir, "support/tools-in-process.ts");

const RG = Bun.which("rg");
const FD = Bun.which("fd") ?? Bun.which("fdfind");
const GNU_GREP = Bun.which("grep");
const GNU_FIND = Bun.which("find");

mkdirSync(OUT, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), "kit-bench-tools-"));
// Gigabytes of copies: removed however the bench ends.
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
const tree = process.env.BENCH_TOOLS_TREE ?? buildTree(join(scratch, "tree"));
const env = { PATH: process.env.PATH ?? "", HOME: scratch, LC_ALL: "C" };

function buildTree(dir: string): string {
  mkdirSync(dir, { recursive: true });
  spawnSync("git", ["init", "-q", dir]);
  const sources: [string, string][] = [
    [join(ROOT, "node_modules"), "vendor"],
    ["/usr/include", "include"],
    ["/usr/share", "share"],
  ];
  for (const [from, to] of sources) if (existsSync(from)) spawnSync("cp", ["-RL", from, join(dir, to)], { stdio: "ignore" });
  writeFileSync(join(dir, ".gitignore"), "*.pyc\n*.o\n*.log\n");
  return dir;
}

function treeFacts(dir: string): string {
  const files = spawnSync("sh", ["-c", "find . -path ./.git -prune -o -type f -print | wc -l"], { cwd: dir, encoding: "utf8" }).stdout.trim();
  const size = spawnSync("du", ["-sm", "--exclude=.git", "."], { cwd: dir, encoding: "utf8" }).stdout.split("\t")[0];
  return `${Number(files).toLocaleString("en")} files, ${size} MB`;
}

/** A 4 GB file that costs no disk: 3,000 text lines, then a hole. */
function hugeFile(): string {
  const file = join(scratch, "huge.log");
  writeFileSync(file, Array.from({ length: 3000 }, (_, i) => `line ${i + 1} of a huge log\n`).join(""));
  truncateSync(file, 4 * 1024 * MB);
  return file;
}

function wideDir(): string {
  const dir = join(scratch, "wide");
  mkdirSync(dir);
  for (let i = 0; i < 100_000; i++) writeFileSync(join(dir, `file-${i}.txt`), "");
  return dir;
}

const kit = (tool: string, args: Record<string, unknown>, cwd = tree) => [process.execPath, TOOL, cwd, tool, JSON.stringify(args)];
/** Through sh so that "no match" (exit 1) and a pipe into head are measured like the rest. */
const sh = (line: string) => ["sh", "-c", `${line}; true`];
/** A floor's command line, or undefined when its program is not installed. */
const when = (program: string | null, cmd: () => string[]) => (program ? cmd() : undefined);
const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

type KitMeasured = { wall: Stats; call: Stats; rss: Stats };

interface Floor {
  what: string;
  cmd: string[] | undefined;
}

interface Row {
  what: string;
  kit: string[];
  floors: Floor[];
  target?: (kit: KitMeasured, floors: (Measured | undefined)[]) => { text: string; met: boolean };
}

const NO_MATCH = "zqxjkw_no_such_text";
const huge = hugeFile();
const wide = wideDir();
const emptyDir = join(scratch, "empty");
mkdirSync(emptyDir);

const ratioTarget = (limit: number, floorName: string) => (kit: KitMeasured, floors: (Measured | undefined)[]) => {
  const floor = floors[0];
  const rss = (kit.rss?.median ?? 0) < RSS_TARGET;
  if (!floor) return { text: `${floorName} absent; peak RSS < 100 MB`, met: rss };
  const ratio = kit.call.median / floor.wall.median;
  return { text: `≤ ${limit}× ${floorName} (${ratio.toFixed(2)}×), peak RSS < 100 MB`, met: ratio <= limit && rss };
};

const rows: Row[] = [
  { what: "kit process start + tool call on an empty directory (ls)", kit: kit("ls", { path: emptyDir }), floors: [] },
  {
    what: `grep, a literal found nowhere ("${NO_MATCH}")`,
    kit: kit("grep", { pattern: NO_MATCH }),
    floors: [
      { what: "rg", cmd: when(RG, () => sh(`${RG} -n --hidden -g '!.git/' ${NO_MATCH}`)) },
      { what: "GNU grep -rIn", cmd: when(GNU_GREP, () => sh(`${GNU_GREP} -rIn --exclude-dir=.git ${NO_MATCH} .`)) },
    ],
    target: ratioTarget(3, "rg"),
  },
  {
    what: 'grep, a regex with no literal in it found nowhere ("zq[x]jk[w]_no")',
    kit: kit("grep", { pattern: "zq[x]jk[w]_no" }),
    floors: [
      { what: "rg", cmd: when(RG, () => sh(`${RG} -n --hidden -g '!.git/' ${q("zq[x]jk[w]_no")}`)) },
      { what: "GNU grep -rIn", cmd: when(GNU_GREP, () => sh(`${GNU_GREP} -rIn --exclude-dir=.git ${q("zq[x]jk[w]_no")} .`)) },
    ],
    target: ratioTarget(3, "rg"),
  },
  {
    what: 'grep, a common word, first 100 matches ("include", limit 100)',
    kit: kit("grep", { pattern: "include", limit: 100 }),
    floors: [
      { what: "rg, piped to head -n 100", cmd: when(RG, () => sh(`${RG} -n --hidden -g '!.git/' include | head -n 100`)) },
      { what: "GNU grep -rIn, piped to head -n 100", cmd: when(GNU_GREP, () => sh(`${GNU_GREP} -rIn --exclude-dir=.git include . | head -n 100`)) },
    ],
    target: ratioTarget(3, "rg"),
  },
  {
    what: 'find "*.h"',
    kit: kit("find", { pattern: "*.h" }),
    floors: [
      { what: "fd -g", cmd: when(FD, () => sh(`${FD} --hidden -E .git -g '*.h' > /dev/null`)) },
      { what: "GNU find -name", cmd: when(GNU_FIND, () => sh(`${GNU_FIND} . -path ./.git -prune -o -name '*.h' -print > /dev/null`)) },
    ],
    target: ratioTarget(2, "fd"),
  },
  {
    what: "read, the first lines of a 4 GB file",
    kit: kit("read", { path: huge }),
    floors: [{ what: "head -n 2000", cmd: sh(`head -n 2000 ${q(huge)} > /dev/null`) }],
    target: (k) => ({ text: "answers at once, peak RSS < 100 MB", met: (k.rss?.median ?? 0) < RSS_TARGET }),
  },
  {
    what: "ls, a directory of 100,000 files",
    kit: kit("ls", { path: wide }),
    floors: [{ what: "GNU ls, piped to head -n 500", cmd: sh(`ls ${q(wide)} | head -n 500`) }],
    target: (k) => ({ text: `< ${LS_TARGET_MS} ms`, met: k.call.median < LS_TARGET_MS }),
  },
];

const range = (s: Stats) => `${fmtMs(s.median)} (${fmtMs(s.min)}–${fmtMs(s.max)})`;

/** One run of kit's child: the whole process's wall time and the tool call's own time, which it prints. */
async function kitRun(cmd: string[]): Promise<{ wall: number; call: number }> {
  const started = performance.now();
  const proc = Bun.spawn(cmd, { env, cwd: tree, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited ${code}: ${err}`);
  return { wall: performance.now() - started, call: JSON.parse(out).ms };
}

/**
 * kit and the floors in turns (one run of each per round, after a warm-up round), so a change in the
 * machine's load falls on all alike; then each one's peak RSS in runs of its own.
 */
async function measureRow(row: Row): Promise<{ kit: KitMeasured; floors: (Measured | undefined)[] }> {
  const present = row.floors.filter((f) => f.cmd);
  const kitWalls: number[] = [];
  const kitCalls: number[] = [];
  const floorWalls: number[][] = present.map(() => []);
  for (let round = 0; round <= RUNS; round++) {
    const kit = await kitRun(row.kit);
    const walls = [];
    for (const f of present) walls.push((await measure(f.cmd!, { runs: 1, warmup: 0, env, cwd: tree }))[0]!.wallMs);
    if (round === 0) continue; // warm-up
    kitWalls.push(kit.wall);
    kitCalls.push(kit.call);
    walls.forEach((w, i) => floorWalls[i]!.push(w));
  }
  const kit = { wall: stats(kitWalls), call: stats(kitCalls), rss: await peakRssStats(row.kit, { env, cwd: tree }) };
  const measured: Measured[] = [];
  for (const [i, f] of present.entries()) measured.push({ wall: stats(floorWalls[i]!), rss: await peakRssStats(f.cmd!, { env, cwd: tree }) });
  return { kit, floors: row.floors.map((f) => (f.cmd ? measured[present.indexOf(f)] : undefined)) };
}

const cells: string[][] = [];
for (const row of rows) {
  console.error(`bench tools: ${row.what}`);
  const { kit: kitFigures, floors: floorFigures } = await measureRow(row);
  const target = row.target?.(kitFigures, floorFigures);
  cells.push([
    row.what,
    range(kitFigures.call),
    range(kitFigures.wall),
    kitFigures.rss ? fmtMb(kitFigures.rss.median) : "",
    row.floors.map((f, i) => `${f.what}: ${floorFigures[i] ? `${range(floorFigures[i]!.wall)}, ${fmtMb(floorFigures[i]!.rss!.median)}` : "absent"}`).join("; ") || "none",
    target?.text ?? "none",
    target ? (target.met ? "yes" : "NO") : "",
  ]);
  const floor = floorFigures[0];
  recordMemory({ area: "Tools", what: row.what, rss: kitFigures.rss, ...(floor?.rss ? { floor: { what: row.floors[0]!.what, rss: floor.rss } } : {}) });
}

console.log(
  [
    "## Tools",
    "",
    `${machine()}. Tree: ${treeFacts(tree)} (${process.env.BENCH_TOOLS_TREE ? `BENCH_TOOLS_TREE=${tree}` : "this repository's node_modules as vendor/, /usr/include, /usr/share, in one git repository"}). ` +
      `${RUNS} runs each after a warm-up, in turns with the floors; median (min–max) and peak RSS of the whole process. ` +
      "kit's tools are called through their modules in a fresh bun process: \"kit tool call\" is the call's own time, timed inside " +
      "that process, as it is when the agent calls a tool; \"kit process\" adds bun's start and loading kit's sources (the first row is " +
      "that alone). Targets are judged on the tool call. The floors are whole processes.",
    "",
    table(["what", "kit tool call", "kit process", "kit peak RSS", "floors: median (min–max), peak RSS", "target", "met"], cells),
  ].join("\n"),
);

