/**
 * Startup: `kit --version`, `kit --help`, one headless turn against the scripted provider that answers
 * at once, and interactive first paint in a pseudo-terminal, each next to its floor measured in the
 * same run; then the binary's size next to compiled floors.
 *
 * Floors: a compiled Bun hello-world (--version, --help); a compiled minimal SDK client making the
 * same request (the headless turn); for first paint, a compiled program writing the exact bytes kit
 * wrote up to its first frame (captured in this run) raw to the same pty, and the hello-world in
 * the pty.
 *
 * First paint: kit starts interactively (no prompt) in a 100×30 pty with an isolated HOME and the
 * scripted provider's URL; timed from spawn until the end of the synchronized update that drew its
 * editor and status bar has reached the pty (bench/support/startup-pty.ts), then killed.
 *
 * Targets: --version within 3 ms of the hello-world (issue 2); the headless turn within 2x the
 * minimal client (issue 2); --help has none; first paint under 100 ms is kit's own (no issue sets
 * one): the time a person perceives as instant. Peak RSS of every figure (for first paint: up to its
 * first frame) goes to the Memory area.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { startMockLLM, text } from "../test/support/mock-llm.ts";
import { compileFloor, fmtMb, fmtMs, KIT, machine, measure, peakRssStats, recordMemory, ROOT, stats, table, type Stats } from "./lib.ts";
import { capture, COLS, firstFrameEnd, peakRssInPty, ROWS, textEnd, timeToMarker } from "./support/startup-pty.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const FIRST_PAINT_TARGET_MS = 100;
const home = mkdtempSync(join(tmpdir(), "kit-bench-home-"));
const env = {
  PATH: process.env.PATH ?? "",
  HOME: home,
  XDG_CONFIG_HOME: join(home, ".config"),
  XDG_DATA_HOME: join(home, ".local/share"),
  XDG_CACHE_HOME: join(home, ".cache"),
  ANTHROPIC_API_KEY: "bench",
  NO_COLOR: "1",
};
// The interactive kit sees what a user's terminal gives it: a TERM, and colour.
const { NO_COLOR: _, ...ttyEnv } = { ...env, TERM: "xterm-256color" };

const hello = await compileFloor("hello");
const client = await compileFloor("min-client");
const rawWrite = await compileFloor("first-paint");
const mock = await startMockLLM({ script: [text("ok")], loop: true });

interface Row {
  what: string;
  /** Its name in the floor column of the rows it is the floor of. */
  short?: string;
  ms: number[];
  rss: Stats;
  floor?: Row;
  target?: { text: (floor: number) => string; met: (kit: number, floor: number) => boolean };
}
const median = (r: Row) => stats(r.ms).median;
const wall = async (cmd: string[]) => (await measure(cmd, { runs: RUNS, env, cwd: home })).map((s) => s.wallMs);
const rss = (cmd: string[]) => peakRssStats(cmd, { env, cwd: home });

const helloRow: Row = { what: "floor: compiled hello-world", short: "hello-world", ms: await wall([hello]), rss: await rss([hello]) };
const version: Row = {
  what: "kit --version",
  ms: await wall([KIT, "--version"]),
  rss: await rss([KIT, "--version"]),
  floor: helloRow,
  target: { text: (f) => `≤ floor + 3 ms (${fmtMs(f + 3)})`, met: (k, f) => k <= f + 3 },
};
const help: Row = { what: "kit --help", ms: await wall([KIT, "--help"]), rss: await rss([KIT, "--help"]), floor: helloRow };
const clientCmd = [client, mock.url, "hi"];
const clientRow: Row = { what: "floor: compiled SDK client, one request", short: "SDK client", ms: await wall(clientCmd), rss: await rss(clientCmd) };
const turnCmd = [KIT, "--provider-url", mock.url, "--no-session", "hi"];
const turn: Row = {
  what: "kit headless turn (instant reply)",
  ms: await wall(turnCmd),
  rss: await rss(turnCmd),
  floor: clientRow,
  target: { text: (f) => `≤ 2x floor (${fmtMs(2 * f)})`, met: (k, f) => k <= 2 * f },
};

// First paint: kit's bytes up to its first frame are captured once, then written raw by the floor.
const kitTty = [KIT, "--provider-url", mock.url];
const pty = { env: ttyEnv, cwd: home };
const timed = { ...pty, runs: RUNS };
const rssOpts = { ...pty, scratch: home };
const frame = await capture(kitTty, { ...pty, marker: firstFrameEnd });
const frameFile = join(home, "first-frame.bin");
writeFileSync(frameFile, frame);
const frameBytes = Buffer.byteLength(frame);
const helloTty: Row = {
  what: "floor: compiled hello-world in the pty",
  ms: await timeToMarker([hello], { ...timed, marker: textEnd("hello") }),
  rss: await peakRssInPty([hello], { ...rssOpts, marker: textEnd("hello") }),
};
const rawRow: Row = {
  what: `floor: compiled raw write of kit's first frame (${frameBytes.toLocaleString("en")} bytes) in the pty`,
  short: "raw write",
  ms: await timeToMarker([rawWrite, frameFile], { ...timed, marker: firstFrameEnd }),
  rss: await peakRssInPty([rawWrite, frameFile], { ...rssOpts, marker: firstFrameEnd }),
};
const firstPaint: Row = {
  what: `kit interactive first paint (${COLS}×${ROWS} pty)`,
  ms: await timeToMarker(kitTty, { ...timed, marker: firstFrameEnd }),
  rss: await peakRssInPty(kitTty, { ...rssOpts, marker: firstFrameEnd }),
  floor: rawRow,
  target: { text: () => `< ${FIRST_PAINT_TARGET_MS} ms (kit's own)`, met: (k) => k < FIRST_PAINT_TARGET_MS },
};
await mock.close();

const rows = [helloRow, version, help, clientRow, turn, helloTty, rawRow, firstPaint];
for (const r of rows) if (r.floor) recordMemory({ area: "startup", what: r.what, rss: r.rss, floor: { what: r.floor.what, rss: r.floor.rss } });

console.log(`## Startup\n\n${machine()}; ${RUNS} runs each (after 2 unmeasured), wall time from spawn until the process exited, or in the pty rows until its awaited output reached the pty (kit's first frame, the same bytes, "hello")\n`);
console.log(
  table(
    ["what", "median", "min", "max", "peak RSS", "floor (median)", "target", "met"],
    rows.map((r) => {
      const w = stats(r.ms);
      const floor = r.floor ? median(r.floor) : NaN;
      const target = r.target ? r.target.text(floor) : r.floor ? "none (no issue sets one)" : "";
      const met = r.target ? (r.target.met(w.median, floor) ? "yes" : "NO") : "";
      return [r.what, fmtMs(w.median), fmtMs(w.min), fmtMs(w.max), fmtMb(r.rss.median), r.floor ? `${r.floor.short}: ${fmtMs(floor)}` : "", target, met];
    }),
  ),
);
console.log(
  `\nFirst paint is kit started with no prompt (isolated HOME, the scripted provider's URL), until the synchronized update that drew its editor and status bar has reached the pty; its floor writes those same ${frameBytes.toLocaleString("en")} bytes. Peak RSS of the pty rows is up to that point. The ${FIRST_PAINT_TARGET_MS} ms target is kit's own: no issue sets one, and it is the delay a person still perceives as instant.`,
);

const size = (path: string) => statSync(path).size;
const sizes = [
  { what: "floor: compiled hello-world", bytes: size(hello) },
  { what: "floor: compiled minimal SDK client (@anthropic-ai/sdk)", bytes: size(client) },
  { what: `kit (${relative(ROOT, KIT)})`, bytes: size(KIT) },
];
console.log(
  `\n## Binary size\n\nCompiled for ${process.platform}-${process.arch} the way kit is (minified, bytecode). No target: no issue sets one, and the Bun runtime every compiled program carries (the hello-world) is most of the file; kit's own part is the difference.\n`,
);
console.log(table(["binary", "size", "kit − this"], sizes.map((s) => [s.what, fmtMb(s.bytes), fmtMb(size(KIT) - s.bytes)])));
rmSync(home, { recursive: true, force: true });
