/**
 * Installs the npm dependencies of the example extensions that have a package.json (their
 * node_modules/ are not committed), the way kit installs a package's dependencies: with the kit
 * binary acting as Bun (`BUN_BE_BUN=1 kit install --production --ignore-scripts`), so no lifecycle
 * script ever runs. `npm test` runs this before the tests.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const kit = join(root, "dist", "kit");
const examples = join(root, "extensions");
let failed = false;
for (const entry of readdirSync(examples, { withFileTypes: true })) {
  const dir = join(examples, entry.name);
  if (!entry.isDirectory() || !existsSync(join(dir, "package.json"))) continue;
  const run = Bun.spawnSync([existsSync(kit) ? kit : process.execPath, "install", "--production", "--ignore-scripts"], {
    cwd: dir,
    env: { ...process.env, BUN_BE_BUN: "1" },
    stdout: "inherit",
    stderr: "inherit",
  });
  if (run.exitCode !== 0) {
    console.error(`install-example-deps: installing the dependencies of ${dir} failed (exit ${run.exitCode})`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
