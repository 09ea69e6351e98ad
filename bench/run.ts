/**
 * `npm run bench`: runs every benchmark in bench/ (each prints Markdown) against the built dist/kit and
 * writes their output, with the machine and kit version, to bench/RESULTS.md. The benches also record
 * peak RSS figures (recordMemory); they are gathered into the Memory area at the end.
 *
 * `npm run bench -- startup headless` runs only those benches and prints them; RESULTS.md, which
 * holds the whole suite measured in one run, is left as it is.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { version } from "../package.json";
import { fmtMb, KIT, machine, MEMORY_LOG, ROOT, table, type MemoryRow } from "./lib.ts";

const build = Bun.spawnSync([process.execPath, "build.ts"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
if (build.exitCode !== 0) process.exit(build.exitCode ?? 1);

const only = process.argv.slice(2);
const benches = readdirSync(resolve(ROOT, "bench"))
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && f !== "lib.ts")
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, "")))
  .sort();
rmSync(MEMORY_LOG, { force: true });
const sections: string[] = [];
for (const file of benches) {
  console.error(`bench: ${file}`);
  const proc = Bun.spawnSync([process.execPath, resolve(ROOT, "bench", file)], { cwd: ROOT, stdout: "pipe", stderr: "inherit" });
  const out = proc.stdout.toString();
  process.stdout.write(out + "\n");
  sections.push(proc.exitCode === 0 ? out.trim() : `## ${file}\n\nfailed with exit code ${proc.exitCode}`);
}
sections.push(memorySection());
if (only.length > 0) {
  process.stdout.write(sections.at(-1)! + "\n");
} else {
  const header = `# Benchmark results\n\nkit ${version} (${KIT}), ${machine()}, ${new Date().toISOString()}\n`;
  writeFileSync(resolve(ROOT, "bench/RESULTS.md"), [header, ...sections].join("\n\n") + "\n");
  console.error("bench: wrote bench/RESULTS.md");
}

function memorySection(): string {
  const rows: MemoryRow[] = existsSync(MEMORY_LOG)
    ? readFileSync(MEMORY_LOG, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l))
    : [];
  const range = (s: MemoryRow["rss"]) => `${fmtMb(s.median)} (${fmtMb(s.min)}–${fmtMb(s.max)})`;
  return [
    "## Memory",
    "",
    `${machine()}; peak resident set (GNU time's maximum RSS) of each figure the benches above measured, median (min–max) of its runs, next to its floor measured in the same run.`,
    "",
    "No issue sets a memory target, so none is marked; the difference to the floor is what kit itself holds.",
    "",
    table(
      ["area", "what", "kit peak RSS", "floor", "floor peak RSS", "kit − floor"],
      rows.map((r) => [r.area, r.what, range(r.rss), r.floor?.what ?? "", r.floor ? range(r.floor.rss) : "", r.floor ? fmtMb(r.rss.median - r.floor.rss.median) : ""]),
    ),
  ].join("\n");
}
