/**
 * Fetching with isomorphic-git from a real git smart-HTTP server (git http-backend behind Bun.serve):
 * what each kind of @ref checks out, and how shallow the result is.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveWant } from "../../src/install/refs.ts";
import { Remote } from "../../src/install/remote.ts";
import { commitFiles, createRepo, git, startGitServer, type GitServer } from "../support/git-server.ts";
import { tempDir } from "../support/temp-dir.ts";

let root: string;
let server: GitServer;
let url: string;
const c: Record<string, string> = {};

beforeAll(() => {
  root = tempDir("kit-remote-");
  const dir = createRepo(root, "repo", { "a.ts": "a1\n" });
  c.first = git(dir, "rev-parse", "HEAD");
  c.second = commitFiles(dir, { "b.ts": "b\n" });
  git(dir, "tag", "-a", "v2", "-m", "annotated");
  git(dir, "tag", "light");
  c.third = commitFiles(dir, { "a.ts": "a3\n" });
  server = startGitServer(root);
  url = `${server.url}/repo`;
});

afterAll(() => {
  server.close();
});

async function fetchRef(ref: string | undefined): Promise<{ commit: string; dir: string; files: string[]; shallow: boolean }> {
  const remote = new Remote(url, "http", { env: {} });
  const want = resolveWant(ref, await remote.refs(), url);
  const dir = join(tempDir("kit-remote-co-"), "checkout");
  const commit = await remote.fetch(dir, want);
  return { commit, dir, files: readdirSync(dir).filter((f) => f !== ".git").sort(), shallow: existsSync(join(dir, ".git", "shallow")) };
}

describe("fetching a commit over smart HTTP", () => {
  test("the default branch: its tip, shallow", async () => {
    const r = await fetchRef(undefined);
    expect(r).toMatchObject({ commit: c.third, files: ["a.ts", "b.ts"], shallow: true });
    expect(readFileSync(join(r.dir, "a.ts"), "utf8")).toBe("a3\n");
  });

  test("an annotated tag and a lightweight tag check out their commit, shallow", async () => {
    expect(await fetchRef("v2")).toMatchObject({ commit: c.second, shallow: true });
    expect(await fetchRef("light")).toMatchObject({ commit: c.second, shallow: true });
  });

  test("a full commit id that is no branch tip is still fetched shallow", async () => {
    const r = await fetchRef(c.first);
    expect(r).toMatchObject({ commit: c.first, files: ["a.ts"], shallow: true });
    expect(readFileSync(join(r.dir, "a.ts"), "utf8")).toBe("a1\n");
  });

  test("an abbreviated commit id falls back to the whole history and finds the full id", async () => {
    expect(await fetchRef(c.first!.slice(0, 7))).toMatchObject({ commit: c.first, files: ["a.ts"], shallow: false });
  });

  test("a commit the repository does not have is an error naming it", async () => {
    await expect(fetchRef("0".repeat(40))).rejects.toThrow(`${url} has no commit ${"0".repeat(40)}`);
    await expect(fetchRef("deadbee")).rejects.toThrow(`${url} has no commit deadbee`);
  });

  test("progress is reported while fetching", async () => {
    const phases = new Set<string>();
    const remote = new Remote(url, "http", { env: {}, progress: (phase) => phases.add(phase) });
    const dir = join(tempDir("kit-remote-co-"), "checkout");
    await remote.fetch(dir, resolveWant(undefined, await remote.refs(), url));
    expect(phases.has("Receiving objects")).toBe(true);
  });
});
