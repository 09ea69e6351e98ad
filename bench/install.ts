/**
 * Install: `kit install` of a 20-extension repository (14 single files, 6 folders with main.ts and a
 * helper) from a git smart-HTTP server on 127.0.0.1 (git http-backend behind Bun.serve,
 * test/support/git-server.ts), each run into a fresh HOME; `--update` when the package is up to date
 * and when one new commit waits. Floors, run in turns with kit, by the system git: `git clone --depth 1`
 * of the same repository into a new directory; `git fetch --depth 1` in an up-to-date clone; and
 * `git fetch --depth 1` + `git reset --hard FETCH_HEAD` of the new commit.
 *
 * Also the start of a one-shot headless turn with those 20 extensions installed against none, next to
 * the compiled minimal SDK client making the same request.
 *
 * No issue sets a target for install itself; the turn with the 20 installed is held to issue 5's
 * "each extension adds under 1 ms to startup". Everything lives under bench/.out rather than the OS
 * temp directory, for the reason bench/extensions.ts gives.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { commitFiles, createRepo, startGitServer } from "../test/support/git-server.ts";
import { startMockLLM, text } from "../test/support/mock-llm.ts";
import { compileFloor, fmtMs, KIT, machine, OUT, peakRssStats, stats } from "./lib.ts";
import { figureTable, measureInTurns, recordFigures, under, type Figure, type Measured } from "./support/figure-table.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
mkdirSync(OUT, { recursive: true });
const root = mkdtempSync(join(OUT, "install-"));
const served = join(root, "served");
mkdirSync(served);

const tool = (name: string, extra = "") => `/** Bench extension ${name}. */
import type { ExtensionAPI } from "kit/ext";
${extra}
export default function (kit: ExtensionAPI) {
  kit.registerTool({ name: "${name}", description: "bench", parameters: { type: "object", properties: {} }, execute: async () => "${name}" });
}
`;
const files: Record<string, string> = { "README.md": "# 20 extensions\n" };
for (let i = 0; i < 14; i++) files[`ext-${i}.ts`] = tool(`file_${i}`);
for (let i = 0; i < 6; i++) {
  files[`folder-${i}/main.ts`] = tool(`folder_${i}`, `import { help } from "./helper.ts";\nvoid help;`);
  files[`folder-${i}/helper.ts`] = `export const help = ${i};\n`;
}
const repo = createRepo(served, "twenty.git", files);
const server = startGitServer(served);
const url = `${server.url}/twenty.git`;

let fresh = 0;
/** A new directory under the bench root (a HOME, or where git clones to). */
function freshDir(kind: string): string {
  const dir = join(root, `${kind}-${fresh++}`);
  mkdirSync(dir);
  return dir;
}
function freshEnv(): Record<string, string> {
  const home = freshDir("home");
  return { PATH: process.env.PATH ?? "", HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local/share"), ANTHROPIC_API_KEY: "bench", NO_COLOR: "1" };
}

async function run(cmd: string[], env: Record<string, string>): Promise<void> {
  const proc = Bun.spawn(cmd, { env, cwd: root, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited ${code}: ${err || out}`);
}

/** What one timed run does (its commands, in order) in the environment its preparation made. */
type Prepared = { cmds: string[][]; env: Record<string, string> };
type Operation = () => Promise<Prepared>;

/**
 * Operations that need a fresh environment for every run, run in turns (one run of each per round,
 * after one unmeasured round), then the peak RSS of 3 prepared runs each (the largest of its commands).
 */
async function operationsInTurns(ops: Operation[]): Promise<Measured[]> {
  const walls: number[][] = ops.map(() => []);
  for (let round = 0; round <= RUNS; round++) {
    for (const [i, op] of ops.entries()) {
      const { cmds, env } = await op();
      const started = performance.now();
      for (const cmd of cmds) await run(cmd, env);
      if (round > 0) walls[i]!.push(performance.now() - started);
    }
  }
  const out: Measured[] = [];
  for (const [i, op] of ops.entries()) {
    const peaks: number[] = [];
    for (let r = 0; r < 3; r++) {
      const { cmds, env } = await op();
      let peak = 0;
      for (const cmd of cmds) peak = Math.max(peak, (await peakRssStats(cmd, { env, cwd: root, runs: 1 })).median);
      peaks.push(peak);
    }
    out.push({ wall: stats(walls[i]!), rss: stats(peaks) });
  }
  return out;
}

const installed = async () => {
  const env = freshEnv();
  await run([KIT, "install", url], env);
  return env;
};
const cloned = async () => {
  const env = freshEnv();
  const dir = join(freshDir("clone"), "twenty");
  await run(["git", "clone", "-q", "--depth", "1", url, dir], env);
  return { env, dir };
};
let change = 0;
const newCommit = () => commitFiles(repo, { [`ext-${change % 14}.ts`]: tool(`changed_${change++}`) });

const [install, gitClone] = await operationsInTurns([
  async () => ({ cmds: [[KIT, "install", url]], env: freshEnv() }),
  async () => ({ cmds: [["git", "clone", "-q", "--depth", "1", url, join(freshDir("clone"), "twenty")]], env: freshEnv() }),
]);
const [upToDate, gitUpToDate] = await operationsInTurns([
  async () => ({ cmds: [[KIT, "install", "--update"]], env: await installed() }),
  async () => {
    const { env, dir } = await cloned();
    return { cmds: [["git", "-C", dir, "fetch", "-q", "--depth", "1"]], env };
  },
]);
const [oneCommit, gitOneCommit] = await operationsInTurns([
  async () => {
    const env = await installed();
    newCommit();
    return { cmds: [[KIT, "install", "--update"]], env };
  },
  async () => {
    const { env, dir } = await cloned();
    newCommit();
    return { cmds: [["git", "-C", dir, "fetch", "-q", "--depth", "1", "origin"], ["git", "-C", dir, "reset", "-q", "--hard", "FETCH_HEAD"]], env };
  },
]);

// Start-up cost of 20 installed extensions: a one-shot headless turn, with and without them, in turns.
const client = await compileFloor("min-client");
const mock = await startMockLLM({ script: [text("ok")], loop: true });
const turn = [KIT, "--provider-url", mock.url, "--no-session", "--quiet", "hi"];
const [withPackage, bare] = [await installed(), freshEnv()];
const [floorTurn, turnBare, turnInstalled] = await measureInTurns([[client, mock.url, "hi"], turn, { cmd: turn, env: withPackage }], { runs: RUNS, env: bare, cwd: root });
await mock.close();
server.close();
rmSync(root, { recursive: true, force: true });

const SDK_FLOOR = "compiled SDK client, same request";
const figures: Figure[] = [
  { what: "kit install <20-extension repo> (fresh HOME)", kit: install!, floor: { what: "git clone --depth 1", ...gitClone! } },
  { what: "kit install --update, up to date", kit: upToDate!, floor: { what: "git fetch --depth 1, up to date", ...gitUpToDate! } },
  { what: "kit install --update, one new commit", kit: oneCommit!, floor: { what: "git fetch --depth 1 + git reset --hard", ...gitOneCommit! } },
  { what: "headless turn, nothing installed", kit: turnBare!, floor: { what: SDK_FLOOR, ...floorTurn! } },
  {
    what: "headless turn, the 20 extensions installed",
    kit: turnInstalled!,
    floor: { what: SDK_FLOOR, ...floorTurn! },
    target: under(turnInstalled!.wall.median, turnBare!.wall.median + 20, `< 1 ms each: < nothing installed + 20 ms (${fmtMs(turnBare!.wall.median + 20)})`),
  },
];
recordFigures("Install", figures);
console.log(`## Install\n\n${machine()}; a 20-extension repository from git http-backend on 127.0.0.1; ${RUNS} runs each, in turns with the floor; wall time of the whole process\n`);
console.log(figureTable(figures));
