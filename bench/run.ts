/**
 * `npm run bench`: runs every benchmark in bench/ (each prints Markdown) against the built dist/kit and
 * writes their output, with the machine and kit version, to bench/RESULTS.md.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { version } from "../package.json";
import { KIT, machine, ROOT } from "./lib.ts";

const build = Bun.spawnSync([process.execPath, "build.ts"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
if (build.exitCode !== 0) process.exit(build.exitCode ?? 1);

const benches = readdirSync(resolve(ROOT, "bench"))
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && f !== "lib.ts")
  .sort();
const sections: string[] = [];
for (const file of benches) {
  console.error(`bench: ${file}`);
  const proc = Bun.spawnSync([process.execPath, resolve(ROOT, "bench", file)], { cwd: ROOT, stdout: "pipe", stderr: "inherit" });
  const out = proc.stdout.toString();
  process.stdout.write(out + "\n");
  sections.push(proc.exitCode === 0 ? out.trim() : `## ${file}\n\nfailed with exit code ${proc.exitCode}`);
}
const header = `# Benchmark results\n\nkit ${version} (${KIT}), ${machine()}, ${new Date().toISOString()}\n`;
writeFileSync(resolve(ROOT, "bench/RESULTS.md"), [header, ...sections].join("\n\n") + "\n");
console.error("bench: wrote bench/RESULTS.md");
