import type { Message } from "../llm/types.ts";
import { buildContext } from "./context.ts";
import { type CompactionPlan, type PlanOptions, planCompaction } from "./compaction-plan.ts";
import { type SummaryRequest, type SummaryRequestOptions, buildSummaryRequest } from "./compaction-request.ts";
import { estimateTokens } from "./compaction-tokens.ts";
import type { SessionStore } from "./store.ts";
import type { CompactionEntry, EntryInput, SessionEntry } from "./types.ts";

/**
 * Compaction: the conversation before a cut is replaced by a model-written summary, recorded as a
 * `compaction` entry (spec/sessions.md); the entries it replaces stay in the file. The steps are
 * separate so the app can run its hooks between them (before_compact may cancel or supply the
 * summary): planCompaction → buildSummaryRequest → the model → applyCompaction. compactSession runs
 * them all with an injected model call; this module knows no provider.
 */

export {
  CHARS_PER_TOKEN,
  DEFAULT_RESERVE_TOKENS,
  IMAGE_TOKENS,
  estimateMessageTokens,
  estimateTextTokens,
  estimateTokens,
  shouldAutoCompact,
  type AutoCompactCheck,
} from "./compaction-tokens.ts";
export {
  DEFAULT_KEEP_RECENT_TOKENS,
  READ_TOOLS,
  WRITE_TOOLS,
  keepRecentTokensFor,
  planCompaction,
  summarisedTokens,
  touchedFiles,
  type CompactionPlan,
  type PlanOptions,
} from "./compaction-plan.ts";
export {
  DEFAULT_SUMMARY_OUTPUT_TOKENS,
  WINDOW_HEADROOM,
  buildSummaryRequest,
  requestTokens,
  type SummaryRequest,
  type SummaryRequestOptions,
} from "./compaction-request.ts";

export interface ApplyOptions {
  /** Tokens of the context after compacting; default the estimate of the summary plus the kept messages. */
  tokensAfter?: number;
}

/**
 * Appends the compaction entry at the leaf and returns its id; from then on the store's context is
 * the summary followed by the entries from `plan.firstKeptEntryId` on. Throws when the summary is
 * empty or the kept entry is no longer on the current branch (the leaf moved since planning).
 */
export function applyCompaction(store: SessionStore, plan: CompactionPlan, summary: string, opts: ApplyOptions = {}): string {
  if (summary.trim() === "") throw new Error("compaction needs a non-empty summary");
  const branch = store.branch();
  if (!branch.some((e) => e.id === plan.firstKeptEntryId)) {
    throw new Error(`entry ${plan.firstKeptEntryId} is not on the current branch: plan the compaction again`);
  }
  const input: EntryInput = {
    type: "compaction",
    summary,
    firstKeptEntryId: plan.firstKeptEntryId,
    tokensBefore: plan.tokensBefore,
    tokensAfter: opts.tokensAfter ?? estimateTokens(contextAfterCompaction(branch, plan, summary)),
  };
  if (plan.readFiles.length > 0) input.readFiles = plan.readFiles;
  if (plan.modifiedFiles.length > 0) input.modifiedFiles = plan.modifiedFiles;
  return store.append(input);
}

/** The context the branch will have once the plan's compaction with this summary is appended to it. */
export function contextAfterCompaction(branch: SessionEntry[], plan: CompactionPlan, summary: string): Message[] {
  const leaf = branch[branch.length - 1]!;
  const entry: CompactionEntry = {
    type: "compaction",
    id: "",
    parentId: leaf.id,
    timestamp: leaf.timestamp,
    summary,
    firstKeptEntryId: plan.firstKeptEntryId,
    tokensBefore: 0,
    tokensAfter: 0,
  };
  return buildContext([...branch, entry]);
}

export interface CompactOptions extends PlanOptions, SummaryRequestOptions {}

export type CompactOutcome =
  | { compacted: true; entry: CompactionEntry; plan: CompactionPlan; request: SummaryRequest }
  | { compacted: false; reason: string };

/**
 * Plan, ask `summarize` for the summary, and append it. Nothing is written when there is nothing to
 * compact or the summary comes back empty (the outcome says why); errors of `summarize` propagate.
 */
export async function compactSession(
  store: SessionStore,
  summarize: (request: SummaryRequest) => Promise<string>,
  opts: CompactOptions,
): Promise<CompactOutcome> {
  const plan = planCompaction(store.branch(), opts);
  if (!plan) return { compacted: false, reason: "nothing to compact: the conversation is within what would be kept" };
  const request = buildSummaryRequest(plan, opts);
  const summary = (await summarize(request)).trim();
  if (summary === "") return { compacted: false, reason: "the model returned an empty summary" };
  const id = applyCompaction(store, plan, summary);
  return { compacted: true, entry: store.get(id) as CompactionEntry, plan, request };
}
