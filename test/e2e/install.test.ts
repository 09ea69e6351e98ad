/**
 * `kit install` end to end: the built binary against a real git smart-HTTP server (git http-backend
 * behind Bun.serve on 127.0.0.1) serving fixture repositories made with the system git; then headless
 * runs against the scripted provider show which extensions load (each fixture extension registers a
 * tool; the tools offered in the request are the ones that loaded).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { git } from "../support/git-server.ts";
import { startMockLLM, type MockLLM } from "../support/mock-llm.ts";
import { ALL_TOOLS, lines, newUser, startFixture, toolExtension, type Fixture } from "./install-support.ts";

let fx: Fixture;
let mock: MockLLM;
let url: string;
let head: string;
let port: string;

beforeAll(async () => {
  fx = startFixture();
  mock = await startMockLLM();
  head = git(fx.collection("coll.git").dir, "rev-parse", "HEAD");
  fx.repo("docs-only.git", { "README.md": "# just docs\n", "docs/guide.md": "read me\n", "test/a.ts": "x\n" });
  url = fx.url("coll.git");
  port = new URL(fx.server.url).port;
});

afterAll(async () => {
  fx.close();
  await mock.close();
});

describe("kit install <source>", () => {
  test("installs every extension of the collection: results only on stdout, manifest with commit and hash, dependencies without scripts", async () => {
    const user = newUser();
    const r = await user.kit("install", url);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    const out = lines(r);
    expect(out[0]).toBe(`Installed 5 extension(s) from ${url}`);
    const dir = join(user.globalRoot, `127.0.0.1_${port}`, "coll");
    expect(out.slice(1, 6).map((l) => l.trim().split(/\s+/)[0])).toEqual(["hello", "stamp", "weather", "with-deps", "greet"]);
    expect(out[3]).toContain(join(".local/share/kit/git", `127.0.0.1_${port}`, "coll", "weather", "main.ts"));
    expect(out[6]).toContain(`Tracking the default branch (commit ${head.slice(0, 7)})`);

    const [entry] = user.manifest().packages;
    expect(entry).toEqual({
      source: url,
      repo: url,
      host: `127.0.0.1:${port}`,
      path: "coll",
      pinned: false,
      commit: head,
      scope: "global",
      installed: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    // The checkout is in place, shallow (one commit), with the dependency of with-deps installed by kit itself...
    expect(existsSync(join(dir, "hello.ts"))).toBe(true);
    expect(existsSync(join(dir, "with-deps", "node_modules", "greet-lib", "index.js"))).toBe(true);
    expect(git(dir, "rev-list", "--count", "HEAD")).toBe("1");
    // ...and the package's postinstall script never ran.
    expect(existsSync(join(user.home, "POSTINSTALL_RAN"))).toBe(false);
    // Nothing is left in the work area.
    expect(readdirSync(user.globalRoot).sort()).toEqual([`127.0.0.1_${port}`, "packages.json"]);

    expect(await user.tools(mock)).toEqual(ALL_TOOLS);
  });

  test("installed packages load after the global extension directory and before the project one", async () => {
    const user = newUser();
    expect((await user.kit("install", url, "--include", "hello")).exitCode).toBe(0);
    mkdirSync(join(user.env.XDG_CONFIG_HOME!, "kit", "extensions"), { recursive: true });
    writeFileSync(join(user.env.XDG_CONFIG_HOME!, "kit", "extensions", "first.ts"), toolExtension("first_tool", "global dir"));
    mkdirSync(join(user.project, ".kit", "extensions"), { recursive: true });
    writeFileSync(join(user.project, ".kit", "extensions", "last.ts"), toolExtension("last_tool", "project dir"));
    // The project's own extension loads once the user trusts the project; what they install into it is trusted by installing.
    expect((await user.kit("trust")).exitCode).toBe(0);
    expect((await user.kit("install", "--local", `${url}/packs/extra`)).exitCode).toBe(0);
    expect(await user.tools(mock)).toEqual(["first_tool", "hello_tool", "one_tool", "two_tool", "last_tool"]);

    // --no-extensions skips installed packages too.
    mock.push({ kind: "reply", text: "ok" });
    const before = mock.requests.length;
    const r = await user.kit("--provider-url", mock.url, "--model", "anthropic/claude-haiku-4-5", "--no-session", "--no-extensions", "hi");
    expect(r.exitCode).toBe(0);
    expect(((mock.requests[before]!.body.tools ?? []) as { name: string }[]).map((t) => t.name)).not.toContain("hello_tool");

    // kit extensions list shows them, from "package".
    const list = await user.kit("extensions", "list");
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/coll\/hello\.ts\s+package\s+-\s+hello_tool/);
    expect(list.stdout).toMatch(/coll\/packs\/extra\/one\.ts\s+package\s+-\s+one_tool/);
  });

  test("--include picks extensions by name (or path): only those are recorded and loaded", async () => {
    const user = newUser();
    const r = await user.kit("install", url, "--include", "hello,extensions/greet");
    expect(r.exitCode).toBe(0);
    expect(lines(r)[0]).toBe(`Installed 2 extension(s) from ${url}`);
    expect(user.manifest().packages[0].include).toEqual(["./hello.ts", "./extensions/greet/index.ts"]);
    expect(await user.tools(mock)).toEqual(["hello_tool", "greet_tool"]);
    // A dependency of an extension that was not chosen is not installed.
    expect(existsSync(join(user.globalRoot, `127.0.0.1_${port}`, "coll", "with-deps", "node_modules"))).toBe(false);
  });

  test("--include with a name the repository lacks installs nothing and lists the names there are", async () => {
    const user = newUser();
    const r = await user.kit("install", url, "--include", "hello,nope");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`has no extension named "nope"; it has: hello, stamp, weather, with-deps, greet. Nothing was installed`);
    expect(r.stdout).toBe("");
    expect(user.manifest().packages).toEqual([]);
    expect(existsSync(join(user.globalRoot, `127.0.0.1_${port}`))).toBe(false);
  });

  test("--all --local installs into the project, where only runs in that project load it", async () => {
    const user = newUser();
    const r = await user.kit("install", "--all", "-l", `${url}@v1`);
    expect(r.exitCode).toBe(0);
    const v1 = git(join(fx.root, "coll.git"), "rev-parse", "v1^{commit}");
    expect(lines(r).at(-1)).toBe(`Pinned at v1 (commit ${v1.slice(0, 7)}); --update leaves it there`);
    const [entry] = user.manifest("local").packages;
    expect(entry).toMatchObject({ scope: "local", ref: "v1", pinned: true, source: `${url}@v1` });
    expect(entry.include).toBeUndefined();
    expect(user.manifest("global").packages).toEqual([]);
    expect(existsSync(join(user.project, ".kit", "git", `127.0.0.1_${port}`, "coll", "hello.ts"))).toBe(true);
    expect(await user.tools(mock)).toEqual(ALL_TOOLS);
  });

  test("a sub-directory source installs only the extensions under it", async () => {
    const user = newUser();
    const r = await user.kit("install", `${url}/packs/extra`);
    expect(r.exitCode).toBe(0);
    expect(lines(r)[0]).toBe(`Installed 2 extension(s) from ${url}/packs/extra`);
    expect(user.manifest().packages[0]).toMatchObject({ path: "coll", subdir: "packs/extra", repo: url });
    expect(await user.tools(mock)).toEqual(["one_tool", "two_tool"]);
  });

  test("a branch is tracked and installs that branch's extensions", async () => {
    const user = newUser();
    const r = await user.kit("install", `${url}@dev`, "--include", "devonly,hello");
    expect(r.exitCode).toBe(0);
    expect(lines(r).at(-1)).toContain("Tracking branch dev");
    expect(user.manifest().packages[0]).toMatchObject({ ref: "dev", pinned: false, commit: git(join(fx.root, "coll.git"), "rev-parse", "dev") });
    expect(await user.tools(mock)).toEqual(["devonly_tool", "hello_tool"]);
  });

  test("installing a repository that is already installed suggests --update or --uninstall", async () => {
    const user = newUser();
    expect((await user.kit("install", url, "--include", "hello")).exitCode).toBe(0);
    const before = user.manifest();
    const r = await user.kit("install", `${url}@v1`);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`127.0.0.1:${port}/coll is already installed`);
    expect(r.stderr).toContain(`kit install --update ${url}`);
    expect(r.stderr).toContain(`kit install --uninstall ${url}`);
    expect(user.manifest()).toEqual(before);
  });

  test("a repository with no extension is an error that lists what was looked at", async () => {
    const user = newUser();
    const r = await user.kit("install", fx.url("docs-only.git"));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`no extension found in ${fx.url("docs-only.git")}: looked in ./ for *.ts / *.js files and folders with main.ts, index.ts, main.js, index.js`);
    expect(r.stderr).toContain("found only: README.md, docs/, test/");
    expect(user.manifest().packages).toEqual([]);
    expect(readdirSync(user.globalRoot)).toEqual([]); // no package directory, no work area
  });

  test("broken sources: a missing repository, an unreachable server, a malformed source, an unknown ref", async () => {
    const user = newUser();
    const missing = await user.kit("install", fx.url("nope.git"));
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain(`no git repository at ${fx.url("nope.git")} (HTTP 404)`);

    const unreachable = await user.kit("install", "http://127.0.0.1:1/team/tools");
    expect(unreachable.exitCode).toBe(4);
    expect(unreachable.stderr).toContain("cannot reach http://127.0.0.1:1/team/tools");

    const malformed = await user.kit("install", "not-a-source");
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toContain("A source looks like github.com/user/repo");

    const badRef = await user.kit("install", `${url}@v9`);
    expect(badRef.exitCode).toBe(1);
    expect(badRef.stderr).toContain(`${url} has no branch, tag or commit "v9" (branches: dev, main; tags: v1)`);

    expect(user.manifest().packages).toEqual([]);
  });

  test("--select without a terminal is a usage error that names --all and --include", async () => {
    const user = newUser();
    const r = await user.kit("install", url, "--select");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--select needs a terminal");
    expect(r.stderr).toContain("--all");
    expect(r.stderr).toContain("--include a,b");
    expect(user.manifest().packages).toEqual([]);
  });

  test("--uninstall removes the directory and the entry; the next start no longer loads it", async () => {
    const user = newUser();
    expect((await user.kit("install", url, "--include", "hello,stamp")).exitCode).toBe(0);
    expect((await user.kit("install", "-l", `${url}/packs/extra`)).exitCode).toBe(0);
    expect(await user.tools(mock)).toEqual(["hello_tool", "stamp_tool", "one_tool", "two_tool"]);

    // The source names the repository (sub-directory and ref not needed); without --local the global one goes.
    const global = await user.kit("install", "--uninstall", `${url}/packs/extra`);
    expect(global.exitCode).toBe(0);
    expect(lines(global)[0]).toBe(`Uninstalled 127.0.0.1:${port}/coll (global)`);
    expect(existsSync(join(user.globalRoot, `127.0.0.1_${port}`))).toBe(false);
    expect(user.manifest().packages).toEqual([]);
    expect(await user.tools(mock)).toEqual(["one_tool", "two_tool"]);

    const again = await user.kit("install", "--uninstall", url);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain(`127.0.0.1:${port}/coll is not installed (global); it is installed in this project: add --local`);

    expect((await user.kit("install", "--uninstall", url, "--local")).exitCode).toBe(0);
    expect(user.manifest("local").packages).toEqual([]);
    expect(await user.tools(mock)).toEqual([]);
  });

  test("--list shows each package with scope, ref, commit and the extensions that load", async () => {
    const user = newUser();
    expect(lines(await user.kit("install", "--list"))).toEqual(["No packages installed. Install one with: kit install <source>"]);
    expect((await user.kit("install", `${url}@v1`, "--include", "hello,weather")).exitCode).toBe(0);
    expect((await user.kit("install", "-l", `${url}/packs/extra`)).exitCode).toBe(0);
    const r = await user.kit("install", "--list");
    expect(r.exitCode).toBe(0);
    const v1 = git(join(fx.root, "coll.git"), "rev-parse", "v1^{commit}");
    expect(r.stdout).toContain(`127.0.0.1:${port}/coll  (global)\n  source:     ${url}@v1\n  ref:        v1 (pinned)\n  commit:     ${v1.slice(0, 7)}`);
    expect(r.stdout).toContain("  extensions: hello, weather (selected)");
    expect(r.stdout).toContain(`127.0.0.1:${port}/coll/packs/extra  (local)\n  source:     ${url}/packs/extra\n  ref:        default branch (tracked)\n  commit:     ${head.slice(0, 7)}`);
    expect(r.stdout).toContain("  extensions: one, two (all)");
    expect(r.stdout).not.toContain("modified");

    // A local edit to an installed extension shows.
    writeFileSync(join(user.globalRoot, `127.0.0.1_${port}`, "coll", "hello.ts"), "// edited\nexport default () => {};\n");
    expect((await user.kit("install", "--list")).stdout).toContain("  modified:   extension files changed since they were installed");
    // --local lists only the project's packages.
    const local = await user.kit("install", "--list", "--local");
    expect(local.stdout).not.toContain("(global)");
    expect(local.stdout).toContain("(local)");
  });
});
