import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertStatusSet, assertStatusText, createHarness, type Harness } from "kit/test";

const EXT = `${import.meta.dir}/status-footer.ts`;
/** Errors the runner reported from the extension's handlers (recorded by the harness, beyond the kit/test types). */
const handlerErrors = (h: Harness) => (h.context as Harness["context"] & { handlerErrors: string[] }).handlerErrors;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project directory whose .git/HEAD says `head` (no .git at all when undefined). */
function project(head?: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "status-footer-")));
  dirs.push(dir);
  if (head !== undefined) {
    mkdirSync(join(dir, ".git"));
    writeFileSync(join(dir, ".git", "HEAD"), head);
  }
  return dir;
}

/** Status keys from left to right, as the status bar orders them. */
const order = (h: Harness) => [...h.context.statuses].sort((a, b) => a[1].priority - b[1].priority).map(([k]) => k);

describe("status-footer", () => {
  test("shows branch, tokens and turn state, left to right by priority", async () => {
    const h = await createHarness({ cwd: project("ref: refs/heads/feature/login\n") }).load(EXT);
    await h.emit("session_start");
    assertStatusText(h, "status-footer.branch", "⎇ feature/login");
    assertStatusText(h, "status-footer.tokens", "↑0 ↓0");
    assertStatusText(h, "status-footer.turn", "○ idle");
    expect(order(h)).toEqual(["status-footer.branch", "status-footer.tokens", "status-footer.turn"]);
  });

  test("a detached HEAD shows the short hash; a worktree's .git file is followed", async () => {
    const h = await createHarness({ cwd: project("3f9c2b1d0e8a7f6c5b4a39281706f5e4d3c2b1a0\n") }).load(EXT);
    await h.emit("session_start");
    assertStatusText(h, "status-footer.branch", "⎇ 3f9c2b1");

    const main = project();
    mkdirSync(join(main, "gitdir"));
    writeFileSync(join(main, "gitdir", "HEAD"), "ref: refs/heads/wt\n");
    const worktree = project();
    writeFileSync(join(worktree, ".git"), `gitdir: ${join(main, "gitdir")}\n`);
    const w = await createHarness({ cwd: worktree }).load(EXT);
    await w.emit("session_start");
    assertStatusText(w, "status-footer.branch", "⎇ wt");
  });

  test("no git repository, no branch entry", async () => {
    const h = await createHarness({ cwd: project() }).load(EXT);
    await h.emit("session_start");
    expect(h.context.statuses.has("status-footer.branch")).toBe(false);
    assertStatusSet(h, "status-footer.turn");
  });

  test("token usage follows the session after each model call", async () => {
    const h = await createHarness({ cwd: project() }).load(EXT);
    await h.emit("session_start");
    h.context.getSessionUsage = () => ({
      totalInputTokens: 12_000,
      totalOutputTokens: 950,
      totalCacheReadTokens: 500,
      totalCacheWriteTokens: 0,
      totalCost: 0.1,
      requestCount: 2,
    });
    await h.emit("llm_usage", { inputTokens: 6000, outputTokens: 400 });
    assertStatusText(h, "status-footer.tokens", "↑12.5k ↓950");
  });

  test("turn state switches between working and idle, and the branch is re-read when idle", async () => {
    const dir = project("ref: refs/heads/main\n");
    const h = await createHarness({ cwd: dir }).load(EXT);
    await h.emit("session_start");
    await h.emit("turn_state_change", { state: "working" });
    assertStatusText(h, "status-footer.turn", "● working");
    writeFileSync(join(dir, ".git", "HEAD"), "ref: refs/heads/fix\n");
    await h.emit("turn_state_change", { state: "idle" });
    assertStatusText(h, "status-footer.turn", "○ idle");
    assertStatusText(h, "status-footer.branch", "⎇ fix");
  });

  test("every entry is removed on shutdown", async () => {
    const h = await createHarness({ cwd: project("ref: refs/heads/main\n") }).load(EXT);
    await h.emit("session_start");
    expect(h.context.statuses.size).toBe(3);
    await h.emit("session_shutdown", { reason: "switch" });
    expect([...h.context.statuses.keys()]).toEqual([]);
    expect(handlerErrors(h)).toEqual([]);
  });
});
