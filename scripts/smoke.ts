/**
 * `bun scripts/smoke.ts [binary]`: does a built kit start on this machine? Runs its --version (the
 * package's version and a commit), --help, and one headless turn against the scripted provider the tests
 * use. CI runs it on each runner's own binary (linux-x64, and darwin on a macOS runner).
 */
import { resolve } from "node:path";
import { version } from "../package.json";
import { startMockLLM, text } from "../test/support/mock-llm.ts";

const kit = resolve(process.argv[2] ?? resolve(import.meta.dir, "../dist/kit"));

async function run(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawn([kit, ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1", ...env } });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

function check(what: string, ok: boolean, got: { stdout: string; stderr: string; code: number }): void {
  if (ok) {
    console.log(`smoke: ${what}: ok`);
    return;
  }
  console.error(`smoke: ${what} failed (exit ${got.code})\nstdout: ${got.stdout}\nstderr: ${got.stderr}`);
  process.exit(1);
}

const v = await run(["--version"]);
check("--version", v.code === 0 && v.stdout.startsWith(`kit ${version} (commit `), v);
const h = await run(["--help"]);
check("--help", h.code === 0 && h.stdout.includes("--version"), h);
const mock = await startMockLLM({ script: [text("smoke test answer")] });
const turn = await run(["--provider-url", mock.url, "--provider-api-key", "smoke", "--no-session", "say something"]);
await mock.close();
check("a headless turn", turn.code === 0 && turn.stdout === "smoke test answer\n", turn);
