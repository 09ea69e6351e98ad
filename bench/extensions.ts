/**
 * Extensions: a one-shot headless turn with 0, 10 and 50 extensions loaded (each a small TypeScript
 * file with a relative helper import, a tool, a command and two handlers), the per-extension startup
 * cost that follows, and the time of a hot reload (re-importing every extension fresh, helpers
 * included). Targets (issue 5): each extension adds under 1 ms to startup; reload under 50 ms.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAll } from "../src/extensions/loader.ts";
import { startMockLLM, text } from "../test/support/mock-llm.ts";
import { fmtMs, KIT, machine, measure, stats, table } from "./lib.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const root = mkdtempSync(join(tmpdir(), "kit-bench-ext-"));
const home = join(root, "home");
const env = { PATH: process.env.PATH ?? "", HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local/share"), ANTHROPIC_API_KEY: "bench", NO_COLOR: "1" };

function writeExtensions(n: number): string {
  const dir = join(root, `ext-${n}`);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    writeFileSync(join(dir, `helper-${i}.ts`), `export const greeting = (name: string) => "hello " + name + " from ${i}";\n`);
    writeFileSync(
      join(dir, `ext-${i}.ts`),
      `import type { ExtensionAPI } from "kit/ext";
import { greeting } from "./helper-${i}.ts";
export default function (kit: ExtensionAPI) {
  kit.registerTool({
    name: "tool_${i}",
    description: "bench tool ${i}",
    parameters: { type: "object", properties: { name: { type: "string" } } },
    execute: (args) => greeting(String(args.name ?? "x")),
  });
  kit.registerCommand({ name: "cmd-${i}", description: "bench command", execute: () => greeting("cmd") });
  kit.onInput((e) => (e.text === "never-${i}" ? { action: "handled" } : undefined));
  kit.onAgentEnd(() => {});
}
`,
    );
  }
  return dir;
}

const mock = await startMockLLM({ script: [text("ok")], loop: true });
const rows: string[][] = [];
const medians = new Map<number, number>();
for (const n of [0, 10, 50]) {
  const args = [KIT, "--provider-url", mock.url, "--no-session", "--quiet"];
  if (n > 0) args.push("-e", writeExtensions(n));
  const s = stats((await measure([...args, "hi"], { runs: RUNS, env, cwd: root })).map((x) => x.wallMs));
  medians.set(n, s.median);
  rows.push([`${n} extensions`, fmtMs(s.median), fmtMs(s.min), fmtMs(s.max)]);
}
await mock.close();

// Reload as the runtime does it: every extension re-bundled and imported fresh.
const dir50 = join(root, "ext-50");
const paths = Array.from({ length: 50 }, (_, i) => join(dir50, `ext-${i}.ts`));
const reloads: number[] = [];
for (let i = 0; i < 7; i++) {
  const started = performance.now();
  const r = await loadAll(paths, { fresh: true });
  if (r.errors.length) throw new Error(r.errors.map((e) => e.message).join("\n"));
  reloads.push(performance.now() - started);
}
const reload = stats(reloads.slice(2));
const oneReloads: number[] = [];
for (let i = 0; i < 7; i++) {
  const started = performance.now();
  await loadAll([paths[0]!], { fresh: true });
  oneReloads.push(performance.now() - started);
}
const reloadOne = stats(oneReloads.slice(2));
rmSync(root, { recursive: true, force: true });

const perExtension = (medians.get(50)! - medians.get(0)!) / 50;
console.log(`## Extensions\n\n${machine()}; ${RUNS} runs each of a one-shot headless turn (--quiet --no-session)\n`);
console.log(table(["loaded", "median", "min", "max"], rows));
console.log();
console.log(
  table(
    ["target", "figure", "met"],
    [
      ["each extension adds < 1 ms to startup", `${fmtMs(perExtension)} per extension ((50 − 0) / 50)`, perExtension < 1 ? "yes" : "NO"],
      ["reload < 50 ms (1 extension, fresh re-import)", `${fmtMs(reloadOne.median)} (min ${fmtMs(reloadOne.min)}, max ${fmtMs(reloadOne.max)})`, reloadOne.median < 50 ? "yes" : "NO"],
      ["reload < 50 ms (50 extensions, fresh re-import)", `${fmtMs(reload.median)} (min ${fmtMs(reload.min)}, max ${fmtMs(reload.max)})`, reload.median < 50 ? "yes" : "NO"],
    ],
  ),
);
