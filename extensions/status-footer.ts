// Status footer: status-bar entries ordered by priority — the git branch, the session's token usage and whether the agent is working — removed when the session shuts down.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Context, ExtensionAPI } from "kit/ext";

/** Lower priority = further left. */
const ENTRIES = { branch: 10, tokens: 20, turn: 30 } as const;
const key = (name: keyof typeof ENTRIES) => `status-footer.${name}`;

/** The current branch from the nearest .git (a directory, or a worktree's "gitdir:" file); a short hash when detached. */
function gitBranch(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const dotGit = join(dir, ".git");
    if (existsSync(dotGit)) {
      let gitDir = dotGit;
      if (statSync(dotGit).isFile()) {
        const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"));
        if (!m) return undefined;
        gitDir = resolve(dir, m[1]!.trim());
      }
      try {
        const head = readFileSync(join(gitDir, "HEAD"), "utf8").trim();
        const ref = /^ref:\s*refs\/heads\/(.+)$/.exec(head);
        return ref ? ref[1] : head.slice(0, 7);
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** 1234 -> "1.2k", 2_500_000 -> "2.5M". */
function compact(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1)}k`;
  return String(n);
}

function showTokens(ctx: Context): void {
  const u = ctx.getSessionUsage();
  ctx.setStatus(key("tokens"), `↑${compact(u.totalInputTokens + u.totalCacheReadTokens)} ↓${compact(u.totalOutputTokens)}`, ENTRIES.tokens);
}

function showBranch(ctx: Context): void {
  const branch = gitBranch(ctx.cwd);
  if (branch) ctx.setStatus(key("branch"), `⎇ ${branch}`, ENTRIES.branch);
  else ctx.removeStatus(key("branch"));
}

function showTurn(ctx: Context, state: "working" | "idle"): void {
  ctx.setStatus(key("turn"), state === "working" ? "● working" : "○ idle", ENTRIES.turn);
}

export default function statusFooter(kit: ExtensionAPI) {
  kit.onSessionStart((_e, ctx) => {
    showBranch(ctx);
    showTokens(ctx);
    showTurn(ctx, "idle");
  });

  kit.onLLMUsage((_e, ctx) => showTokens(ctx));
  kit.onTurnStateChange((e, ctx) => {
    showTurn(ctx, e.state);
    if (e.state === "idle") showBranch(ctx); // the turn may have switched branches
  });

  // A session switch or reload starts over with session_start; leave nothing stale behind.
  kit.onSessionShutdown((_e, ctx) => {
    for (const name of Object.keys(ENTRIES) as (keyof typeof ENTRIES)[]) ctx.removeStatus(key(name));
  });
}
