/**
 * The per-test time limit of `npm test` reaches every test file. Bun 1.4 ignores bunfig's
 * `[test] timeout`, and a preload's setDefaultTimeout reaches only the first file of a run, so the
 * limit is the `--timeout` of the test script: a probe run with the script's flags, whose second file
 * needs more than Bun's default 5 s, passes.
 */
import { expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { scripts } from "../package.json";
import { tempDir } from "./support/temp-dir.ts";

const ROOT = resolve(import.meta.dir, "..");

test(
  "npm test gives a test in a later file more than Bun's default 5 s",
  async () => {
    const flags = scripts.test.slice(scripts.test.lastIndexOf("bun test") + "bun test".length).trim().split(/\s+/).filter(Boolean);
    const dir = tempDir("kit-timeout-probe-");
    writeFileSync(join(dir, "a-quick.test.ts"), `import { test } from "bun:test";\ntest("quick", () => {});\n`);
    // The probe's wait is its point: a test that takes 5.5 s, as a slow end-to-end test does on a busy machine.
    writeFileSync(join(dir, "b-slow.test.ts"), `import { test } from "bun:test";\ntest("slow", async () => { await Bun.sleep(5_500); });\n`);
    const probe = Bun.spawn([process.execPath, "test", ...flags, join(dir, "a-quick.test.ts"), join(dir, "b-slow.test.ts")], {
      cwd: ROOT,
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stderr, code] = await Promise.all([new Response(probe.stderr).text(), probe.exited]);
    expect(stderr).toContain(" 2 pass");
    expect(code).toBe(0);
  },
  30_000,
);
