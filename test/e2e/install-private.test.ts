/**
 * Private repositories and SSH sources, end to end. The git server answers 401 without the right
 * Basic credentials; kit finds them in KIT_GIT_TOKEN, in the user's git credential helper, or in the
 * URL, and never prints them. SSH sources go through the system git; here `ssh` is a stand-in
 * (GIT_SSH_COMMAND) that runs git-upload-pack locally, so the real git transport code runs.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { git } from "../support/git-server.ts";
import { startMockLLM, type MockLLM } from "../support/mock-llm.ts";
import { tempDir } from "../support/temp-dir.ts";
import { lines, newUser, startFixture, toolExtension, type Fixture } from "./install-support.ts";

const TOKEN = "s3cret-Token-42";
let fx: Fixture;
let mock: MockLLM;
let url: string;
let port: string;

beforeAll(async () => {
  fx = startFixture({ requireAuth: { user: "x-access-token", password: TOKEN } });
  mock = await startMockLLM();
  fx.repo("private.git", { "secret.ts": toolExtension("secret_tool", "Private."), "other.ts": toolExtension("other_tool", "Other.") });
  url = fx.url("private.git");
  port = new URL(fx.server.url).port;
});

afterAll(async () => {
  fx.close();
  await mock.close();
});

describe("private repositories", () => {
  test("without credentials: exit 3 and what to set; nothing installed", async () => {
    const user = newUser();
    const r = await user.kit("install", url);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`127.0.0.1:${port} asks for credentials to read ${url}: set KIT_GIT_TOKEN to a token with read access, or configure a git credential helper`);
    expect(user.manifest().packages).toEqual([]);
  });

  test("KIT_GIT_TOKEN is used and never printed or stored; a wrong one is rejected without being shown", async () => {
    const wrong = newUser({ KIT_GIT_TOKEN: "wrong-Token-99" });
    const bad = await wrong.kit("install", url);
    expect(bad.exitCode).toBe(3);
    expect(bad.stderr).toContain(`127.0.0.1:${port} rejected the credentials from KIT_GIT_TOKEN`);
    expect(bad.stdout + bad.stderr).not.toContain("wrong-Token-99");

    const user = newUser({ KIT_GIT_TOKEN: TOKEN });
    const r = await user.kit("install", url);
    expect(r.exitCode).toBe(0);
    expect(lines(r)[0]).toBe(`Installed 2 extension(s) from ${url}`);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(JSON.stringify(user.manifest())).not.toContain(TOKEN);
    // The token is sent as Basic credentials only after the server asked (a 401).
    const authed = fx.server.requestHeaders.filter((h) => h.authorization);
    expect(authed.length).toBeGreaterThan(0);

    // --update uses it too.
    const next = git(join(fx.root, "private.git"), "rev-parse", "HEAD");
    const up = await user.kit("install", "--update");
    expect(lines(up)).toEqual([`127.0.0.1:${port}/private is up to date (${next.slice(0, 7)})`]);
    expect(await user.tools(mock)).toEqual(["other_tool", "secret_tool"]);
  });

  test("the git credential helper is asked when no token is set", async () => {
    const user = newUser();
    writeFileSync(join(user.home, ".gitconfig"), `[credential]\n\thelper = "!f() { test \\"$1\\" = get && echo username=x-access-token && echo password=${TOKEN}; }; f"\n`);
    const r = await user.kit("install", url, "--include", "secret");
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toContain(TOKEN);
    expect(await user.tools(mock)).toEqual(["secret_tool"]);
  });

  test("credentials in the URL work for that install and are kept out of output and manifest", async () => {
    const user = newUser();
    const withCreds = url.replace("http://", `http://x-access-token:${TOKEN}@`);
    const r = await user.kit("install", withCreds);
    expect(r.exitCode).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    const [entry] = user.manifest().packages;
    expect(entry.source).toBe(url.replace("http://", "http://x-access-token:***@"));
    expect(entry.repo).toBe(url);
  });
});

describe("SSH sources", () => {
  test("go through the system git: pinned tag, loads, --update skips it", async () => {
    const root = tempDir("kit-ssh-root-");
    const repo = join(root, "team", "tools.git");
    git(root, "init", "-q", repo);
    writeFileSync(join(repo, "ssh.ts"), toolExtension("ssh_tool", "Over SSH."));
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "first");
    git(repo, "tag", "-a", "v1", "-m", "v1");
    const commit = git(repo, "rev-parse", "HEAD");
    // `ssh [options] host command`: run the command (git-upload-pack '<path>') here instead.
    const fakeSsh = join(root, "fake-ssh");
    writeFileSync(fakeSsh, `#!/bin/sh\nwhile [ $# -gt 2 ]; do shift; done\nexec sh -c "$2"\n`);
    chmodSync(fakeSsh, 0o755);
    const user = newUser({ GIT_SSH_COMMAND: fakeSsh, GIT_SSH_VARIANT: "simple" });

    const source = `ssh://git@fakehost${repo}@v1`;
    const r = await user.kit("install", source);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(lines(r)[0]).toBe(`Installed 1 extension(s) from ${source}`);
    expect(user.manifest().packages[0]).toMatchObject({ host: "fakehost", path: repo.slice(1).replace(/\.git$/, ""), ref: "v1", pinned: true, commit, repo: `ssh://git@fakehost${repo}` });
    expect(await user.tools(mock)).toEqual(["ssh_tool"]);
    expect(lines(await user.kit("install", "-u"))).toEqual([`Skipping fakehost${repo.replace(/\.git$/, "")} (pinned at v1)`]);

    // scp-like form, tracked, into the project.
    const scp = await user.kit("install", "-l", `git@fakehost:${repo}`);
    expect(scp.exitCode).toBe(0);
    expect(user.manifest("local").packages[0]).toMatchObject({ repo: `git@fakehost:${repo}`, pinned: false, commit });
  });

  test("without a system git: a clear error that suggests the HTTPS form", async () => {
    const user = newUser({ PATH: "/nonexistent" });
    const r = await user.kit("install", "git@github.com:team/tools");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("is an SSH source, which needs the system git (isomorphic-git has no SSH), and git was not found on PATH");
    expect(r.stderr).toContain("use the HTTPS form");
    expect(user.manifest().packages).toEqual([]);
  });
});
