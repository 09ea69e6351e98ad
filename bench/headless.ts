/**
 * Headless turns against the scripted provider: an instant one-shot reply, a 2,000-token streamed reply,
 * and a turn with 10 tool calls, each next to the floor (a compiled minimal SDK client making the same
 * request). Targets (issue 3): one-shot within 2x the floor client; CPU per 1,000 streamed tokens < 5 ms.
 *
 * CPU per 1,000 tokens is given two ways: the average over the 2,000-token reply (its CPU less the
 * instant reply's), and the marginal cost (the slope between 2,000 and 10,000 tokens), which leaves out
 * one-time costs such as the JIT compiling the streaming path. One token is one SSE event of 4
 * characters, the worst case for a streaming client.
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
const tokens = (n: number) => "word ".repeat((n * 4) / 5);
const scenarios: { name: string; script: Step[]; tokens: number }[] = [
  { name: "one-shot, instant reply", script: [text("ok")], tokens: 0 },
  { name: "2,000-token streamed reply", script: [text(tokens(2000), { chunkSize: 4, usage: { output: 2000 } })], tokens: 2000 },
  { name: "10,000-token streamed reply", script: [text(tokens(10000), { chunkSize: 4, usage: { output: 10000 } })], tokens: 10000 },
  {
    name: "10 tool calls, then a reply",
    script: [...Array.from({ length: 10 }, () => toolCall("ls", { path: "." })), text("done")],
    tokens: 0,
  },
];

const rows: string[][] = [];
const cpuAt = new Map<number, { kit: number; floor: number }>();
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
    cpuAt.set(s.tokens, { kit: cpu.median, floor: fc.median });
    if (s.tokens === 0) oneShot = { kit: wall.median, floor: fw.median };
  }
  rows.push([s.name, fmtMs(wall.median), fmtMs(wall.min), fmtMs(wall.max), fmtMs(cpu.median), fmtMb(kitRss), ...floorCell]);
  await mock.close();
}

const per1k = (from: number, to: number, who: "kit" | "floor") => ((cpuAt.get(to)![who] - cpuAt.get(from)![who]) / (to - from)) * 1000;
const average = { kit: per1k(0, 2000, "kit"), floor: per1k(0, 2000, "floor") };
const marginal = { kit: per1k(2000, 10000, "kit"), floor: per1k(2000, 10000, "floor") };
console.log(`## Headless turns\n\n${machine()}; ${RUNS} runs each; kit runs with --quiet --no-session\n`);
console.log(table(["turn", "kit median", "min", "max", "kit CPU", "kit peak RSS", "floor median", "floor CPU", "floor peak RSS"], rows));
console.log();
console.log(
  table(
    ["target", "figure", "met"],
    [
      ["one-shot ≤ 2x floor client", `${fmtMs(oneShot.kit)} vs ${fmtMs(oneShot.floor)} (${(oneShot.kit / oneShot.floor).toFixed(2)}x)`, oneShot.kit <= 2 * oneShot.floor ? "yes" : "NO"],
      ["CPU per 1,000 streamed tokens < 5 ms (marginal, 2k→10k)", `${fmtMs(marginal.kit)} (floor client ${fmtMs(marginal.floor)})`, marginal.kit < 5 ? "yes" : "NO"],
      ["CPU per 1,000 streamed tokens < 5 ms (average over 2k)", `${fmtMs(average.kit)} (floor client ${fmtMs(average.floor)})`, average.kit < 5 ? "yes" : "NO"],
    ],
  ),
);
