/**
 * Headless turns against the scripted provider: an instant one-shot reply, a 2,000-token streamed reply,
 * and a turn with 10 tool calls, each next to the floor (a compiled minimal SDK client making the same
 * request). Targets (issue 3): one-shot within 2x the floor client; CPU per 1,000 streamed tokens < 5 ms.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMockLLM, text, toolCall, type Step } from "../test/support/mock-llm.ts";
import { compileFloor, fmtMb, fmtMs, KIT, machine, measure, peakRss, stats, table } from "./lib.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const home = mkdtempSync(join(tmpdir(), "kit-bench-home-"));
const env = { PATH: process.env.PATH ?? "", HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local/share"), ANTHROPIC_API_KEY: "bench", NO_COLOR: "1" };
const client = await compileFloor("min-client");

// About 4 characters per token: 2,000 deltas of 4 characters.
const LONG = "word ".repeat(1600);
const scenarios: { name: string; script: Step[]; tokens: number }[] = [
  { name: "one-shot, instant reply", script: [text("ok")], tokens: 0 },
  { name: "2,000-token streamed reply", script: [text(LONG, { chunkSize: 4, usage: { output: 2000 } })], tokens: 2000 },
  {
    name: "10 tool calls, then a reply",
    script: [...Array.from({ length: 10 }, () => toolCall("ls", { path: "." })), text("done")],
    tokens: 0,
  },
];

const rows: string[][] = [];
const cpuPerToken: { kit: number; floor: number } = { kit: NaN, floor: NaN };
let instantCpu = { kit: 0, floor: 0 };
let oneShot = { kit: 0, floor: 0 };
for (const s of scenarios) {
  const mock = await startMockLLM({ script: s.script, loop: true });
  const kitCmd = [KIT, "--provider-url", mock.url, "--no-session", "--quiet", "go"];
  const kitSamples = await measure(kitCmd, { runs: RUNS, env, cwd: home });
  const kitRss = await peakRss(kitCmd, { env, cwd: home });
  const wall = stats(kitSamples.map((x) => x.wallMs));
  const cpu = stats(kitSamples.map((x) => x.cpuMs));
  // The floor client makes one request; it is only comparable where the turn is one request.
  let floorCell = ["", "", ""];
  if (s.script.length === 1) {
    const floorCmd = [client, mock.url, "go"];
    const f = await measure(floorCmd, { runs: RUNS, env });
    const fw = stats(f.map((x) => x.wallMs));
    const fc = stats(f.map((x) => x.cpuMs));
    floorCell = [fmtMs(fw.median), fmtMs(fc.median), fmtMb(await peakRss(floorCmd, { env }))];
    if (s.tokens === 0) {
      instantCpu = { kit: cpu.median, floor: fc.median };
      oneShot = { kit: wall.median, floor: fw.median };
    } else {
      cpuPerToken.kit = ((cpu.median - instantCpu.kit) / s.tokens) * 1000;
      cpuPerToken.floor = ((fc.median - instantCpu.floor) / s.tokens) * 1000;
    }
  }
  rows.push([s.name, fmtMs(wall.median), fmtMs(wall.min), fmtMs(wall.max), fmtMs(cpu.median), fmtMb(kitRss), ...floorCell]);
  await mock.close();
}

console.log(`## Headless turns\n\n${machine()}; ${RUNS} runs each; kit runs with --quiet --no-session\n`);
console.log(table(["turn", "kit median", "min", "max", "kit CPU", "kit peak RSS", "floor median", "floor CPU", "floor peak RSS"], rows));
console.log();
console.log(
  table(
    ["target", "figure", "met"],
    [
      ["one-shot ≤ 2x floor client", `${fmtMs(oneShot.kit)} vs ${fmtMs(oneShot.floor)} (${(oneShot.kit / oneShot.floor).toFixed(2)}x)`, oneShot.kit <= 2 * oneShot.floor ? "yes" : "NO"],
      ["CPU per 1,000 streamed tokens < 5 ms", `${fmtMs(cpuPerToken.kit)} (floor client ${fmtMs(cpuPerToken.floor)})`, cpuPerToken.kit < 5 ? "yes" : "NO"],
    ],
  ),
);
