import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { makeWorkDir, packageDir, removeWorkDir, scopeRoot, withLock } from "../../src/install/layout.ts";
import { ManifestError, readManifest, writeManifest, type PackageEntry } from "../../src/install/manifest.ts";
import { installedExtensionPaths } from "../../src/install/packages.ts";
import { tempDir } from "../support/temp-dir.ts";

const temp = () => tempDir("kit-manifest-");

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
}

const entry = (over: Partial<PackageEntry> = {}): PackageEntry => ({
  source: "github.com/team/tools@v1",
  repo: "https://github.com/team/tools",
  host: "github.com",
  path: "team/tools",
  ref: "v1",
  pinned: true,
  commit: "a".repeat(40),
  scope: "global",
  installed: "2026-01-02T03:04:05.000Z",
  hash: "sha256:" + "0".repeat(64),
  ...over,
});

describe("the manifest", () => {
  test("no file is an empty manifest; written entries read back in the spec's key order, atomically", () => {
    const root = temp();
    expect(readManifest(root)).toEqual({ packages: [] });
    const e = entry({ include: ["./a.ts"], subdir: "sub", updated: "2026-02-01T00:00:00.000Z" });
    writeManifest(root, { packages: [e] });
    expect(readManifest(root)).toEqual({ packages: [e] });
    const raw = JSON.parse(readFileSync(join(root, "packages.json"), "utf8"));
    expect(Object.keys(raw.packages[0])).toEqual(["source", "repo", "host", "path", "subdir", "ref", "pinned", "commit", "scope", "installed", "updated", "include", "hash"]);
    expect(readdirSync(root)).toEqual(["packages.json"]); // no temporary file left beside it
  });

  test("a damaged manifest is an error naming the file and what to do, never an empty list", () => {
    const root = temp();
    writeFileSync(join(root, "packages.json"), "{ not json");
    expect(() => readManifest(root)).toThrow(ManifestError);
    expect(() => readManifest(root)).toThrow(/packages\.json:1:\d+: invalid install manifest: .*remove it and install the packages again/);
    writeFileSync(join(root, "packages.json"), JSON.stringify({ packages: [{ ...entry(), commit: undefined }] }));
    expect(() => readManifest(root)).toThrow(/package 1 has no "commit"/);
    writeFileSync(join(root, "packages.json"), JSON.stringify({ packages: [entry({ include: ["../../etc/passwd"] })] }));
    expect(() => readManifest(root)).toThrow(/leaves the package directory/);
  });
});

describe("layout, lock and work directories", () => {
  test("global and local roots; a host's port becomes _port in the directory", () => {
    expect(scopeRoot("global", { dataDir: "/d/kit", cwd: "/p" })).toBe("/d/kit/git");
    expect(scopeRoot("local", { dataDir: "/d/kit", cwd: "/p" })).toBe("/p/.kit/git");
    expect(packageDir("/r", { host: "127.0.0.1:8080", path: "team/tools" })).toBe("/r/127.0.0.1_8080/team/tools");
  });

  test("a lock held by a live process is refused with what to do; one left by a dead process is taken over", async () => {
    const root = temp();
    writeFileSync(join(root, ".lock"), String(process.pid));
    await expect(withLock(root, async () => 1)).rejects.toThrow(/another kit \(pid \d+\) is installing.*remove .*\.lock if no kit is running/);
    const dead = Bun.spawnSync(["true"]).pid;
    writeFileSync(join(root, ".lock"), String(dead));
    expect(await withLock(root, async () => existsSync(join(root, ".lock")))).toBe(true);
    expect(existsSync(join(root, ".lock"))).toBe(false);
  });

  test("work directories of processes that are gone are removed by the next operation", () => {
    const root = temp();
    const dead = Bun.spawnSync(["true"]).pid;
    mkdirSync(join(root, ".tmp", `${dead}-abc`, "checkout"), { recursive: true });
    const work = makeWorkDir(root);
    expect(readdirSync(join(root, ".tmp"))).toEqual([work.split("/").pop()!]);
    removeWorkDir(work);
    expect(existsSync(join(root, ".tmp"))).toBe(false);
  });
});

describe("installed packages as the loader sees them", () => {
  test("global packages, then local ones, each in manifest order; an include list loads only those", () => {
    const data = temp();
    const cwd = temp();
    const g = join(data, "git");
    const l = join(cwd, ".kit", "git");
    write(join(g, "github.com/a/one"), { "x.ts": "", "y.ts": "", "extensions/z/main.ts": "" });
    write(join(g, "github.com/a/two"), { "sub/p.ts": "", "q.ts": "" });
    write(join(l, "example.com/b/three"), { "m.ts": "", "n.ts": "" });
    writeManifest(g, {
      packages: [
        entry({ host: "github.com", path: "a/two", subdir: "sub" }),
        entry({ host: "github.com", path: "a/one", include: ["./y.ts", "./extensions/z/main.ts"] }),
      ],
    });
    writeManifest(l, { packages: [entry({ host: "example.com", path: "b/three", scope: "local" })] });
    const { paths, errors } = installedExtensionPaths({ dataDir: data, cwd });
    expect(errors).toEqual([]);
    expect(paths).toEqual([
      join(g, "github.com/a/two/sub/p.ts"),
      join(g, "github.com/a/one/y.ts"),
      join(g, "github.com/a/one/extensions/z/main.ts"),
      join(l, "example.com/b/three/m.ts"),
      join(l, "example.com/b/three/n.ts"),
    ]);
  });

  test("a missing package directory, a vanished included file and a damaged manifest are reported", () => {
    const data = temp();
    const cwd = temp();
    const g = join(data, "git");
    write(join(g, "github.com/a/one"), { "x.ts": "" });
    writeManifest(g, { packages: [entry({ path: "a/one", include: ["./x.ts", "./gone.ts"] }), entry({ path: "a/missing" })] });
    write(join(cwd, ".kit", "git"), { "packages.json": "[]" });
    const { paths, errors } = installedExtensionPaths({ dataDir: data, cwd });
    expect(paths).toEqual([join(g, "github.com/a/one/x.ts")]);
    expect(errors.map((e) => e.message)).toEqual([
      "./gone.ts of installed package github.com/a/one no longer exists (it is in the package's include list)",
      expect.stringContaining("installed package github.com/a/missing is missing its directory"),
      expect.stringContaining(`${join(cwd, ".kit", "git", "packages.json")} has no "packages" list`),
    ]);
  });
});
