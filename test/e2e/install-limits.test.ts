/**
 * `kit install` of repositories that are small on the wire and huge once unpacked, end to end against
 * the local git smart-HTTP server: a file over the one-file limit (60 MB of zeros, about 60 KB
 * packed), one blob named at six paths (270 MB checked out), a tree that names one folder over and
 * over (60,000 files from a few KB), and too many extensions. Each is refused with a message that
 * names the file or the limit, before anything is written; nothing is installed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { git } from "../support/git-server.ts";
import { newUser, startFixture, toolExtension, type Fixture } from "./install-support.ts";

const MB = 1024 * 1024;
/** The server compresses tens of MB for these: generous on a busy machine. */
const SLOW = 60_000;
let fx: Fixture;

beforeAll(() => {
  fx = startFixture();
});

afterAll(() => fx.close());

/** Writes `bytes` zeros into the repository's object store (no file in the work tree); returns the blob id. */
function zeroBlob(dir: string, bytes: number): string {
  const r = Bun.spawnSync(["git", "hash-object", "-w", "--stdin"], { cwd: dir, stdin: Buffer.alloc(bytes), stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(r.stderr.toString());
  return r.stdout.toString().trim();
}

/** A repository with ok.ts, plus `paths` in its index pointing at `blob`, committed. */
function repoWithBlob(name: string, blob: (dir: string) => string, paths: string[]): string {
  const dir = fx.repo(name, { "ok.ts": toolExtension("ok_tool", "An ordinary extension.") });
  const oid = blob(dir);
  for (const path of paths) git(dir, "update-index", "--add", "--cacheinfo", `100644,${oid},${path}`);
  git(dir, "commit", "-q", "-m", "big");
  return fx.url(name);
}

/** What every refusal leaves: exit 1, a message, no stack trace, no package, no work area. */
async function expectRefused(url: string, ...messages: string[]): Promise<void> {
  const user = newUser();
  const r = await user.kit("install", url);
  expect(r.exitCode).toBe(1);
  for (const m of messages) expect(r.stderr).toContain(m);
  expect(r.stderr).toContain("nothing was installed");
  expect(r.stderr).not.toContain("    at ");
  expect(r.stdout).toBe("");
  expect(user.manifest().packages).toEqual([]);
  expect(existsSync(join(user.globalRoot, ".tmp"))).toBe(false);
}

describe("kit install limits", () => {
  test("a file over 50 MB is refused, named with its size and the limit", async () => {
    const url = repoWithBlob("big-file.git", (dir) => zeroBlob(dir, 60 * MB), ["assets/big.bin"]);
    await expectRefused(url, "assets/big.bin is 60 MB", "limit of 50 MB for one file");
  }, SLOW);

  test("files that add up to more than 250 MB are refused, even when they are one blob named six times", async () => {
    const paths = ["a.bin", "b.bin", "c.bin", "d.bin", "e.bin", "f.bin"];
    const url = repoWithBlob("many-copies.git", (dir) => zeroBlob(dir, 45 * MB), paths);
    await expectRefused(url, "add up to more than 250 MB", "f.bin");
  }, SLOW);

  test("a tree with more than 50,000 files and folders is refused before any is written", async () => {
    const dir = fx.repo("tree-bomb.git", { "ok.ts": toolExtension("ok_tool", "An ordinary extension.") });
    const empty = zeroBlob(dir, 0);
    const mktree = (entries: string) => {
      const r = Bun.spawnSync(["git", "mktree"], { cwd: dir, stdin: Buffer.from(entries), stdout: "pipe", stderr: "pipe" });
      if (r.exitCode !== 0) throw new Error(r.stderr.toString());
      return r.stdout.toString().trim();
    };
    const seq = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join("");
    const leaf = mktree(seq(100, (i) => `100644 blob ${empty}\tf${i}\n`));
    const mid = mktree(seq(100, (i) => `040000 tree ${leaf}\td${i}\n`));
    for (let i = 0; i < 6; i++) git(dir, "read-tree", `--prefix=bomb${i}/`, mid);
    git(dir, "commit", "-q", "-m", "many files");
    await expectRefused(fx.url("tree-bomb.git"), "more than 50,000 files and folders");
  }, SLOW);

  test("more than 50 extensions install with a warning; more than 500 are refused unless some are chosen", async () => {
    const files = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`e${i}.ts`, toolExtension(`e${i}_tool`, `Extension ${i}.`)]));
    fx.repo("fifty-one.git", files(51));
    fx.repo("five-hundred-one.git", files(501));

    const user = newUser();
    const some = await user.kit("install", fx.url("fifty-one.git"));
    expect(some.exitCode).toBe(0);
    expect(some.stderr).toContain("warning: installing 51 extensions");
    expect(some.stdout).toContain("Installed 51 extension(s)");

    const many = await user.kit("install", fx.url("five-hundred-one.git"));
    expect(many.exitCode).toBe(2);
    expect(many.stderr).toContain("has 501 extensions, more than the 500");
    expect(many.stderr).toContain("--include");
    expect(user.manifest().packages).toHaveLength(1);

    const chosen = await user.kit("install", fx.url("five-hundred-one.git"), "--include", "e1,e2");
    expect(chosen.exitCode).toBe(0);
    expect(chosen.stderr).toBe("");
  }, SLOW);
});
