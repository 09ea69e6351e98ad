/**
 * A headless one-shot (`kit --quiet --no-session`, an instant reply) with no MCP server and with 3
 * stdio servers configured (server-everything twice, server-filesystem once, each a node process),
 * next to its floor: the same 3 servers started in parallel with the SDK alone, `initialize` and
 * `tools/list`, then stopped (bench/floor/mcp-start.ts). A headless run waits for its servers, so
 * their start is the least it can take; kit's own share is the difference. CPU counts the servers
 * too (the children reaped by the process). Rounds alternate the programs so a busy machine's drift falls on all.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startMockLLM, text } from "../test/support/mock-llm.ts";
import { compileFloor, fmtMs, KIT, machine, measure, stats, table, type Sample, type Stats } from "./lib.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const require = createRequire(import.meta.url);
const pkg = (name: string) => dirname(require.resolve(`@modelcontextprotocol/${name}/package.json`));
const home = mkdtempSync(join(tmpdir(), "kit-bench-home-"));
const env = { PATH: process.env.PATH ?? "", HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local/share"), ANTHROPIC_API_KEY: "bench", NO_COLOR: "1" };
const servers = [
  ["node", join(pkg("server-everything"), "dist/index.js"), "stdio"],
  ["node", join(pkg("server-everything"), "dist/index.js"), "stdio"],
  ["node", join(pkg("server-filesystem"), "dist/index.js"), home],
];
const withServers = mkdtempSync(join(tmpdir(), "kit-bench-mcp-"));
writeFileSync(join(withServers, ".kit.yml"), `mcpServers: ${JSON.stringify(Object.fromEntries(servers.map((command, i) => [`s${i}`, { type: "local", command }])))}\n`);
const without = mkdtempSync(join(tmpdir(), "kit-bench-nomcp-"));
const floor = await compileFloor("mcp-start");
const mock = await startMockLLM({ script: [text("ok")], loop: true });

const programs = {
  none: { label: "kit one-shot, no MCP server", cmd: [KIT, "--provider-url", mock.url, "--no-session", "--quiet", "go"], cwd: without },
  three: { label: "kit one-shot, 3 stdio MCP servers", cmd: [KIT, "--provider-url", mock.url, "--no-session", "--quiet", "go"], cwd: withServers },
  floor: { label: "floor: the 3 servers' initialize + tools/list (SDK alone)", cmd: [floor, JSON.stringify(servers)], cwd: home },
};
type Key = keyof typeof programs;
const samples = new Map<Key, Sample[]>();
for (let round = 0; round < RUNS; round++) {
  for (const key of Object.keys(programs) as Key[]) {
    const p = programs[key];
    const [sample] = await measure(p.cmd, { runs: 1, warmup: round === 0 ? 1 : 0, env, cwd: p.cwd });
    samples.set(key, [...(samples.get(key) ?? []), sample!]);
  }
}
await mock.close();

const range = (s: Stats) => `${fmtMs(s.median)} (${fmtMs(s.min)}–${fmtMs(s.max)})`;
const wall = (key: Key) => stats(samples.get(key)!.map((x) => x.wallMs));
const cpu = (key: Key) => stats(samples.get(key)!.map((x) => x.cpuMs));
console.log(`## MCP servers\n\n${machine()}; ${RUNS} rounds; median (min–max)\n`);
console.log(table(["run", "wall", "CPU (with the servers')"], (Object.keys(programs) as Key[]).map((key) => [programs[key].label, range(wall(key)), range(cpu(key))])));
const over = wall("three").median - wall("floor").median - wall("none").median;
console.log(`\nkit with 3 servers − (kit without + the servers' start alone): ${fmtMs(over)}`);
