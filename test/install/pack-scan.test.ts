import { describe, expect, test } from "bun:test";
import { checkCommit, refuseOversize, scanPack } from "../../src/install/pack-scan.ts";
import { INSTALL_LIMITS } from "../../src/install/limits.ts";
import { commitFiles, createRepo, git } from "../support/git-server.ts";
import { tempDir } from "../support/temp-dir.ts";

/** A pack of everything reachable from HEAD, made by the system git (with deltas: the files change a little per commit). */
function packOf(dir: string, ...flags: string[]): Buffer {
  const objects = git(dir, "rev-list", "--objects", "--all");
  const r = Bun.spawnSync(["git", "pack-objects", "--stdout", ...flags], { cwd: dir, stdin: Buffer.from(objects + "\n"), stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(r.stderr.toString());
  return r.stdout as Buffer;
}

/** What git says every object is: id → [type, size]. */
function gitObjects(dir: string): Map<string, [string, number]> {
  const ids = git(dir, "rev-list", "--objects", "--all")
    .split("\n")
    .map((l) => l.split(" ")[0]!);
  const r = Bun.spawnSync(["git", "cat-file", "--batch-check"], { cwd: dir, stdin: Buffer.from(ids.join("\n") + "\n"), stdout: "pipe" });
  return new Map(
    r.stdout
      .toString()
      .trim()
      .split("\n")
      .map((l) => {
        const [oid, type, size] = l.split(" ");
        return [oid!, [type!, Number(size)]];
      }),
  );
}

function historyRepo(): string {
  const long = Array.from({ length: 400 }, (_, i) => `export const line${i} = ${i};`).join("\n");
  const dir = createRepo(tempDir("kit-pack-"), "repo", { "a.ts": long, "sub/b.ts": long + "\n// b" });
  for (let i = 0; i < 5; i++) commitFiles(dir, { "a.ts": long + `\n// change ${i}`, [`sub/c${i}.ts`]: long + `\n// c${i}` });
  return dir;
}

describe("scanPack", () => {
  for (const [kind, flags] of [
    ["offset deltas", []],
    ["ref deltas", ["--no-delta-base-offset"]],
  ] as const) {
    test(`finds every object's id, type and size, resolving ${kind}`, async () => {
      const dir = historyRepo();
      const scan = await scanPack(packOf(dir, ...flags), INSTALL_LIMITS);
      const expected = gitObjects(dir);
      expect(scan.oversize).toEqual([]);
      expect(new Map([...scan.objects].map(([oid, o]): [string, [string, number]] => [oid, [o.type, o.size]]))).toEqual(expected);
    });
  }

  test("an object over the one-file limit is named by its path; the commit's files are added up", async () => {
    const dir = createRepo(tempDir("kit-pack-"), "repo", { "ok.ts": "export {};\n", "docs/big.txt": "x".repeat(5000) });
    const scan = await scanPack(packOf(dir), { ...INSTALL_LIMITS, fileBytes: 4000 });
    expect(() => refuseOversize(scan, { ...INSTALL_LIMITS, fileBytes: 4000 }, "repo")).toThrow("docs/big.txt is 5 KB, over kit install's limit of 4 KB for one file");

    const whole = await scanPack(packOf(dir), INSTALL_LIMITS);
    const head = git(dir, "rev-parse", "HEAD");
    expect(() => checkCommit(whole, head, INSTALL_LIMITS, "repo")).not.toThrow();
    expect(() => checkCommit(whole, head, { ...INSTALL_LIMITS, totalBytes: 4000 }, "repo")).toThrow("its files add up to more than 4 KB");
    expect(() => checkCommit(whole, head, { ...INSTALL_LIMITS, entries: 2 }, "repo")).toThrow("more than 2 files and folders");
  });

  test("a pack that is not one is refused as damaged", async () => {
    await expect(scanPack(Buffer.from("NOPE"), INSTALL_LIMITS)).rejects.toThrow("damaged pack");
  });
});
