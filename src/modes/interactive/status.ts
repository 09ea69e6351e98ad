/**
 * What the status bar shows, kept up to date without touching the transcript on every frame: the
 * git branch is read when a turn or shell command ends, the context use comes from the last model
 * call's usage (or one estimate after a session switch or compaction), the cost from the session's
 * running totals. Rendering the bar then costs the same after 10 or 10,000 messages.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { StatusBarState, StatusEntry } from "../../ui/components/status-bar.ts";

/** The branch checked out in the repository around `cwd` (a short hash when detached); undefined outside git. */
export function gitBranch(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const dotGit = join(dir, ".git");
    let gitDir: string | undefined;
    try {
      if (statSync(dotGit).isDirectory()) gitDir = dotGit;
      else {
        // A worktree or submodule: ".git" is a file naming the real directory.
        const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"));
        if (m) gitDir = resolve(dir, m[1]!.trim());
      }
    } catch {
      // no .git here
    }
    if (gitDir) {
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

export interface StatusSource {
  cwd: string;
  home: string | undefined;
  model(): string;
  thinkingLevel(): string;
  contextWindow(): number;
  /** An estimate of the context's tokens (walks the context: called rarely). */
  estimateContext(): number;
  /** The session's cost so far (running totals). */
  cost(): number;
  /** The model is paid by a subscription (an OAuth login), not per token. */
  subscription(): boolean;
  entries(): StatusEntry[];
}

export class StatusInfo {
  private branch: string | undefined;
  private contextTokens: number | undefined;
  private costValue = 0;

  constructor(private readonly source: StatusSource) {
    this.refresh();
  }

  /** Re-reads everything (start, session switch, compaction): one context estimate. */
  refresh(): void {
    this.branch = gitBranch(this.source.cwd);
    this.contextTokens = this.source.estimateContext();
    this.costValue = this.source.cost();
  }

  /** After a turn or shell command: the branch may have changed, the cost has. */
  afterTurn(): void {
    this.branch = gitBranch(this.source.cwd);
    this.costValue = this.source.cost();
  }

  /** A model call reported its usage: what it read and wrote is now the context. */
  usage(u: { input: number; output: number; cacheRead: number; cacheWrite: number }): void {
    this.costValue = this.source.cost();
    // A call that failed before the model read anything measured nothing: the last figure stands.
    if (u.input + u.cacheRead + u.cacheWrite === 0) return;
    this.contextTokens = u.input + u.cacheRead + u.cacheWrite + u.output;
  }


  state(): StatusBarState {
    const window = this.source.contextWindow();
    return {
      cwd: this.source.cwd,
      ...(this.source.home ? { home: this.source.home } : {}),
      ...(this.branch ? { gitBranch: this.branch } : {}),
      model: this.source.model(),
      thinkingLevel: this.source.thinkingLevel(),
      ...(this.contextTokens !== undefined ? { contextTokens: this.contextTokens } : {}),
      ...(window ? { contextWindow: window } : {}),
      cost: this.costValue,
      ...(this.source.subscription() ? { subscription: true } : {}),
      entries: this.source.entries(),
    };
  }
}
