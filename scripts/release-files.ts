/**
 * `bun scripts/release-files.ts <version> [dist] [out]`: turns the binaries of `bun build.ts --target all`
 * (dist/kit-<platform>[.exe]) into a release's files in <out> (default release/): each binary named
 * `kit-<version>-<platform>[.exe]`, an archive of it as the platform expects (`.zip` holding kit.exe on
 * Windows, `.tar.gz` holding kit elsewhere), install.sh, and SHA256SUMS listing them all. The release
 * workflow publishes <out>; install.sh and `kit upgrade` read it (src/release/).
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BUILD_TARGETS, platformOfTarget, releaseFileName } from "../src/release/platform.ts";

const root = resolve(import.meta.dir, "..");
const [version, dist = join(root, "dist"), out = join(root, "release")] = process.argv.slice(2);
if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error("usage: bun scripts/release-files.ts <version, e.g. 0.2.0> [dist dir] [output dir]");
  process.exit(2);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const target of BUILD_TARGETS) {
  const platform = platformOfTarget(target);
  const windows = platform.startsWith("windows-");
  const built = join(dist, `kit-${platform}${windows ? ".exe" : ""}`);
  if (!existsSync(built)) {
    console.error(`release-files: ${built} is missing; run 'bun build.ts --target all' first`);
    process.exit(1);
  }
  const name = releaseFileName(version, platform);
  copyFileSync(built, join(out, name));
  // The archive holds the binary under the name a user runs.
  const stage = mkdtempSync(join(tmpdir(), "kit-release-"));
  const inside = windows ? "kit.exe" : "kit";
  copyFileSync(built, join(stage, inside));
  const archive = join(out, `kit-${version}-${platform}${windows ? ".zip" : ".tar.gz"}`);
  const cmd = windows ? ["zip", "-q", "-X", archive, inside] : ["tar", "-czf", archive, inside];
  const made = Bun.spawnSync(cmd, { cwd: stage, stderr: "pipe" });
  rmSync(stage, { recursive: true, force: true });
  if (made.exitCode !== 0) {
    console.error(`release-files: ${cmd[0]} failed: ${made.stderr.toString().trim()}`);
    process.exit(1);
  }
}
copyFileSync(join(root, "install.sh"), join(out, "install.sh"));

const files = readdirSync(out).sort();
const sums = files.map((f) => `${createHash("sha256").update(readFileSync(join(out, f))).digest("hex")}  ${f}\n`).join("");
writeFileSync(join(out, "SHA256SUMS"), sums);
console.log(`release-files: ${files.length} files and SHA256SUMS in ${out}`);
