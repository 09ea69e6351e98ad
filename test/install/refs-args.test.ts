import { describe, expect, test } from "bun:test";
import { parseInstallArgs } from "../../src/cli/commands/install-args.ts";
import { isPinned, resolveWant, trackedCommit, type RemoteRef } from "../../src/install/refs.ts";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);
const T = "d".repeat(40);
const REFS: RemoteRef[] = [
  { ref: "HEAD", oid: A, target: "refs/heads/main" },
  { ref: "refs/heads/main", oid: A },
  { ref: "refs/heads/dev", oid: B },
  { ref: "refs/heads/v2", oid: B },
  { ref: "refs/tags/v1", oid: T, peeled: C },
  { ref: "refs/tags/v2", oid: C },
];

describe("what @ref means", () => {
  test("no ref tracks the default branch", () => {
    const want = resolveWant(undefined, REFS, "u");
    expect(want).toEqual({ kind: "branch", ref: "refs/heads/main", name: "main", commit: A });
    expect(isPinned(want)).toBe(false);
  });

  test("a branch is tracked; a tag (annotated: its commit) or a commit is pinned; a tag wins over a branch of the same name", () => {
    expect(resolveWant("dev", REFS, "u")).toEqual({ kind: "branch", ref: "refs/heads/dev", name: "dev", commit: B });
    expect(resolveWant("v1", REFS, "u")).toEqual({ kind: "tag", ref: "refs/tags/v1", name: "v1", commit: C });
    expect(resolveWant("v2", REFS, "u")).toMatchObject({ kind: "tag", commit: C });
    expect(resolveWant("refs/heads/v2", REFS, "u")).toMatchObject({ kind: "branch", commit: B });
    expect(resolveWant("ABC1234", REFS, "u")).toEqual({ kind: "commit", commit: "abc1234" });
    expect(isPinned(resolveWant("v1", REFS, "u"))).toBe(true);
    expect(isPinned(resolveWant(C, REFS, "u"))).toBe(true);
  });

  test("an unknown ref lists the branches and tags there are; an empty repository says so", () => {
    expect(() => resolveWant("nope", REFS, "http://h/r")).toThrow('http://h/r has no branch, tag or commit "nope" (branches: main, dev, v2; tags: v1, v2)');
    expect(() => resolveWant(undefined, [], "http://h/r")).toThrow("http://h/r is an empty repository");
  });

  test("an update follows the tracked branch, or HEAD for the default one", () => {
    expect(trackedCommit(undefined, REFS)).toEqual({ ref: "refs/heads/main", commit: A });
    expect(trackedCommit("dev", REFS)).toEqual({ ref: "refs/heads/dev", commit: B });
    expect(trackedCommit("gone", REFS)).toBeUndefined();
  });
});

describe("kit install arguments", () => {
  test("install with a scope and a way to choose", () => {
    expect(parseInstallArgs(["github.com/a/b"])).toEqual({ op: "install", source: "github.com/a/b", local: false, selection: { kind: "all" } });
    expect(parseInstallArgs(["-l", "github.com/a/b", "--select"])).toEqual({ op: "install", source: "github.com/a/b", local: true, selection: { kind: "select" } });
    expect(parseInstallArgs(["github.com/a/b", "--include", "a, b", "--include=c"])).toMatchObject({ selection: { kind: "include", names: ["a", "b", "c"] } });
    expect(parseInstallArgs(["--all", "github.com/a/b", "--local"])).toMatchObject({ local: true, selection: { kind: "all" } });
  });

  test("update, uninstall and list", () => {
    expect(parseInstallArgs(["--update"])).toEqual({ op: "update", local: false });
    expect(parseInstallArgs(["-u", "github.com/a/b"])).toEqual({ op: "update", source: "github.com/a/b", local: false });
    expect(parseInstallArgs(["--uninstall", "github.com/a/b", "-l"])).toEqual({ op: "uninstall", source: "github.com/a/b", local: true });
    expect(parseInstallArgs(["--list"])).toEqual({ op: "list", local: false });
  });

  test("conflicts and missing values are errors that say what is wrong", () => {
    expect(parseInstallArgs([])).toEqual({ error: expect.stringContaining("a source is needed") });
    expect(parseInstallArgs(["--uninstall"])).toEqual({ error: expect.stringContaining("--uninstall needs the source") });
    expect(parseInstallArgs(["x", "--select", "--all"])).toEqual({ error: expect.stringContaining("--select and --all cannot be combined") });
    expect(parseInstallArgs(["--update", "--list"])).toEqual({ error: "--update and --list cannot be combined" });
    expect(parseInstallArgs(["--update", "--select"])).toEqual({ error: "--select applies to installing, not to --update" });
    expect(parseInstallArgs(["x", "--include"])).toEqual({ error: expect.stringContaining("--include needs extension names") });
    expect(parseInstallArgs(["x", "--bogus"])).toEqual({ error: "unknown option --bogus" });
    expect(parseInstallArgs(["x", "y"])).toEqual({ error: expect.stringContaining("one source at a time") });
    expect(parseInstallArgs(["--list", "x"])).toEqual({ error: "--list takes no source" });
  });
});
