import type { ExtensionRunner } from "../extensions/runner.ts";
import {
  applyCompaction,
  buildSummaryRequest,
  contextAfterCompaction,
  estimateTokens,
  keepRecentTokensFor,
  planCompaction,
  shouldAutoCompact,
  summarisedTokens,
} from "../session/compaction.ts";
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
/**
 * Below this many tokens before the kept part, a summary (several hundred tokens in its format) would
 * save next to nothing, or add: not worth a model call.
 */
const MIN_SUMMARISED_TOKENS = 1_000;

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
 * Compacts the current branch: plan the cut (never between a tool call and its result; the part kept
 * word for word within a quarter of the window), let extensions cancel or supply the summary
 * (before_compact), otherwise have the current model update the summary, and append the compaction
 * entry unless it would leave the context no smaller. Says why when it skips (nothing to compact,
 * nothing to gain, cancelled); throws when the summariser fails.
 */
export async function compactNow(
  deps: CompactionDeps,
  reason: CompactionReason,
  customInstructions?: string,
): Promise<CompactionReport | CompactionSkipped> {
  const tokensBefore = contextTokens(deps);
  const window = contextWindow(deps.runtime);
  const branch = deps.session.branch();
  const plan = planCompaction(branch, { tokensBefore, keepRecentTokens: keepRecentTokensFor(window) });
  if (!plan) return { skipped: "nothing to compact: the conversation already fits in the recent window", cancelled: false };
  const replaced = summarisedTokens(plan);
  if (replaced < MIN_SUMMARISED_TOKENS) {
    return {
      skipped: `nothing to gain: the newest messages (about ${plan.keptTokens} tokens) stay word for word and only about ${replaced} tokens lie before them, less than a summary takes`,
      cancelled: false,
    };
  }
  const hook = await deps.runner?.emitResult("before_compact", {
    estimatedTokens: tokensBefore,
    contextLimit: window,
    usagePercent: tokensBefore / window,
    messageCount: deps.session.context().length,
    isAutomatic: reason !== "manual",
  });
  if (hook?.cancel) return { skipped: `compaction cancelled by an extension${hook.reason ? `: ${hook.reason}` : ""}`, cancelled: true };

  let summary = hook?.summary?.trim() ?? "";
  const fromExtension = summary !== "";
  if (!fromExtension) {
    const req = buildSummaryRequest(plan, { contextWindow: window, ...(customInstructions ? { customInstructions } : {}) });
    summary = (await completeOnce(deps.runtime, { system: req.system, prompt: req.prompt, maxTokens: req.maxOutputTokens })).text;
  }
  // A summary as long as what it replaces makes the context no smaller: keep the conversation as it is.
  const tokensAfter = estimateTokens(contextAfterCompaction(branch, plan, summary), deps.systemPrompt);
  if (tokensAfter >= tokensBefore) {
    return { skipped: `nothing to gain: with the summary the context would be about ${tokensAfter} tokens, not less than its ${tokensBefore}; it was left as it is`, cancelled: false };
  }
  applyCompaction(deps.session, plan, summary);
  deps.session.sync();
  return { reason, tokensBefore, tokensAfter: contextTokens(deps), summaryFromExtension: fromExtension };
}

/** Why nothing was compacted: nothing old enough to summarise, or an extension's before_compact cancelled. */
export interface CompactionSkipped {
  skipped: string;
  cancelled: boolean;
}

/** Where compaction outcomes are shown. */
export interface CompactionOutput {
  printInfo(text: string): void;
  printError(text: string): void;
  compaction(report: CompactionReport): void;
}

/**
 * Compacts and shows the outcome. Manual compaction (`rethrow`) says when there was nothing to do
 * and lets a failure reach the caller; automatic compaction reports a failure and lets the turn go
 * on. The outcome, for the mode to word (undefined when a failure was reported).
 */
export async function compactReporting(
  deps: CompactionDeps,
  out: CompactionOutput,
  reason: Exclude<CompactionReason, "overflow">,
  customInstructions?: string,
  rethrow = false,
): Promise<CompactionReport | CompactionSkipped | undefined> {
  try {
    const outcome = await compactNow(deps, reason, customInstructions);
    if ("skipped" in outcome) out.printInfo(reason === "auto" ? `auto-compact: ${outcome.skipped}` : outcome.skipped);
    else out.compaction(outcome);
    return outcome;
  } catch (err) {
    if (rethrow) throw err;
    out.printError(`compaction failed: ${(err as Error).message}`);
    return undefined;
  }
}

/**
 * After a context overflow: compacts so the turn can run again (undefined), or says why it could
 * not, for the turn's error message. The overflow error is the one report of a failed run (under
 * --json the only line on stderr), so nothing is printed here; when there was simply nothing old
 * enough to summarise, the overflow error says all there is to say ("").
 */
export async function compactAfterOverflow(deps: CompactionDeps, out: Pick<CompactionOutput, "compaction">): Promise<string | undefined> {
  try {
    const outcome = await compactNow(deps, "overflow");
    if ("skipped" in outcome) return outcome.cancelled ? outcome.skipped : "";
    out.compaction(outcome);
    return undefined;
  } catch (err) {
    return `compaction failed: ${(err as Error).message}`;
  }
}
