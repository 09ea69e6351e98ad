/**
 * `kit install --update` end to end against the local git smart-HTTP server: tracked packages move to
 * the newest commit (old..new and the changed extension files are printed), pinned ones are skipped,
 * and an update or install that fails or is killed mid-clone leaves the previous install and the
 * manifest exactly as they were.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { commitFiles, git } from "../support/git-server.ts";
import { KIT_BIN } from "../support/kit-process.ts";
import { startMockLLM, type MockLLM } from "../support/mock-llm.ts";
import { lines, newUser, startFixture, toolExtension, type Fixture, type User } from "./install-support.ts";

let fx: Fixture;
let mock: MockLLM;
let port: string;

beforeAll(async () => {
  fx = startFixture();
  mock = await startMockLLM();
  port = new URL(fx.server.url).port;
});

afterAll(async () => {
  fx.close();
  await mock.close();
});

let repoCount = 0;
interface Repo {
  dir: string;
  url: string;
  id: string;
  /** This repository's name for a tool: tool names are unique across repositories. */
  t(name: string): string;
}

/** A fresh repository (tests do not see each other's commits): bye.ts, hello.ts, tools/ (main.ts + util.ts); tag v1 on it. */
function freshRepo(): Repo {
  const n = ++repoCount;
  const t = (name: string) => `r${n}_${name}`;
  const name = `small-${n}.git`;
  const dir = fx.repo(name, {
    "hello.ts": toolExtension(t("hello"), "Says hello."),
    "bye.ts": toolExtension(t("bye"), "Says bye."),
    "tools/main.ts": toolExtension(t("tools"), "Tools."),
    "tools/util.ts": "export const version = 1;\n",
  });
  git(dir, "tag", "v1");
  return { dir, url: fx.url(name), id: `127.0.0.1:${port}/small-${n}`, t };
}

/** The tools of a fresh repository's first commit, in load order. */
const initial = (r: Repo) => [r.t("bye"), r.t("hello"), r.t("tools")];

function packageDir(user: User, id: string, scope: "global" | "local" = "global"): string {
  return join(scope === "global" ? user.globalRoot : user.localRoot, id.replace(":", "_"));
}

describe("kit install --update", () => {
  test("a tracked package picks up a new commit: old..new and the changed files; a pinned one is skipped", async () => {
    const tracked = freshRepo();
    const pinned = freshRepo();
    const user = newUser();
    expect((await user.kit("install", tracked.url)).exitCode).toBe(0);
    expect((await user.kit("install", `${pinned.url}@v1`)).exitCode).toBe(0);
    const old = git(tracked.dir, "rev-parse", "HEAD");
    const pinnedBefore = user.manifest().packages[1];

    rmSync(join(tracked.dir, "bye.ts"));
    const next = commitFiles(tracked.dir, {
      "hello.ts": toolExtension(tracked.t("hello"), "Says hello, louder."),
      "tools/util.ts": "export const version = 2;\n",
      "news.ts": toolExtension(tracked.t("news"), "News."),
    });
    commitFiles(pinned.dir, { "later.ts": toolExtension(pinned.t("later"), "Later.") });

    const r = await user.kit("install", "--update");
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(lines(r)).toEqual([
      `Updated ${tracked.id} ${old.slice(0, 7)}..${next.slice(0, 7)}`,
      "  modified  ./hello.ts",
      "  modified  ./tools/util.ts",
      "  added     ./news.ts",
      "  removed   ./bye.ts",
      `Skipping ${pinned.id} (pinned at v1)`,
    ]);
    const [t, p] = user.manifest().packages;
    expect(t).toMatchObject({ commit: next, updated: expect.stringMatching(/^\d{4}-/) });
    expect(t.hash).not.toBe(undefined);
    expect(p).toEqual(pinnedBefore);
    expect(readFileSync(join(packageDir(user, tracked.id), "tools", "util.ts"), "utf8")).toBe("export const version = 2;\n");
    expect(await user.tools(mock)).toEqual([tracked.t("hello"), tracked.t("news"), tracked.t("tools"), ...initial(pinned)]);

    const again = await user.kit("install", "-u");
    expect(lines(again)).toEqual([`${tracked.id} is up to date (${next.slice(0, 7)})`, `Skipping ${pinned.id} (pinned at v1)`]);
  });

  test("a commit-pinned package is skipped; a tracked branch follows that branch; --update <source> updates only it", async () => {
    const repo = freshRepo();
    const first = git(repo.dir, "rev-parse", "HEAD");
    git(repo.dir, "branch", "dev");
    const other = freshRepo();
    const user = newUser();
    expect((await user.kit("install", `${repo.url}@${first.slice(0, 8)}`)).exitCode).toBe(0);
    expect(user.manifest().packages[0]).toMatchObject({ ref: first.slice(0, 8), pinned: true, commit: first });
    expect((await user.kit("install", "-l", `${repo.url}@dev`)).exitCode).toBe(0);
    expect((await user.kit("install", other.url)).exitCode).toBe(0);

    commitFiles(repo.dir, { "main-only.ts": toolExtension(repo.t("mainonly"), "On main.") });
    git(repo.dir, "checkout", "-q", "dev");
    const devNext = commitFiles(repo.dir, { "dev-only.ts": toolExtension(repo.t("devonly"), "On dev.") });
    git(repo.dir, "checkout", "-q", "main");
    const otherNext = commitFiles(other.dir, { "x.ts": toolExtension(other.t("x"), "X.") });

    const r = await user.kit("install", "--update", repo.url);
    expect(r.exitCode).toBe(0);
    expect(lines(r)).toEqual([
      `Skipping ${repo.id} (pinned at ${first.slice(0, 8)})`,
      `Updated ${repo.id} ${first.slice(0, 7)}..${devNext.slice(0, 7)}`,
      "  added     ./dev-only.ts",
    ]);
    expect(user.manifest("local").packages[0]).toMatchObject({ ref: "dev", commit: devNext });
    expect(user.manifest().packages[1].commit).not.toBe(otherNext); // not named: left alone
    // Global: the pinned repository, then `other` (not updated); local: the same repository on dev, whose
    // tools clash with the global copy's (first registration wins) except the new one.
    expect(await user.tools(mock)).toEqual([...initial(repo), ...initial(other), repo.t("devonly")]);
  });

  test("only the selected extensions of a package are updated and loaded; new ones upstream are mentioned", async () => {
    const repo = freshRepo();
    const user = newUser();
    expect((await user.kit("install", repo.url, "--include", "hello")).exitCode).toBe(0);
    const old = git(repo.dir, "rev-parse", "HEAD");
    const next = commitFiles(repo.dir, { "hello.ts": toolExtension(repo.t("hello"), "v2"), "bye.ts": toolExtension(repo.t("bye"), "bye v2"), "fresh.ts": toolExtension(repo.t("fresh"), "F.") });
    const r = await user.kit("install", "--update");
    expect(r.exitCode).toBe(0);
    expect(lines(r)).toEqual([
      `Updated ${repo.id} ${old.slice(0, 7)}..${next.slice(0, 7)}`,
      "  modified  ./hello.ts",
      "  new, not selected: bye, fresh, tools (reinstall with --select to choose them)",
    ]);
    expect(user.manifest().packages[0].include).toEqual(["./hello.ts"]);
    expect(await user.tools(mock)).toEqual([repo.t("hello")]);
  });

  test("an update killed in the middle of the clone leaves the previous install and manifest intact; the next update succeeds", async () => {
    const repo = freshRepo();
    const user = newUser();
    expect((await user.kit("install", repo.url)).exitCode).toBe(0);
    const manifestBefore = readFileSync(join(user.globalRoot, "packages.json"), "utf8");
    const dir = packageDir(user, repo.id);
    const helloBefore = readFileSync(join(dir, "hello.ts"), "utf8");
    const next = commitFiles(repo.dir, { "hello.ts": toolExtension(repo.t("hello"), "changed"), "late.ts": toolExtension(repo.t("late"), "L.") });

    const hold = fx.server.holdPacks();
    const proc = Bun.spawn([KIT_BIN, "install", "--update"], { cwd: user.project, env: user.env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    await hold.started; // kit is receiving the pack now
    proc.kill("SIGKILL");
    await proc.exited;
    hold.release();

    expect(readFileSync(join(user.globalRoot, "packages.json"), "utf8")).toBe(manifestBefore);
    expect(readFileSync(join(dir, "hello.ts"), "utf8")).toBe(helloBefore);
    expect(existsSync(join(dir, "late.ts"))).toBe(false);
    expect(await user.tools(mock)).toEqual(initial(repo));

    // The next update takes over the dead process's lock, clears its work directory, and completes.
    const r = await user.kit("install", "--update");
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(lines(r)[0]).toContain(`..${next.slice(0, 7)}`);
    expect(readdirSync(user.globalRoot).sort()).toEqual([`127.0.0.1_${port}`, "packages.json"]);
    expect(await user.tools(mock)).toEqual([repo.t("bye"), repo.t("hello"), repo.t("late"), repo.t("tools")]);
  });

  test("an update whose connection drops mid-pack fails and keeps the previous install", async () => {
    const repo = freshRepo();
    const user = newUser();
    expect((await user.kit("install", repo.url)).exitCode).toBe(0);
    const manifestBefore = readFileSync(join(user.globalRoot, "packages.json"), "utf8");
    commitFiles(repo.dir, { "late.ts": toolExtension(repo.t("late"), "L.") });
    fx.server.dropPacks(true);
    try {
      const r = await user.kit("install", "--update");
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`kit: cannot update ${repo.id}: the transfer from ${repo.url} broke off`);
    } finally {
      fx.server.dropPacks(false);
    }
    expect(readFileSync(join(user.globalRoot, "packages.json"), "utf8")).toBe(manifestBefore);
    expect(readdirSync(user.globalRoot).sort()).toEqual([`127.0.0.1_${port}`, "packages.json"]);
    expect(await user.tools(mock)).toEqual(initial(repo));
  });

  test("an install killed mid-clone leaves the other packages and the manifest as they were, and no directory behind", async () => {
    const installed = freshRepo();
    const second = freshRepo();
    const user = newUser();
    expect((await user.kit("install", installed.url)).exitCode).toBe(0);
    const manifestBefore = readFileSync(join(user.globalRoot, "packages.json"), "utf8");

    const hold = fx.server.holdPacks();
    const proc = Bun.spawn([KIT_BIN, "install", second.url], { cwd: user.project, env: user.env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    await hold.started;
    proc.kill("SIGKILL");
    await proc.exited;
    hold.release();

    expect(readFileSync(join(user.globalRoot, "packages.json"), "utf8")).toBe(manifestBefore);
    expect(existsSync(packageDir(user, second.id))).toBe(false);
    expect(await user.tools(mock)).toEqual(initial(installed));
    // Installing it again works (stale lock and work directory are cleaned up).
    expect((await user.kit("install", second.url, "--include", "bye")).exitCode).toBe(0);
    expect(await user.tools(mock)).toEqual([...initial(installed), second.t("bye")]);
  });

  test("--update of a package that is not installed says so, and where it is installed", async () => {
    const repo = freshRepo();
    const user = newUser();
    expect(lines(await user.kit("install", "--update"))).toEqual(["No packages installed. Install one with: kit install <source>"]);
    expect((await user.kit("install", "-l", repo.url)).exitCode).toBe(0);
    const r = await user.kit("install", "--update", "--local", fx.url("other.git"));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`127.0.0.1:${port}/other is not installed (local)`);
    expect(r.stderr).toContain(`install it with 'kit install ${fx.url("other.git")}'`);
  });
});
