import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gitBranch, StatusInfo } from "../../../src/modes/interactive/status.ts";
import { renderStatusBar } from "../../../src/ui/components/status-bar.ts";
import { plain } from "../components/support.ts";
import { tempDir } from "../../support/temp-dir.ts";

const dir = tempDir("kit-status-");

describe("gitBranch", () => {
  test("the branch of the repository around a directory, a short hash when detached, a worktree's gitdir file", () => {
    const repo = join(dir, "repo");
    mkdirSync(join(repo, ".git"), { recursive: true });
    mkdirSync(join(repo, "deep", "er"), { recursive: true });
    writeFileSync(join(repo, ".git", "HEAD"), "ref: refs/heads/feature/x\n");
    expect(gitBranch(join(repo, "deep", "er"))).toBe("feature/x");
    writeFileSync(join(repo, ".git", "HEAD"), "0123456789abcdef\n");
    expect(gitBranch(repo)).toBe("0123456");
    const tree = join(dir, "tree");
    mkdirSync(join(dir, "real-git"), { recursive: true });
    writeFileSync(join(dir, "real-git", "HEAD"), "ref: refs/heads/wt\n");
    mkdirSync(tree);
    writeFileSync(join(tree, ".git"), "gitdir: ../real-git\n");
    expect(gitBranch(tree)).toBe("wt");
  });
});

describe("StatusInfo", () => {
  test("context use from the last call's usage, refreshed estimate and cost on demand; never walks the context per frame", () => {
    let estimates = 0;
    let cost = 0.5;
    const info = new StatusInfo({
      cwd: "/home/u/project",
      home: "/home/u",
      model: () => "anthropic/claude-x",
      thinkingLevel: () => "low",
      contextWindow: () => 200_000,
      estimateContext: () => (estimates++, 1000),
      cost: () => cost,
      subscription: () => false,
      entries: () => [{ key: "e", text: "EXT", priority: 1 }],
    });
    expect(estimates).toBe(1);
    for (let i = 0; i < 50; i++) info.state();
    expect(estimates).toBe(1);
    info.usage({ input: 100_000, output: 20_000, cacheRead: 0, cacheWrite: 0 });
    cost = 1.25;
    info.afterTurn();
    const bar = renderStatusBar(info.state(), 120, plain);
    expect(bar).toContain("~/project");
    expect(bar).toContain("EXT · anthropic/claude-x · thinking low · 120k/200k 60% · $1.25");
  });
});
