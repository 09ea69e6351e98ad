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
 * fresh bun process each run (bench/support/tools-in-process.ts): the wall time includes that
 * process's start and module loading, given on its own in the first row. Every command is a whole
 * process, wall time and peak RSS; a floor that is not installed is reported as absent.
 *
 * Targets (issue "Built-in tools at repository scale"): grep within 1.5× of rg (3× for a built-in
 * engine), find within 2× of fd, peak memory under 100 MB, ls of 100,000 entries under 200 ms.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmtMb, fmtMs, machine, OUT, recordMemory, ROOT, table, type Stats } from "./lib.ts";
import { measureInTurns, type Measured } from "./support/figure-table.ts";

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

interface Floor {
  what: string;
  cmd: string[] | undefined;
}

interface Row {
  what: string;
  kit: string[];
  floors: Floor[];
  target?: (kit: Measured, floors: (Measured | undefined)[]) => { text: string; met: boolean };
}

const NO_MATCH = "zqxjkw_no_such_text";
const huge = hugeFile();
const wide = wideDir();
const emptyDir = join(scratch, "empty");
mkdirSync(emptyDir);

const ratioTarget = (limit: number, floorName: string) => (kit: Measured, floors: (Measured | undefined)[]) => {
  const floor = floors[0];
  const rss = (kit.rss?.median ?? 0) < RSS_TARGET;
  if (!floor) return { text: `${floorName} absent; peak RSS < 100 MB`, met: rss };
  const ratio = kit.wall.median / floor.wall.median;
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
    target: (k) => ({ text: `< ${LS_TARGET_MS} ms`, met: k.wall.median < LS_TARGET_MS }),
  },
];

const range = (s: Stats) => `${fmtMs(s.median)} (${fmtMs(s.min)}–${fmtMs(s.max)})`;
const cells: string[][] = [];
for (const row of rows) {
  console.error(`bench tools: ${row.what}`);
  const present = row.floors.filter((f) => f.cmd);
  const measured = await measureInTurns([row.kit, ...present.map((f) => f.cmd!)], { runs: RUNS, warmup: 1, env, cwd: tree });
  const kitFigures = measured[0]!;
  const floorFigures = row.floors.map((f) => (f.cmd ? measured[1 + present.indexOf(f)] : undefined));
  const target = row.target?.(kitFigures, floorFigures);
  cells.push([
    row.what,
    range(kitFigures.wall),
    kitFigures.rss ? fmtMb(kitFigures.rss.median) : "",
    row.floors.map((f, i) => `${f.what}: ${floorFigures[i] ? `${range(floorFigures[i]!.wall)}, ${fmtMb(floorFigures[i]!.rss!.median)}` : "absent"}`).join("; ") || "none",
    target?.text ?? "none",
    target ? (target.met ? "yes" : "NO") : "",
  ]);
  if (kitFigures.rss) {
    const floor = floorFigures[0];
    recordMemory({ area: "Tools", what: row.what, rss: kitFigures.rss, ...(floor?.rss ? { floor: { what: row.floors[0]!.what, rss: floor.rss } } : {}) });
  }
}

console.log(
  [
    "## Tools",
    "",
    `${machine()}. Tree: ${treeFacts(tree)} (this repository's node_modules as vendor/, /usr/include, /usr/share, in one git repository). ` +
      `${RUNS} runs each after a warm-up, in turns with the floors; wall time median (min–max) and peak RSS of the whole process. ` +
      "kit's tools are called through their modules in a fresh bun process (start and module loading included, see the first row).",
    "",
    table(["what", "kit", "kit peak RSS", "floors: median (min–max), peak RSS", "target", "met"], cells),
  ].join("\n"),
);

