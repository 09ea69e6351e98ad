import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHarness } from "kit/test";

const file = join(import.meta.dir, "auto-commit.ts");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function git(cwd: string, ...args: string[]): string {
  const r = Bun.spawnSync(["git", ...args], { cwd, stdout: "pipe", stderr: "pipe" });
  if (!r.success) throw new Error(`git ${args.join(" ")}: ${r.stderr.toString()}`);
  return r.stdout.toString().trim();
}

/** A git repository with one commit, its identity set locally. */
function tempRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "auto-commit-"));
  dirs.push(dir);
  git(dir, "init", "-q");
  git(dir, "config", "user.name", "Kit Test");
  git(dir, "config", "user.email", "kit@example.com");
  git(dir, "config", "commit.gpgsign", "false");
  writeFileSync(join(dir, "README.md"), "# demo\n");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "initial");
  return dir;
}

async function load(cwd: string, option?: string) {
  const h = await createHarness({ cwd, sessionId: "s-42" }).load(file);
  if (option) h.context.setOption("auto-commit", option);
  return h;
}

describe("auto-commit", () => {
  test("commits every change at exit, with the session's prompts in the message", async () => {
    const repo = tempRepo();
    writeFileSync(join(repo, "README.md"), "# demo\nchanged\n");
    writeFileSync(join(repo, "new.ts"), "export {};\n");
    const h = await load(repo, "on");
    await h.emit("agent_start", { prompt: "Add a   new module\nwith details" });
    await h.emit("agent_start", { prompt: "and update the readme" });

    await h.emit("session_shutdown", { reason: "exit" });

    expect(h.context.errors).toEqual([]);
    expect(git(repo, "status", "--porcelain")).toBe("");
    expect(git(repo, "log", "-1", "--format=%s")).toBe("kit: Add a new module with details");
    const body = git(repo, "log", "-1", "--format=%b");
    expect(body).toContain("kit session s-42 (2 file(s) changed)");
    expect(body).toContain("- and update the readme");
    expect(git(repo, "show", "--name-only", "--format=", "HEAD").split("\n").sort()).toEqual(["README.md", "new.ts"]);
    expect(h.context.infos).toEqual(["auto-commit: committed 2 file(s): kit: Add a new module with details"]);

    // The next commit lists only the prompts since this one.
    await h.emit("agent_start", { prompt: "rename the module" });
    writeFileSync(join(repo, "new.ts"), "export const renamed = 1;\n");
    await h.emit("session_shutdown", { reason: "switch" });
    expect(git(repo, "log", "-1", "--format=%s%n%b")).not.toContain("readme");
    expect(git(repo, "log", "-1", "--format=%s")).toBe("kit: rename the module");
  });

  test("is off by default, and skips hot reloads", async () => {
    const repo = tempRepo();
    writeFileSync(join(repo, "x.txt"), "x");
    const off = await load(repo);
    await off.emit("session_shutdown", { reason: "exit" });
    const on = await load(repo, "on");
    await on.emit("session_shutdown", { reason: "reload" });
    expect(git(repo, "rev-list", "--count", "HEAD")).toBe("1");
    expect(git(repo, "status", "--porcelain")).toBe("?? x.txt");

    await on.emit("session_shutdown", { reason: "switch" });
    expect(git(repo, "log", "-1", "--format=%s")).toBe("kit: changes from session s-42");
  });

  test("does nothing outside a repository or without changes", async () => {
    const plain = mkdtempSync(join(tmpdir(), "auto-commit-plain-"));
    dirs.push(plain);
    const h = await load(plain, "on");
    await h.emit("session_shutdown", {});
    const repo = tempRepo();
    const clean = await load(repo, "on");
    await clean.emit("session_shutdown", {});
    expect([...h.context.infos, ...h.context.errors, ...clean.context.infos, ...clean.context.errors]).toEqual([]);
    expect(git(repo, "rev-list", "--count", "HEAD")).toBe("1");
  });

  test("reports a failing commit instead of throwing", async () => {
    const repo = tempRepo();
    const hook = join(repo, ".git", "hooks", "pre-commit");
    writeFileSync(hook, "#!/bin/sh\necho 'hook says no' >&2\nexit 1\n");
    chmodSync(hook, 0o755);
    writeFileSync(join(repo, "y.txt"), "y");
    const h = await load(repo, "on");
    await h.emit("agent_start", { prompt: "add y" });
    await h.emit("session_shutdown", { reason: "exit" });
    expect(h.context.errors).toEqual(["auto-commit: git commit failed: hook says no"]);
    expect((h.context as unknown as { handlerErrors: string[] }).handlerErrors).toEqual([]);
    expect(git(repo, "rev-list", "--count", "HEAD")).toBe("1");
    // The prompts wait for the next commit that works.
    expect(h.context.getState("auto-commit.prompts")).toBe('["add y"]');
  });
});
