import { describe, expect, test } from "bun:test";
import { UsageError } from "../../src/errors.ts";
import { packageId, parseSource, redact, repoId } from "../../src/install/source.ts";

describe("sources of kit install (every form of spec/install.md)", () => {
  test("github.com/user/repo is an HTTPS clone of that repo, tracking its default branch", () => {
    const s = parseSource("github.com/team/extensions");
    expect(s).toEqual({ text: "github.com/team/extensions", transport: "http", url: "https://github.com/team/extensions", host: "github.com", path: "team/extensions" });
    expect(repoId(s)).toBe("github.com/team/extensions");
  });

  test("gitlab.com and bitbucket.org take the first two segments as the repository", () => {
    expect(parseSource("gitlab.com/group/tools").url).toBe("https://gitlab.com/group/tools");
    expect(parseSource("bitbucket.org/me/kit-ext").url).toBe("https://bitbucket.org/me/kit-ext");
  });

  test("a longer path on those hosts is a sub-directory", () => {
    const s = parseSource("github.com/team/extensions/tools/git");
    expect(s.url).toBe("https://github.com/team/extensions");
    expect(s.path).toBe("team/extensions");
    expect(s.subdir).toBe("tools/git");
    expect(packageId(s)).toBe("github.com/team/extensions/tools/git");
  });

  test("git: is stripped", () => {
    expect(parseSource("git:github.com/team/extensions")).toMatchObject({ url: "https://github.com/team/extensions", text: "git:github.com/team/extensions" });
    expect(parseSource("git:github.com/team/extensions/sub@v2")).toMatchObject({ subdir: "sub", ref: "v2" });
  });

  test("https:// and http:// URLs are fetched as given; .git is dropped from the path but kept in the URL", () => {
    expect(parseSource("https://git.example.com/team/tools.git")).toMatchObject({
      transport: "http",
      url: "https://git.example.com/team/tools.git",
      host: "git.example.com",
      path: "team/tools",
    });
    const local = parseSource("http://127.0.0.1:8080/coll");
    expect(local).toMatchObject({ url: "http://127.0.0.1:8080/coll", host: "127.0.0.1:8080", path: "coll" });
    expect(local.subdir).toBeUndefined();
  });

  test("on other hosts a .git segment or // ends the repository and starts the sub-directory", () => {
    expect(parseSource("http://127.0.0.1:8080/coll.git/packs/extra")).toMatchObject({ url: "http://127.0.0.1:8080/coll.git", path: "coll", subdir: "packs/extra" });
    expect(parseSource("https://host.example/a/b//packs/extra@v1")).toMatchObject({ url: "https://host.example/a/b", path: "a/b", subdir: "packs/extra", ref: "v1" });
  });

  test("the default ports are dropped from the host", () => {
    expect(parseSource("https://example.com:443/a/b").host).toBe("example.com");
    expect(parseSource("http://example.com:80/a/b").host).toBe("example.com");
  });

  test("ssh:// and git@host:path go to the system git", () => {
    expect(parseSource("ssh://git@github.com/team/extensions")).toMatchObject({ transport: "ssh", url: "ssh://git@github.com/team/extensions", host: "github.com", path: "team/extensions" });
    expect(parseSource("ssh://git@git.example.com:2222/team/tools.git/sub@main")).toMatchObject({
      url: "ssh://git@git.example.com:2222/team/tools.git",
      host: "git.example.com",
      subdir: "sub",
      ref: "main",
    });
    expect(parseSource("git@github.com:team/extensions.git")).toMatchObject({ transport: "ssh", url: "git@github.com:team/extensions.git", host: "github.com", path: "team/extensions" });
    expect(parseSource("git@github.com:team/extensions/sub/dir@v1")).toMatchObject({ url: "git@github.com:team/extensions", subdir: "sub/dir", ref: "v1" });
    expect(parseSource("git@host.example:/srv/git/tools.git").url).toBe("git@host.example:/srv/git/tools.git");
  });

  test("@ref may name a tag, a branch with slashes, or a commit", () => {
    expect(parseSource("github.com/a/b@v1.2.0").ref).toBe("v1.2.0");
    const branch = parseSource("github.com/a/b@feature/new-ui");
    expect(branch).toMatchObject({ ref: "feature/new-ui", path: "a/b" });
    expect(branch.subdir).toBeUndefined();
    expect(parseSource("github.com/a/b/sub@0123abc").ref).toBe("0123abc");
  });

  test("credentials in a URL are kept out of the text and the URL", () => {
    const s = parseSource("https://me:s3cret-token@git.example.com/team/tools");
    expect(s.credentials).toEqual({ username: "me", password: "s3cret-token" });
    expect(s.url).toBe("https://git.example.com/team/tools");
    expect(s.text).not.toContain("s3cret");
    expect(redact("https://tok@host/x")).toBe("https://***@host/x");
  });

  test("malformed sources are usage errors that show what a source looks like", () => {
    for (const bad of ["", "not a source", "github.com/onlyowner", "ftp://host/x", "justaword", "github.com/a/b@", "github.com/a/b@-x", "github.com/a/b/../c", "https://host/", "-oProxyCommand=x@host:repo"]) {
      let error: unknown;
      try {
        parseSource(bad);
      } catch (err) {
        error = err;
      }
      expect(error, bad).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain("github.com/user/repo");
    }
  });
});
