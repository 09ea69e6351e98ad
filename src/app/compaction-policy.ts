import type { ExtensionRunner } from "../extensions/runner.ts";
import { applyCompaction, buildSummaryRequest, estimateTokens, planCompaction, shouldAutoCompact } from "../session/compaction.ts";
import type { SessionStore } from "../session/store.ts";
import { completeOnce } from "./complete.ts";
import type { ModelRuntime } from "./runtime.ts";

export type CompactionReason = "manual" | "auto" | "overflow";

export interface CompactionReport {
  reason: CompactionReason;
  tokensBefore: number;
  tokensAfter: number;
  /** True when an extension's before_compact supplied the summary. */
  summaryFromExtension: boolean;
}

export interface CompactionDeps {
  session: SessionStore;
  runtime: ModelRuntime;
  systemPrompt: string;
  runner: ExtensionRunner | undefined;
}

/** Used when the model's window is not known (a custom model without `limit.context`). */
const UNKNOWN_WINDOW = 128_000;

export function contextWindow(runtime: ModelRuntime): number {
  return runtime.model.info?.contextLimit || UNKNOWN_WINDOW;
}

/** The estimated size of what the next call would send. */
export function contextTokens(deps: Pick<CompactionDeps, "session" | "systemPrompt">): number {
  return estimateTokens(deps.session.context(), deps.systemPrompt);
}

/** --auto-compact: true when the context leaves less than the output reserve of the window. */
export function needsAutoCompaction(deps: CompactionDeps): boolean {
  return shouldAutoCompact({ contextTokens: contextTokens(deps), contextWindow: contextWindow(deps.runtime) });
}

/**
 * Compacts the current branch: plan the cut (never between a tool call and its result), let
 * extensions cancel or supply the summary (before_compact), otherwise have the current model update
 * the summary, and append the compaction entry. Returns undefined when there is nothing to compact
 * or an extension cancelled; throws when the summariser fails.
 */
export async function compactNow(
  deps: CompactionDeps,
  reason: CompactionReason,
  customInstructions?: string,
): Promise<CompactionReport | { skipped: string }> {
  const tokensBefore = contextTokens(deps);
  const plan = planCompaction(deps.session.branch(), { tokensBefore });
  if (!plan) return { skipped: "nothing to compact: the conversation already fits in the recent window" };
  const window = contextWindow(deps.runtime);
  const hook = await deps.runner?.emitResult("before_compact", {
    estimatedTokens: tokensBefore,
    contextLimit: window,
    usagePercent: tokensBefore / window,
    messageCount: deps.session.context().length,
    isAutomatic: reason !== "manual",
  });
  if (hook?.cancel) return { skipped: `compaction cancelled by an extension${hook.reason ? `: ${hook.reason}` : ""}` };

  let summary = hook?.summary?.trim() ?? "";
  const fromExtension = summary !== "";
  if (!fromExtension) {
    const req = buildSummaryRequest(plan, { contextWindow: window, ...(customInstructions ? { customInstructions } : {}) });
    summary = (await completeOnce(deps.runtime, { system: req.system, prompt: req.prompt, maxTokens: req.maxOutputTokens })).text;
  }
  applyCompaction(deps.session, plan, summary);
  deps.session.sync();
  return { reason, tokensBefore, tokensAfter: contextTokens(deps), summaryFromExtension: fromExtension };
}

/** Where compaction outcomes are shown. */
export interface CompactionOutput {
  printInfo(text: string): void;
  printError(text: string): void;
  compaction(report: CompactionReport): void;
}

/**
 * Compacts and shows the outcome. Manual compaction (`rethrow`) says when there was nothing to do
 * and lets a failure reach the caller; automatic and overflow compaction report a failure and let
 * the turn go on. True when it compacted.
 */
export async function compactReporting(
  deps: CompactionDeps,
  out: CompactionOutput,
  reason: CompactionReason,
  customInstructions?: string,
  rethrow = false,
): Promise<boolean> {
  try {
    const outcome = await compactNow(deps, reason, customInstructions);
    if ("skipped" in outcome) {
      if (reason === "manual") out.printInfo(outcome.skipped);
      else if (reason === "overflow") out.printError(`the context overflowed and could not be compacted: ${outcome.skipped}`);
      return false;
    }
    out.compaction(outcome);
    return true;
  } catch (err) {
    if (rethrow) throw err;
    out.printError(`compaction failed: ${(err as Error).message}`);
    return false;
  }
}
