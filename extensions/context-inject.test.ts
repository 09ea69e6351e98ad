import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContextMessage } from "kit/ext";
import { createHarness } from "kit/test";
import { gitBranch } from "./context-inject.ts";

const file = join(import.meta.dir, "context-inject.ts");
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "context-inject-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function git(cwd: string, ...args: string[]) {
  const r = Bun.spawnSync(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], { cwd, stderr: "pipe" });
  if (!r.success) throw new Error(`git ${args.join(" ")}: ${r.stderr.toString()}`);
}

const msg = (index: number, role: ContextMessage["role"], content = `m${index}`): ContextMessage => ({ index, role, content });

describe("context-inject", () => {
  test("puts the branch and today's date before the prompt", async () => {
    const repo = tempDir();
    git(repo, "init", "-q", "-b", "feature/login");
    git(repo, "commit", "-q", "--allow-empty", "-m", "init");
    const h = await createHarness({ cwd: repo }).load(file);
    const result = await h.emit("before_agent_start", { prompt: "fix it" });
    expect(result?.injectText).toContain("The current git branch is feature/login.");
    expect(result?.injectText).toContain(new Date().toLocaleDateString("en-CA"));
    expect(result?.systemPrompt).toBeUndefined();
  });

  test("says so outside a git repository, and tolerates a missing directory", async () => {
    const h = await createHarness({ cwd: tempDir() }).load(file);
    const result = await h.emit("before_agent_start", { prompt: "hi" });
    expect(result?.injectText).toContain("not a git repository");
    expect(result?.injectText).toContain("Today is");
    expect(gitBranch(join(tempDir(), "gone"))).toBeUndefined();
  });

  test("leaves the context alone by default", async () => {
    const h = await createHarness().load(file);
    const messages = [msg(0, "user"), msg(1, "assistant"), msg(2, "user")];
    expect(await h.emit("context_prepare", { messages })).toBeUndefined();
  });

  test("keeps only the latest messages, starting at a user message, with system messages and indexes intact", async () => {
    const h = await createHarness().load(file);
    h.context.setOption("context-inject-max-messages", "4");
    const messages = [
      msg(0, "system", "summary of earlier work"),
      msg(1, "user"),
      msg(2, "assistant"),
      msg(3, "user"),
      msg(4, "assistant", "[tool call bash: {}]"),
      msg(5, "tool"),
      msg(6, "assistant"),
      msg(7, "user", "latest"),
    ];
    const result = await h.emit("context_prepare", { messages });
    // The last 4 would start at the tool result 5 (orphaned from its call), so the cut moves on to the user message 7.
    expect(result?.messages.map((m) => m.index)).toEqual([0, 7]);
    expect(result?.messages[1]).toEqual(msg(7, "user", "latest"));

    h.context.setOption("context-inject-max-messages", "5");
    expect((await h.emit("context_prepare", { messages }))?.messages.map((m) => m.index)).toEqual([0, 3, 4, 5, 6, 7]);
  });
});
