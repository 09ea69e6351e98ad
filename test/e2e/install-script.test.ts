/**
 * install.sh (issue 26) as a user runs it, with dash and bash, against a local stand-in for the releases
 * page: the binary of the platform it detects (overridden by KIT_INSTALL_OS/ARCH/LIBC, as documented),
 * checksum checked, a mismatch refused, a re-run upgrading in place, --version pinning a release.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { hostPlatform } from "../../src/release/platform.ts";
import { fakeKit, fakeRelease, startReleaseServer } from "../support/release-server.ts";
import { tempDir } from "../support/temp-dir.ts";

const SCRIPT = resolve(import.meta.dir, "../../install.sh");
const PLATFORMS = ["linux-x64", "linux-arm64", "linux-x64-musl", "linux-arm64-musl", "darwin-x64", "darwin-arm64", "windows-x64"];
const old = fakeRelease("0.1.0", PLATFORMS);
const newest = fakeRelease("0.2.0", PLATFORMS);
const tampered = { ...fakeRelease("0.3.0-rc.1", PLATFORMS) };
tampered.served = { "kit-0.3.0-rc.1-linux-x64": fakeKit("0.3.0-rc.1", "linux-x64") + "echo owned\n" };
const server = startReleaseServer([old, tampered, newest]);

interface Platform {
  os: string;
  arch: string;
  libc?: string;
}

async function install(shell: "dash" | "bash", dir: string, platform: Platform, args: string[] = [], extraEnv: Record<string, string> = {}) {
  const proc = Bun.spawn([shell, SCRIPT, ...args], {
    env: {
      PATH: process.env.PATH!,
      HOME: tempDir("kit-install-home-"),
      KIT_INSTALL_BASE_URL: server.url,
      KIT_INSTALL_DIR: dir,
      KIT_INSTALL_OS: platform.os,
      KIT_INSTALL_ARCH: platform.arch,
      KIT_INSTALL_LIBC: platform.libc ?? "gnu",
      ...extraEnv,
    },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, exitCode };
}

describe("install.sh picks the binary of the platform", () => {
  const cases: [Platform, string][] = [
    [{ os: "linux", arch: "x64" }, "kit-0.2.0-linux-x64"],
    [{ os: "linux", arch: "arm64" }, "kit-0.2.0-linux-arm64"],
    [{ os: "linux", arch: "x64", libc: "musl" }, "kit-0.2.0-linux-x64-musl"],
    [{ os: "linux", arch: "arm64", libc: "musl" }, "kit-0.2.0-linux-arm64-musl"],
    [{ os: "darwin", arch: "x64" }, "kit-0.2.0-darwin-x64"],
    [{ os: "darwin", arch: "arm64", libc: "musl" }, "kit-0.2.0-darwin-arm64"], // libc matters on Linux only
    [{ os: "windows", arch: "x64" }, "kit-0.2.0-windows-x64.exe"],
  ];
  for (const shell of ["dash", "bash"] as const) {
    for (const [platform, file] of cases) {
      test(`${shell}: ${platform.os} ${platform.arch} ${platform.libc ?? ""} → ${file}`, async () => {
        const dir = join(tempDir("kit-install-"), "bin");
        const r = await install(shell, dir, platform);
        expect(r.stderr).toBe("");
        expect(r.exitCode).toBe(0);
        const installed = join(dir, platform.os === "windows" ? "kit.exe" : "kit");
        expect(readFileSync(installed, "utf8")).toBe(newest.files[file]!);
        expect(r.stdout).toContain(`Installed kit 0.2.0 (${file.replace(/^kit-0\.2\.0-|\.exe$/g, "")}) to ${installed}\n`);
        // Not on PATH: the user is told how to add it.
        expect(r.stdout).toContain(`${dir} is not on your PATH`);
        expect(r.stdout).toContain(`export PATH="${dir}:$PATH"`);
        // Nothing else is left in the directory.
        expect(readdirSync(dir)).toEqual([platform.os === "windows" ? "kit.exe" : "kit"]);
      });
    }
  }
});

describe("install.sh", () => {
  const linux = { os: "linux", arch: "x64" };

  test("without overrides it detects this machine's platform as kit's build does", async () => {
    const dir = tempDir("kit-install-");
    const r = await install("dash", dir, { os: "", arch: "" }, [], { KIT_INSTALL_LIBC: "" });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(dir, "kit"), "utf8")).toBe(fakeKit("0.2.0", hostPlatform()));
  });

  test("a re-run upgrades in place; --version pins a release; the installed binary runs", async () => {
    const dir = tempDir("kit-install-");
    const pinned = await install("dash", dir, linux, ["--version", "0.1.0"]);
    expect(pinned.exitCode).toBe(0);
    const kit = join(dir, "kit");
    expect(Bun.spawnSync([kit, "--version"]).stdout.toString()).toBe("kit 0.1.0 (commit fake)\n");
    expect(server.requests).toContain("/download/v0.1.0/kit-0.1.0-linux-x64");

    const upgraded = await install("dash", dir, linux, [], { PATH: `${dir}:${process.env.PATH}` });
    expect(upgraded.exitCode).toBe(0);
    expect(Bun.spawnSync([kit, "--version"]).stdout.toString()).toBe("kit 0.2.0 (commit fake)\n");
    // Already on PATH: no advice.
    expect(upgraded.stdout).not.toContain("not on your PATH");
    expect(readdirSync(dir)).toEqual(["kit"]);
  });

  test("a checksum mismatch is refused and the installed kit is left as it was", async () => {
    const dir = tempDir("kit-install-");
    writeFileSync(join(dir, "kit"), "the kit installed before\n");
    for (const shell of ["dash", "bash"] as const) {
      const r = await install(shell, dir, linux, ["--version", "0.3.0-rc.1"]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain("install.sh: checksum mismatch for kit-0.3.0-rc.1-linux-x64");
      expect(r.stderr).toContain("nothing was installed");
      expect(readFileSync(join(dir, "kit"), "utf8")).toBe("the kit installed before\n");
      expect(readdirSync(dir)).toEqual(["kit"]);
    }
  });

  test("a version that is not released, a platform without a binary and a bad argument say what is wrong", async () => {
    const dir = tempDir("kit-install-");
    const missing = await install("dash", dir, linux, ["--version", "9.9.9"]);
    expect(missing.exitCode).toBe(1);
    // curl's own line (the HTTP status) comes first.
    expect(missing.stderr).toEndWith(`\ninstall.sh: cannot download ${server.url}/download/v9.9.9/SHA256SUMS (is 9.9.9 a kit release?)\n`);
    const noBinary = await install("dash", dir, { os: "freebsd", arch: "x64" });
    expect(noBinary.exitCode).toBe(1);
    expect(noBinary.stderr).toBe(`install.sh: the release at ${server.url}/latest/download has no kit binary for freebsd-x64\n`);
    const bad = await install("dash", dir, linux, ["--bogus"]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe("install.sh: unknown argument '--bogus'; run 'sh install.sh --help'\n");
    expect(existsSync(join(dir, "kit"))).toBe(false);
  });
});
