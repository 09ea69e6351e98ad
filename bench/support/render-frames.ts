/**
 * The frame benches of bench/render.ts, run as a child process whose stdout is a pseudo-terminal
 * (render.ts drains it): bytes and CPU per streamed token and per keystroke, for the renderer alone
 * and for the whole interactive UI, after 10, 1,000 and 10,000 transcript messages; each run's
 * frames are then written raw to the same terminal, one write each (the floor). Prints nothing of
 * its own to the terminal: the figures go to the JSON file named by its argument.
 *
 * Renderer alone: a renderer over a FrameTerminal after that many messages were committed (4 lines
 * each, one commit per message as the app does), then
 * - a reply of TOKENS tokens streamed into a live region (the streaming message, wrapped
 *   incrementally as the app's message component would, a spinner line, a 5-line editor and a
 *   status bar), one frame per token;
 * - KEYS keys typed into a 5-line editor region (editor + status bar), one frame per key.
 * The whole UI: bench/support/render-app.ts.
 */
import { writeFileSync } from "node:fs";
import { Renderer } from "../../src/ui/renderer/renderer.ts";
import { wrapLine } from "../../src/ui/width.ts";
import { stats, type Stats } from "../lib.ts";
import { appWithTranscript, streamTokens as appStreamTokens, typeKeys as appTypeKeys, type AppBench } from "./render-app.ts";
import { bytesOf, COLUMNS, FrameTerminal, measureFrames, rawWrites, WORDS, type FrameRun } from "./render-terminal.ts";

export interface FrameFigure {
  /** Bytes written per token or keystroke (median of the runs). */
  bytes: number;
  /** CPU ms per token or keystroke: kit, and the raw write of the same frames. */
  cpu: Stats;
  floor: Stats;
}

export interface FrameResults {
  sizes: number[];
  tokens: number;
  keys: number;
  runs: number;
  renderer: { tokens: FrameFigure[]; keys: FrameFigure[] };
  app: { tokens: FrameFigure[]; keys: FrameFigure[] };
}

const SIZES = (process.env.BENCH_RENDER_SIZES ?? "10,1000,10000").split(",").map(Number);
const TOKENS = Number(process.env.BENCH_RENDER_TOKENS ?? 2000);
const KEYS = Number(process.env.BENCH_RENDER_KEYS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const WARMUP = 3;

const word = (i: number) => WORDS[(i * 7) % WORDS.length]!;
const status = (n: number) => `\x1b[2mclaude-sonnet · 12.3k tokens · $0.04 · ${n}\x1b[0m`;

/** A renderer after `messages` committed transcript messages (4 styled lines each). */
function withTranscript(messages: number): { terminal: FrameTerminal; renderer: Renderer } {
  const terminal = new FrameTerminal();
  const renderer = new Renderer(terminal);
  renderer.render(["", "> ", "─".repeat(COLUMNS), "status"], { row: 1, col: 2 });
  renderer.flush();
  terminal.discarding = true;
  for (let m = 0; m < messages; m++) {
    renderer.commit([`\x1b[1m> question ${m}\x1b[0m`, `answer ${m}: ` + WORDS.join(" "), "\x1b[2m  tool call: read src/file.ts\x1b[0m", ""]);
    renderer.flush();
  }
  terminal.discarding = false;
  return { terminal, renderer };
}

function streamTokens(messages: number): FrameRun {
  const { terminal, renderer } = withTranscript(messages);
  const done: string[] = [];
  let paragraph = "";
  const editor = ["─".repeat(COLUMNS), "> ", "", "", "", "─".repeat(COLUMNS)];
  return measureFrames(terminal, () => {
    for (let t = 0; t < TOKENS; t++) {
      if (t % 120 === 119) {
        done.push(...wrapLine(paragraph, COLUMNS), "");
        paragraph = "";
      }
      paragraph += (paragraph ? " " : "") + word(t);
      const streaming = [...done, ...wrapLine(paragraph, COLUMNS)];
      renderer.render([...streaming, "", `⠋ working… ${t}`, ...editor, status(t)], { row: streaming.length + 3, col: 2 });
      renderer.flush();
    }
  });
}

function typeKeys(messages: number): FrameRun {
  const { terminal, renderer } = withTranscript(messages);
  let text = "";
  return measureFrames(terminal, () => {
    for (let k = 0; k < KEYS; k++) {
      text += k % 6 === 5 ? " " : String.fromCharCode(97 + (k % 26));
      // A prompt of up to ~5 lines: cleared as if sent when it is full.
      if (text.length > 5 * (COLUMNS - 10)) text = "";
      const wrapped = wrapLine("> " + text, COLUMNS - 1).slice(-5);
      while (wrapped.length < 5) wrapped.push("");
      const lines = [...wrapped, status(0)];
      const last = wrapped.findLastIndex((l) => l !== "");
      renderer.render(lines, { row: last, col: Bun.stringWidth(wrapped[last]!) });
      renderer.flush();
    }
  });
}

/**
 * Runs `fn` (the size's index; `units` tokens or keys, a frame each) RUNS times for every transcript
 * size, each run followed by the raw write of its frames. The sizes take turns within each round (in
 * reverse order every other round), so that drift of the machine (other load, frequency, a
 * collection due) falls on all sizes, and on kit and its floor, alike.
 */
function measureRounds(fn: (index: number) => FrameRun, units: number): FrameFigure[] {
  for (let i = 0; i < WARMUP; i++) rawWrites(fn(0).frames);
  const runs = SIZES.map(() => ({ bytes: [] as number[], cpu: [] as number[], floor: [] as number[] }));
  const order = SIZES.map((_, i) => i);
  for (let round = 0; round < RUNS; round++) {
    for (const i of round % 2 === 0 ? order : [...order].reverse()) {
      const kit = fn(i);
      runs[i]!.floor.push(rawWrites(kit.frames) / units);
      runs[i]!.cpu.push(kit.cpuMs / units);
      runs[i]!.bytes.push(bytesOf(kit.frames) / units);
    }
  }
  return runs.map((r) => ({ bytes: stats(r.bytes).median, cpu: stats(r.cpu), floor: stats(r.floor) }));
}

const renderer = { tokens: measureRounds((i) => streamTokens(SIZES[i]!), TOKENS), keys: measureRounds((i) => typeKeys(SIZES[i]!), KEYS) };
// One session per transcript size, built once (replaying 10,000 messages takes a while).
const apps: AppBench[] = [];
for (const n of SIZES) apps.push(await appWithTranscript(n));
const app = {
  tokens: measureRounds((i) => appStreamTokens(apps[i]!, TOKENS), TOKENS),
  keys: measureRounds((i) => appTypeKeys(apps[i]!, KEYS), KEYS),
};
for (const a of apps) await a.close();
const results: FrameResults = { sizes: SIZES, tokens: TOKENS, keys: KEYS, runs: RUNS, renderer, app };
writeFileSync(process.argv[2]!, JSON.stringify(results));
process.exit(0);
