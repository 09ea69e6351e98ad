/**
 * What a release publishes (issue 26): scripts/release-files.ts over the binaries of `build.ts --target
 * all`, read back the way install.sh reads a release (the names it looks for, SHA256SUMS), and the
 * smoke test CI runs on a built binary.
 */
import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { KIT_BIN } from "../support/kit-process.ts";
import { tempDir } from "../support/temp-dir.ts";

const ROOT = resolve(import.meta.dir, "../..");
const PLATFORMS = ["linux-x64", "linux-arm64", "linux-x64-musl", "linux-arm64-musl", "darwin-x64", "darwin-arm64", "windows-x64"];

function script(args: string[]) {
  const r = Bun.spawnSync([process.execPath, join(ROOT, "scripts/release-files.ts"), ...args], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  return { stdout: r.stdout.toString(), stderr: r.stderr.toString(), exitCode: r.exitCode };
}

describe("scripts/release-files.ts", () => {
  test("names every platform's binary, archives it, adds install.sh, and lists them all in SHA256SUMS", () => {
    const dist = tempDir("kit-dist-");
    for (const p of PLATFORMS) writeFileSync(join(dist, `kit-${p}${p.startsWith("windows") ? ".exe" : ""}`), `binary for ${p}\n`);
    const out = join(tempDir("kit-release-"), "release");
    const r = script(["1.2.3", dist, out]);
    expect(r.exitCode).toBe(0);
    const expected = [
      ...PLATFORMS.map((p) => (p.startsWith("windows") ? `kit-1.2.3-${p}.exe` : `kit-1.2.3-${p}`)),
      ...PLATFORMS.map((p) => (p.startsWith("windows") ? `kit-1.2.3-${p}.zip` : `kit-1.2.3-${p}.tar.gz`)),
      "install.sh",
    ].sort();
    expect(readdirSync(out).sort()).toEqual([...expected, "SHA256SUMS"].sort());
    expect(readFileSync(join(out, "kit-1.2.3-darwin-arm64"), "utf8")).toBe("binary for darwin-arm64\n");
    // SHA256SUMS in the format `sha256sum --check` and install.sh read: every file, each hash right.
    const lines = readFileSync(join(out, "SHA256SUMS"), "utf8").trimEnd().split("\n");
    expect(lines.map((l) => l.slice(66))).toEqual(expected);
    for (const line of lines) {
      const [hash, name] = line.split("  ");
      expect(createHash("sha256").update(readFileSync(join(out, name!))).digest("hex")).toBe(hash!);
    }
    expect(Bun.spawnSync(["sha256sum", "--check", "--strict", "--quiet", "SHA256SUMS"], { cwd: out }).exitCode).toBe(0);
    // The archives hold the binary under the name a user runs.
    const listed = Bun.spawnSync(["tar", "-tzf", join(out, "kit-1.2.3-linux-x64.tar.gz")]).stdout.toString();
    expect(listed).toBe("kit\n");
    const zipped = Bun.spawnSync(["unzip", "-p", join(out, "kit-1.2.3-windows-x64.zip"), "kit.exe"]).stdout.toString();
    expect(zipped).toBe("binary for windows-x64\n");
  });

  test("a missing binary or version says what to do", () => {
    const dist = tempDir("kit-dist-");
    mkdirSync(dist, { recursive: true });
    const missing = script(["1.2.3", dist, join(dist, "out")]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(`release-files: ${join(dist, "kit-linux-x64")} is missing; run 'bun build.ts --target all' first\n`);
    const noVersion = script([]);
    expect(noVersion.exitCode).toBe(2);
    expect(noVersion.stderr).toContain("usage: bun scripts/release-files.ts <version");
  });
});

describe("scripts/smoke.ts (run by CI on each runner's binary)", () => {
  test("passes on the built binary", () => {
    const r = Bun.spawnSync([process.execPath, join(ROOT, "scripts/smoke.ts"), KIT_BIN], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
    expect(r.stdout.toString()).toBe("smoke: --version: ok\nsmoke: --help: ok\nsmoke: a headless turn: ok\n");
    expect(r.exitCode).toBe(0);
  });

  test("fails on a binary that does not answer as kit", () => {
    const fake = join(tempDir("kit-smoke-"), "kit");
    writeFileSync(fake, "#!/bin/sh\necho not kit\n", { mode: 0o755 });
    const r = Bun.spawnSync([process.execPath, join(ROOT, "scripts/smoke.ts"), fake], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.toString()).toStartWith("smoke: --version failed (exit 0)");
  });
});
