/**
 * Startup: `kit --version`, `kit --help`, and one headless turn against the scripted provider that
 * answers at once, next to their floors (a compiled Bun hello-world, and a compiled minimal SDK
 * client making the same request). Targets (issue 2): --version within 3 ms of the floor; the
 * headless turn within 2x the minimal client.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMockLLM, text } from "../test/support/mock-llm.ts";
import { compileFloor, fmtMb, fmtMs, KIT, machine, measure, peakRss, stats, table, type Sample } from "./lib.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const home = mkdtempSync(join(tmpdir(), "kit-bench-home-"));
const env = {
  PATH: process.env.PATH ?? "",
  HOME: home,
  XDG_CONFIG_HOME: join(home, ".config"),
  XDG_DATA_HOME: join(home, ".local/share"),
  ANTHROPIC_API_KEY: "bench",
  NO_COLOR: "1",
};

const hello = await compileFloor("hello");
const client = await compileFloor("min-client");
const mock = await startMockLLM({ script: [text("ok")], loop: true });

type Row = { name: string; cmd: string[]; samples: Sample[]; rss?: number; floor?: string; target?: (kit: number, floor: number) => [string, boolean] };
const rows: Row[] = [];
const helloSamples = await measure([hello], { runs: RUNS, env });
rows.push({ name: "floor: compiled hello-world", cmd: [hello], samples: helloSamples });
rows.push({
  name: "kit --version",
  cmd: [KIT, "--version"],
  samples: await measure([KIT, "--version"], { runs: RUNS, env }),
  floor: "floor: compiled hello-world",
  target: (k, f) => [`≤ floor + 3 ms (${fmtMs(f + 3)})`, k <= f + 3],
});
rows.push({
  name: "kit --help",
  cmd: [KIT, "--help"],
  samples: await measure([KIT, "--help"], { runs: RUNS, env }),
  floor: "floor: compiled hello-world",
});
const clientSamples = await measure([client, mock.url, "hi"], { runs: RUNS, env });
rows.push({ name: "floor: compiled SDK client, one request", cmd: [client, mock.url, "hi"], samples: clientSamples });
rows.push({
  name: "kit headless turn (instant reply)",
  cmd: [KIT, "--provider-url", mock.url, "--no-session", "hi"],
  samples: await measure([KIT, "--provider-url", mock.url, "--no-session", "hi"], { runs: RUNS, env }),
  floor: "floor: compiled SDK client, one request",
  target: (k, f) => [`≤ 2x floor (${fmtMs(2 * f)})`, k <= 2 * f],
});
for (const r of rows) r.rss = await peakRss(r.cmd, { env });
await mock.close();

const byName = new Map(rows.map((r) => [r.name, stats(r.samples.map((s) => s.wallMs)).median]));
console.log(`## Startup\n\n${machine()}; ${RUNS} runs each, wall time of the whole process\n`);
console.log(
  table(
    ["what", "median", "min", "max", "peak RSS", "target", "met"],
    rows.map((r) => {
      const w = stats(r.samples.map((s) => s.wallMs));
      const rss = r.rss ?? NaN;
      const floor = r.floor ? byName.get(r.floor) : undefined;
      const [target, met] = r.target && floor !== undefined ? r.target(w.median, floor) : ["", undefined];
      return [r.name, fmtMs(w.median), fmtMs(w.min), fmtMs(w.max), fmtMb(rss), target, met === undefined ? "" : met ? "yes" : "NO"];
    }),
  ),
);
