/**
 * Sessions: opening and resuming long sessions, and listing many.
 *
 * Sessions of 1k, 10k and 100k entries are written with the real SessionStore (so every line is what
 * kit writes: listing stamps, escapes) into a temp XDG_DATA_HOME: exchanges of a user prompt, an
 * assistant that calls bash and read, their results (a few KB each) and a final answer, about 2 KB an
 * entry on average, with a compaction every ~200 entries as a real session of that length has (the
 * model window could never hold the whole file). Measured:
 *
 * - `kit -c --no-extensions "hi" --quiet` against the scripted provider answering at once: the whole
 *   user-visible resume (start, find the newest session, read the file once and index its lines,
 *   parse the context after the last compaction, the usage totals from the last line, one request,
 *   append two entries, sync).
 * - `kit sessions check <file>`: the binary reading and parsing every line of the file, nothing else.
 * - SessionStore.open + context() + usageTotals() in a fresh bun process, timed inside it (no process
 *   start).
 * - `kit sessions list` (and `--all`, and `kit -c` picking the newest) with 1,000 session files.
 *
 * Targets (issue "Sessions that never lose work"): resuming a 100k-entry session under 1 s; listing
 * 1,000 sessions under 200 ms. Wall time median/min/max; peak RSS via GNU time.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "../src/llm/types.ts";
import { SessionStore } from "../src/session/store.ts";
import { startMockLLM, text } from "../test/support/mock-llm.ts";
import { fmtMb, fmtMs, KIT, machine, measure, peakRss, stats, table } from "./lib.ts";

// Child modes, timed inside a fresh process: --open opens a session file and builds its context;
// --floor only reads the file and JSON.parses every line (what a reader that parses every line on
// open must pay; the store parses only what resuming needs, so it can go below it).
// --all opens and then asks for every entry (what export of a long branch, or getMessages, costs).
if (process.argv[2] === "--open" || process.argv[2] === "--all" || process.argv[2] === "--floor") {
  const started = performance.now();
  let entries = 0;
  if (process.argv[2] === "--open") {
    // What resuming needs: the context and the usage totals (--max-cost), not every entry parsed.
    const store = SessionStore.open(process.argv[3]!);
    store.context();
    store.usageTotals();
    entries = store.size;
  } else if (process.argv[2] === "--all") {
    entries = SessionStore.open(process.argv[3]!).entries.length;
  } else {
    for (const line of readFileSync(process.argv[3]!, "utf8").split("\n")) if (line !== "") entries += JSON.parse(line) ? 1 : 0;
  }
  console.log(JSON.stringify({ ms: performance.now() - started, entries }));
  process.exit(0);
}

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
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

// ── realistic content ──────────────────────────────────────────────────────────────────────────

/** mulberry32, so every run of the bench writes the same sessions. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20251121);
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo));
const WORDS = (
  "the function returns a promise that resolves once the file is written and synced so callers can rely on it " +
  "session entry parent leaf context compaction summary tool call result error retry stream token model provider " +
  "refactor test failing passing build typecheck import export const let await async class interface type value " +
  "src/session/store.ts src/app/app.ts package.json README.md ./node_modules/.bin/bun npm run build — café ✓ 数据"
).split(" ");
function prose(bytes: number): string {
  let s = "";
  while (s.length < bytes) {
    s += WORDS[between(0, WORDS.length)]! + (random() < 0.08 ? ".\n" : " ");
  }
  return s;
}
function listing(bytes: number): string {
  let s = "";
  while (s.length < bytes) {
    s += `-rw-r--r--  1 dev staff ${String(between(100, 99999)).padStart(6)} Nov 21 10:${String(between(10, 59))} ${WORDS[between(0, WORDS.length)]}.ts\n`;
  }
  return s;
}

const USAGE = { input: 12000, output: 400, cacheRead: 30000, cacheWrite: 0, cost: 0.05 };
const META = { model: "claude-sonnet-4-5", provider: "anthropic", usage: USAGE };

/** Writes a session of about `entries` entries for `cwd` with the real store; returns its path. */
function writeSession(cwd: string, entries: number, start: number): string {
  let clock = start;
  const store = SessionStore.create({ cwd, dataDir, now: () => new Date((clock += 1500)) });
  let call = 0;
  let userIds: string[] = [];
  let sinceCompaction = 0;
  const add = (message: Message, meta?: typeof META & { stopReason: string }) => {
    sinceCompaction++;
    return store.appendMessage(message, meta);
  };
  while (store.size < entries) {
    userIds.push(add({ role: "user", content: [{ type: "text", text: prose(between(200, 800)) }] }));
    for (const [tool, input] of [
      ["bash", { command: "ls -la src && npm test 2>&1 | tail -40" }],
      ["read", { path: "src/session/store.ts" }],
    ] as const) {
      const id = `toolu_${(call++).toString(36).padStart(8, "0")}`;
      add(
        { role: "assistant", content: [{ type: "text", text: prose(between(100, 600)) }, { type: "tool_call", id, name: tool, input: JSON.stringify(input) }] },
        { ...META, stopReason: "tool_calls" },
      );
      add({ role: "tool", content: [{ type: "tool_result", toolCallId: id, name: tool, content: listing(between(1000, 6000)), isError: false }] });
    }
    add({ role: "assistant", content: [{ type: "text", text: prose(between(500, 2500)) }] }, { ...META, stopReason: "stop" });
    if (sinceCompaction >= 200) {
      // Keep the last few exchanges, summarise the rest (as compaction does near the window's end).
      const firstKept = userIds[Math.max(0, userIds.length - 4)]!;
      store.append({ type: "compaction", summary: prose(2000), firstKeptEntryId: firstKept, tokensBefore: 150000, tokensAfter: 20000 });
      userIds = userIds.slice(-4);
      sinceCompaction = 0;
    }
  }
  store.close();
  return store.path;
}

function projectDir(name: string): string {
  const dir = join(home, "projects", name);
  mkdirSync(dir, { recursive: true });
  return realpathSync(dir);
}

/** The times a child mode reports, one fresh process per run (after one unmeasured run). */
function inProcessMs(cmd: string[], runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const proc = Bun.spawnSync(cmd, { env: { ...process.env, ...env } });
    if (proc.exitCode !== 0) throw new Error(`${cmd.join(" ")} failed: ${proc.stderr.toString()}`);
    if (i > 0) out.push((JSON.parse(proc.stdout.toString()) as { ms: number }).ms);
  }
  return out;
}

// ── measurements ───────────────────────────────────────────────────────────────────────────────

const mock = await startMockLLM({ script: [text("ok")], loop: true });
const rows: string[][] = [];
const sizeRows: string[][] = [];
const timeRow = (what: string, files: string, ms: number[], rss: number, target?: number) => {
  const w = stats(ms);
  rows.push([what, files, fmtMs(w.median), fmtMs(w.min), fmtMs(w.max), fmtMb(rss), target === undefined ? "" : `< ${target} ms`, target === undefined ? "" : w.median < target ? "met" : "NO"]);
};

for (const size of SIZES) {
  const cwd = projectDir(`s${size}`);
  const genStart = performance.now();
  const path = writeSession(cwd, size, Date.parse("2025-01-01T00:00:00Z"));
  const bytes = statSync(path).size;
  const label = `${size / 1000}k entries`;
  sizeRows.push([label, fmtMb(bytes), `${(bytes / size / 1024).toFixed(1)} KB`, fmtMs(performance.now() - genStart)]);
  const runs = size >= 100000 ? Math.max(3, Math.ceil(RUNS / 2)) : RUNS;
  const fileDesc = `1 × ${fmtMb(bytes)}`;

  const resume = [KIT, "--provider-url", mock.url, "-c", "--no-extensions", "hi", "--quiet"];
  const samples = await measure(resume, { runs, warmup: 1, env, cwd });
  mock.requests.length = 0;
  const resumeRss = await peakRss(resume, { env, cwd });
  mock.requests.length = 0;
  timeRow(`kit -c "hi" (${label})`, fileDesc, samples.map((s) => s.wallMs), resumeRss, size === 100000 ? RESUME_TARGET_MS : undefined);

  const check = [KIT, "sessions", "check", path];
  timeRow(`kit sessions check (${label}): read + parse only`, fileDesc, (await measure(check, { runs, warmup: 1, env, cwd })).map((s) => s.wallMs), await peakRss(check, { env, cwd }));

  const open = [process.execPath, import.meta.path, "--open", path];
  timeRow(`SessionStore.open + context() + usageTotals() in-process (${label})`, fileDesc, inProcessMs(open, runs), await peakRss(open, { env }), size === 100000 ? RESUME_TARGET_MS : undefined);
  const all = [process.execPath, import.meta.path, "--all", path];
  timeRow(`SessionStore.open + every entry in-process (${label})`, fileDesc, inProcessMs(all, runs), await peakRss(all, { env }));
  const floor = [process.execPath, import.meta.path, "--floor", path];
  timeRow(`floor: read + JSON.parse every line in-process (${label})`, fileDesc, inProcessMs(floor, runs), await peakRss(floor, { env }));
}

// 1,000 sessions in one directory (about 30 entries each), listed.
{
  const cwd = projectDir("many");
  const genStart = performance.now();
  let total = 0;
  for (let i = 0; i < LIST_FILES; i++) total += statSync(writeSession(cwd, 30, Date.parse("2025-02-01T00:00:00Z") + i * 3_600_000)).size;
  sizeRows.push([`${LIST_FILES} sessions × ~30 entries`, fmtMb(total), `${(total / (LIST_FILES * 30) / 1024).toFixed(1)} KB`, fmtMs(performance.now() - genStart)]);
  const desc = `${LIST_FILES} × ~${fmtMb(total / LIST_FILES)}`;
  const list = [KIT, "sessions", "list"];
  timeRow(`kit sessions list (${LIST_FILES} sessions)`, desc, (await measure(list, { runs: RUNS, env, cwd })).map((s) => s.wallMs), await peakRss(list, { env, cwd }), LIST_TARGET_MS);
  const all = [KIT, "sessions", "list", "--all"];
  timeRow(`kit sessions list --all (${LIST_FILES + SIZES.length} sessions)`, `${desc} + the above`, (await measure(all, { runs: RUNS, env, cwd })).map((s) => s.wallMs), await peakRss(all, { env, cwd }), LIST_TARGET_MS);
  const resume = [KIT, "--provider-url", mock.url, "-c", "--no-extensions", "hi", "--quiet"];
  const samples = await measure(resume, { runs: RUNS, warmup: 1, env, cwd });
  mock.requests.length = 0;
  timeRow(`kit -c "hi" picking the newest of ${LIST_FILES}`, desc, samples.map((s) => s.wallMs), await peakRss(resume, { env, cwd }));
}
await mock.close();
rmSync(home, { recursive: true, force: true });

console.log(`## Sessions\n\n${machine()}; ${RUNS} runs each (100k entries: ${Math.max(3, Math.ceil(RUNS / 2))}), wall time of the whole process unless in-process\n`);
console.log(table(["what", "files", "median", "min", "max", "peak RSS", "target", "met"], rows));
console.log(`\nGenerated with the real SessionStore (compaction every ~200 entries):\n`);
console.log(table(["session", "size", "per entry", "generated in"], sizeRows));
