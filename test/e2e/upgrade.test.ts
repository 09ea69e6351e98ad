/**
 * `kit upgrade` (issue 26) on a copy of the built binary, against a local stand-in for the releases page
 * (KIT_INSTALL_BASE_URL): --check only reports; an upgrade verifies the download against SHA256SUMS, runs
 * its --version, swaps it in and keeps the old binary as kit.old until the next start; a bad checksum or
 * a binary that is not the promised version is refused and the running kit left exactly as it was.
 */
import { describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { version } from "../../package.json";
import { hostPlatform } from "../../src/release/platform.ts";
import { isolatedHome, KIT_BIN, kitEnv } from "../support/kit-process.ts";
import { fakeKit, fakeRelease, startReleaseServer } from "../support/release-server.ts";
import { tempDir } from "../support/temp-dir.ts";

/** The platform the test machine's build is for (dist/kit is built without --target). */
const PLATFORM = hostPlatform();
const newest = fakeRelease("99.1.0", [PLATFORM, "darwin-arm64"]);
const tampered = fakeRelease("99.2.0", [PLATFORM]);
tampered.served = { [`kit-99.2.0-${PLATFORM}`]: fakeKit("99.2.0", PLATFORM) + "echo owned\n" };
const impostor = fakeRelease("99.3.0", [PLATFORM]);
impostor.files[`kit-99.3.0-${PLATFORM}`] = fakeKit("1.2.3", PLATFORM);
const server = startReleaseServer([tampered, impostor, newest]);

/** A kit installed by copying the built binary into a directory of its own. */
function installedKit(): string {
  const kit = join(tempDir("kit-upgrade-"), "kit");
  copyFileSync(KIT_BIN, kit);
  return kit;
}

async function run(kit: string, args: string[]) {
  const proc = Bun.spawn([kit, ...args], {
    env: kitEnv(isolatedHome(), { KIT_INSTALL_BASE_URL: server.url }),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, exitCode };
}

const versionOf = (kit: string) => Bun.spawnSync([kit, "--version"]).stdout.toString();
const realVersion = versionOf(KIT_BIN);

describe("kit upgrade", () => {
  test("--check reports the newest release and changes nothing", async () => {
    const kit = installedKit();
    const r = await run(kit, ["upgrade", "--check"]);
    expect(r).toEqual({ stdout: `kit 99.1.0 is available (this is ${version}); run 'kit upgrade' to install it\n`, stderr: "", exitCode: 0 });
    expect(versionOf(kit)).toBe(realVersion);
    expect(server.requests.at(-1)).toBe("/latest/download/SHA256SUMS");
  });

  test("replaces the binary and keeps the old one as kit.old", async () => {
    const kit = installedKit();
    const r = await run(kit, ["upgrade"]);
    expect(r.stderr).toBe(`Downloading ${server.url}/latest/download/kit-99.1.0-${PLATFORM}\n`);
    expect(r.stdout).toBe(`Upgraded kit ${version} → 99.1.0 at ${kit}\nThe previous binary is kept as ${kit}.old until kit next starts.\n`);
    expect(r.exitCode).toBe(0);
    expect(versionOf(kit)).toBe("kit 99.1.0 (commit fake)\n");
    expect(versionOf(`${kit}.old`)).toBe(realVersion);
    expect(readdirSync(join(kit, "..")).sort()).toEqual(["kit", "kit.old"]);
  });

  test("a release binary's next start removes the kit.old an upgrade left", async () => {
    const kit = installedKit();
    writeFileSync(`${kit}.old`, "the binary before the upgrade");
    const r = await run(kit, ["--help"]);
    expect(r.exitCode).toBe(0);
    expect(existsSync(`${kit}.old`)).toBe(false);
  });

  test("a checksum mismatch is refused and the running kit is left as it was", async () => {
    const kit = installedKit();
    const r = await run(kit, ["upgrade", "--version", "99.2.0"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`kit: checksum mismatch for kit-99.2.0-${PLATFORM} (SHA256SUMS says `);
    expect(r.stderr).toContain("it is damaged or was tampered with; kit was not changed\n");
    expect(r.stdout).toBe("");
    expect(versionOf(kit)).toBe(realVersion);
    expect(readdirSync(join(kit, ".."))).toEqual(["kit"]);
  });

  test("a download that does not answer --version as the promised release is refused", async () => {
    const kit = installedKit();
    const r = await run(kit, ["upgrade", "--version", "v99.3.0"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`kit: the downloaded kit-99.3.0-${PLATFORM} does not run as kit 99.3.0 (its --version said: kit 1.2.3 (commit fake)); kit was not changed\n`);
    expect(versionOf(kit)).toBe(realVersion);
    expect(readdirSync(join(kit, ".."))).toEqual(["kit"]);
  });

  test("a kit a package manager installed is refused before anything is downloaded", async () => {
    const dir = join(tempDir("kit-upgrade-"), "Cellar/kit/0.1.0/bin");
    mkdirSync(dir, { recursive: true });
    const kit = join(dir, "kit");
    copyFileSync(KIT_BIN, kit);
    const before = server.requests.length;
    const r = await run(kit, ["upgrade"]);
    expect(r).toEqual({ stdout: "", stderr: `kit: ${kit} was installed by Homebrew; upgrade kit with Homebrew instead\n`, exitCode: 1 });
    expect(server.requests.length).toBe(before);
    expect(readdirSync(dir)).toEqual(["kit"]);
  });

  test("a version that is not released says so", async () => {
    const kit = installedKit();
    const r = await run(kit, ["upgrade", "--version", "98.0.0"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`kit: cannot download ${server.url}/download/v98.0.0/SHA256SUMS: HTTP 404 (is 98.0.0 a kit release?)\n`);
    expect(versionOf(kit)).toBe(realVersion);
  });
});
