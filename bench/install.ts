/**
 * `kit install`: the wall time of installing a 20-extension repository (14 single files, 6 folders with
 * main.ts and a helper) from a git smart-HTTP server on 127.0.0.1 (git http-backend behind Bun.serve,
 * test/support/git-server.ts), each run into a fresh HOME; `--update` when the package is up to date
 * and when one new commit waits; `git clone --depth 1` of the same repository as a reference; and
 * the start of a one-shot headless turn with those 20 extensions installed against none.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commitFiles, createRepo, startGitServer } from "../test/support/git-server.ts";
import { startMockLLM, text } from "../test/support/mock-llm.ts";
import { fmtMs, KIT, machine, measure, stats, table } from "./lib.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const root = mkdtempSync(join(tmpdir(), "kit-bench-install-"));
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

let homes = 0;
function freshEnv(): Record<string, string> {
  const home = join(root, `home-${homes++}`);
  mkdirSync(home);
  return { PATH: process.env.PATH ?? "", HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local/share"), ANTHROPIC_API_KEY: "bench", NO_COLOR: "1" };
}

async function timed(cmd: string[], env: Record<string, string>, cwd = root): Promise<number> {
  const started = performance.now();
  const proc = Bun.spawn(cmd, { env, cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited ${code}: ${err || out}`);
  return ms;
}

/** Runs `once` RUNS times after one warm-up; each call gets a fresh environment from `prepare`. */
async function series(prepare: () => Promise<Record<string, string>> | Record<string, string>, once: (env: Record<string, string>) => Promise<number>) {
  const values: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const ms = await once(await prepare());
    if (i > 0) values.push(ms);
  }
  return stats(values);
}

const install = await series(freshEnv, (env) => timed([KIT, "install", url], env));

const upToDate = await series(
  async () => {
    const env = freshEnv();
    await timed([KIT, "install", url], env);
    return env;
  },
  (env) => timed([KIT, "install", "--update"], env),
);

let change = 0;
const oneCommit = await series(
  async () => {
    const env = freshEnv();
    await timed([KIT, "install", url], env);
    commitFiles(repo, { [`ext-${change++ % 14}.ts`]: tool(`file_${change}`) });
    return env;
  },
  (env) => timed([KIT, "install", "--update"], env),
);

let clones = 0;
const gitClone = await series(freshEnv, (env) => timed(["git", "clone", "-q", "--depth", "1", url, join(root, `clone-${clones++}`)], env));

// Start-up cost of 20 installed extensions: a one-shot headless turn, with and without them.
const mock = await startMockLLM({ script: [text("ok")], loop: true });
const withPackage = freshEnv();
await timed([KIT, "install", url], withPackage);
const bare = freshEnv();
const turn = [KIT, "--provider-url", mock.url, "--no-session", "--quiet", "hi"];
const turnBare = stats((await measure(turn, { runs: RUNS, env: bare, cwd: root })).map((s) => s.wallMs));
const turnInstalled = stats((await measure(turn, { runs: RUNS, env: withPackage, cwd: root })).map((s) => s.wallMs));
await mock.close();
server.close();
rmSync(root, { recursive: true, force: true });

const row = (what: string, s: ReturnType<typeof stats>) => [what, fmtMs(s.median), fmtMs(s.min), fmtMs(s.max)];
console.log(`## Install\n\n${machine()}; a 20-extension repository from git http-backend on 127.0.0.1; ${RUNS} runs each (median, min, max)\n`);
console.log(
  table(
    ["operation", "median", "min", "max"],
    [
      row("kit install <20-extension repo> (fresh HOME)", install),
      row("kit install --update, up to date", upToDate),
      row("kit install --update, one new commit", oneCommit),
      row("git clone --depth 1 (system git, reference)", gitClone),
      row("headless turn, nothing installed", turnBare),
      row("headless turn, the 20 extensions installed", turnInstalled),
    ],
  ),
);
