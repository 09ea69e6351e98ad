/**
 * `kit install` of repositories with symbolic links, end to end against the local git smart-HTTP
 * server: a link that leaves the package (absolute, or `../` out of it; to a file or a folder) is
 * refused at install and at update, and a package that has one on disk does not load; links that
 * stay inside the package keep working.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { commitFiles, git } from "../support/git-server.ts";
import { startMockLLM, type MockLLM } from "../support/mock-llm.ts";
import { tempDir } from "../support/temp-dir.ts";
import { newUser, startFixture, toolExtension, type Fixture } from "./install-support.ts";

let fx: Fixture;
let mock: MockLLM;
/** A folder outside every package, holding an extension that must never load through a link. */
let outside: string;

beforeAll(async () => {
  fx = startFixture();
  mock = await startMockLLM();
  outside = tempDir("kit-outside-");
  writeFileSync(join(outside, "secret.ts"), toolExtension("outside_tool", "Code that was never installed."));
  mkdirSync(join(outside, "folder"));
  writeFileSync(join(outside, "folder", "main.ts"), toolExtension("outside_folder_tool", "A folder that was never installed."));
});

afterAll(async () => {
  fx.close();
  await mock.close();
});

let repos = 0;
/** A repository with ok.ts and the given links (path in the repo → link target), committed. */
function repoWithLinks(links: Record<string, string>): { dir: string; url: string } {
  const name = `links-${repos++}.git`;
  const dir = fx.repo(name, { "ok.ts": toolExtension(`ok_tool_${repos}`, "An ordinary extension.") });
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    symlinkSync(target, join(dir, path));
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", `link ${path}`);
  }
  return { dir, url: fx.url(name) };
}

describe("symbolic links in a package", () => {
  const leaving: [string, () => Record<string, string>][] = [
    ["an absolute link to a file", () => ({ "leak.ts": join(outside, "secret.ts") })],
    ["a relative link out of the package to a folder", () => ({ "tools/leak": "../../../../../../../../../../../.." + join(outside, "folder") })],
  ];
  for (const [what, links] of leaving) {
    test(`${what} is refused at install: nothing installed, the link named`, async () => {
      const user = newUser();
      const { url } = repoWithLinks(links());
      const r = await user.kit("install", url);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain("points outside the package");
      expect(r.stderr).toContain(Object.keys(links())[0]!);
      expect(r.stderr).not.toContain("    at ");
      expect(r.stdout).toBe("");
      expect(user.manifest().packages).toEqual([]);
    });
  }

  test("links that stay inside the package install and load", async () => {
    const user = newUser();
    const dir = fx.repo(`inside-${repos++}.git`, { "lib/real.ts": toolExtension("inside_tool", "Reached through a link inside the package.") });
    symlinkSync("lib/real.ts", join(dir, "alias.ts"));
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "inner link");
    const r = await user.kit("install", fx.url(`inside-${repos - 1}.git`));
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(await user.tools(mock)).toEqual(["inside_tool"]);
  });

  test("an update whose new commit adds a link out is refused; the installed version stays and loads", async () => {
    const user = newUser();
    const { dir, url } = repoWithLinks({});
    expect((await user.kit("install", url)).exitCode).toBe(0);
    const before = user.manifest().packages[0].commit;
    symlinkSync(join(outside, "secret.ts"), join(dir, "later.ts"));
    commitFiles(dir, {}, "add a link out");

    const r = await user.kit("install", "--update", url);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("./later.ts");
    expect(r.stderr).toContain("points outside the package");
    expect(user.manifest().packages[0].commit).toBe(before);
    expect(await user.tools(mock)).toEqual([`ok_tool_${repos}`]);
  });

  test("an installed package with a link out on disk does not load, and says why", async () => {
    const user = newUser();
    const { url } = repoWithLinks({});
    expect((await user.kit("install", url)).exitCode).toBe(0);
    // As a package installed by an older kit, or changed on disk since, would have it.
    const pkg = join(user.globalRoot, `127.0.0.1_${new URL(fx.server.url).port}`, `links-${repos - 1}`);
    expect(existsSync(join(pkg, "ok.ts"))).toBe(true);
    symlinkSync(join(outside, "secret.ts"), join(pkg, "planted.ts"));

    const list = await user.kit("extensions", "list");
    expect(list.exitCode).toBe(1);
    expect(list.stderr).toContain("./planted.ts");
    expect(list.stderr).toContain("points outside the package");
    expect(list.stdout).not.toContain("outside_tool");
    expect(list.stdout).not.toContain("ok_tool");
  });
});
