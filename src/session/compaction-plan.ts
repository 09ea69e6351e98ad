import type { Message, ToolCallPart } from "../llm/types.ts";
import { adjustCutIndex, branchSummaryMessage, buildContext, compactionSummaryMessage } from "./context.ts";
import { estimateMessageTokens, estimateTokens } from "./compaction-tokens.ts";
import type { CompactionEntry, SessionEntry } from "./types.ts";

/**
 * Where to cut a branch for a compaction, and what the summary has to cover.
 *
 * Only the conversation after the last compaction counts: from that compaction's kept point to the
 * leaf. Walking back from the leaf, the kept part grows entry by entry while it stays within
 * `keepRecentTokens` (the newest entry is always kept), so one huge message just before it is
 * summarised rather than kept whole; the cut then moves so that no tool result is kept without its
 * call (adjustCutIndex), and to the start of a user turn when one is near, so the kept part reads as
 * whole turns. Everything between the previous kept point and the cut goes to the summary, which
 * updates the previous summary instead of summarising it again.
 */

export const DEFAULT_KEEP_RECENT_TOKENS = 20_000;
/** The most of the model's window the verbatim part may take: the rest is for the summary, the system prompt and the answer. */
const KEEP_WINDOW_FRACTION = 0.25;

/** The recent conversation kept word for word for a model with this window: 20,000 tokens, or a quarter of a smaller window. */
export function keepRecentTokensFor(contextWindow: number): number {
  return Math.min(DEFAULT_KEEP_RECENT_TOKENS, Math.floor(contextWindow * KEEP_WINDOW_FRACTION));
}

/** Tool calls whose `path` argument names something looked at, and something changed. */
export const READ_TOOLS: readonly string[] = ["read", "grep", "find", "ls"];
export const WRITE_TOOLS: readonly string[] = ["write", "edit"];

export interface CompactionPlan {
  /** The first entry kept after the summary (the compaction entry's firstKeptEntryId). */
  firstKeptEntryId: string;
  /** The conversation the summary replaces: from the previous compaction's kept point to the cut. */
  messages: Message[];
  /** The summary of the previous compaction on the branch, which the new one updates. */
  previousSummary?: string;
  /** Tokens of the context before compacting. */
  tokensBefore: number;
  /** Estimated tokens of the kept messages. */
  keptTokens: number;
  /** The kept part starts inside a turn: the request it continues is among `messages`. */
  splitTurn: boolean;
  /** Paths read and modified by tool calls, the previous compaction's lists included (first seen first). */
  readFiles: string[];
  modifiedFiles: string[];
}

export interface PlanOptions {
  /** Roughly how much of the recent conversation to keep verbatim; default 20,000. */
  keepRecentTokens?: number;
  /** Tokens of the context now (e.g. the provider's count); default estimateTokens of the branch's context. */
  tokensBefore?: number;
}

/** The plan for compacting a branch (root → leaf), or undefined when nothing is worth summarising. */
export function planCompaction(branch: readonly SessionEntry[], opts: PlanOptions = {}): CompactionPlan | undefined {
  const keep = Math.max(0, opts.keepRecentTokens ?? DEFAULT_KEEP_RECENT_TOKENS);
  const { start, previous } = conversationStart(branch);
  const tokens = branch.map((e, i) => (i >= start ? entryTokens(e) : 0));

  // Walk back from the leaf while the kept part stays within `keep` tokens: the last entry taken is the raw cut.
  let cut = -1;
  let kept = 0;
  let taken = -1;
  for (let i = branch.length - 1; i >= start; i--) {
    if (tokens[i] === 0) continue;
    if (kept + tokens[i]! > keep) {
      cut = taken >= 0 ? taken : i; // the newest entry is kept even when it alone is larger
      break;
    }
    kept += tokens[i]!;
    taken = i;
  }
  if (cut < 0) return undefined; // the whole conversation fits in what would be kept

  // The first entry the model sees: at least it must stay before the cut, or nothing is summarised.
  const first = tokens.findIndex((t, i) => i >= start && t > 0);
  cut = adjustCutIndex(branch, cut);
  if (!startsTurn(branch[cut])) cut = nearTurnStart(branch, tokens, first, cut, keep);
  if (cut <= first) return undefined;

  const messages = toMessages(branch.slice(start, cut));

  const files = touchedFiles(messages);
  const plan: CompactionPlan = {
    firstKeptEntryId: branch[cut]!.id,
    messages,
    tokensBefore: opts.tokensBefore ?? estimateTokens(buildContext(branch)),
    keptTokens: tokens.slice(cut).reduce((a, b) => a + b, 0),
    splitTurn: !startsTurn(branch[cut]),
    readFiles: merge(previous?.readFiles, files.read),
    modifiedFiles: merge(previous?.modifiedFiles, files.modified),
  };
  if (previous) plan.previousSummary = previous.summary;
  return plan;
}

/** Estimated tokens of what a plan's summary replaces: the summarised messages and the previous summary. */
export function summarisedTokens(plan: CompactionPlan): number {
  return estimateTokens(plan.messages) + (plan.previousSummary !== undefined ? estimateMessageTokens(compactionSummaryMessage(plan.previousSummary)) : 0);
}

/** The index where the conversation after the last compaction starts, and that compaction. */
function conversationStart(branch: readonly SessionEntry[]): { start: number; previous?: CompactionEntry } {
  for (let i = branch.length - 1; i >= 0; i--) {
    const e = branch[i]!;
    if (e.type !== "compaction") continue;
    const kept = branch.findIndex((k) => k.id === e.firstKeptEntryId);
    // Same fallback as buildContext: a kept point that is not on the path means "after the compaction".
    return { start: kept >= 0 ? kept : i + 1, previous: e };
  }
  return { start: 0 };
}

/** Tokens an entry adds to the context; 0 for entries the model does not see. */
function entryTokens(e: SessionEntry): number {
  if (e.type === "message") return estimateMessageTokens(e);
  if (e.type === "branch_summary") return estimateMessageTokens(branchSummaryMessage(e.summary));
  return 0;
}

/** A user message or a branch summary (which reads as one) starts a turn. */
function startsTurn(e: SessionEntry | undefined): boolean {
  return e !== undefined && ((e.type === "message" && e.role === "user") || e.type === "branch_summary");
}

/**
 * A turn start near the cut: back first (keeping up to half of `keep` more), else forward (keeping
 * up to a quarter less), else the cut as it is. The entry at `first` (the first the model sees) stays
 * summarised, so there is always something to summarise.
 */
function nearTurnStart(branch: readonly SessionEntry[], tokens: number[], first: number, cut: number, keep: number): number {
  let extra = 0;
  for (let j = cut - 1; j > first; j--) {
    extra += tokens[j]!;
    if (extra > keep / 2) break;
    if (startsTurn(branch[j])) return j;
  }
  let less = 0;
  for (let j = cut + 1; j < branch.length; j++) {
    less += tokens[j - 1]!;
    if (less > keep / 4) break;
    if (startsTurn(branch[j])) return j; // a turn start never begins with tool results
  }
  return cut;
}

function toMessages(entries: readonly SessionEntry[]): Message[] {
  const out: Message[] = [];
  for (const e of entries) {
    if (e.type === "message") out.push({ role: e.role, content: e.content });
    else if (e.type === "branch_summary") out.push(branchSummaryMessage(e.summary));
  }
  return out;
}

/**
 * Paths from the `path` argument of read/grep/find/ls (read) and write/edit (modified) calls. A call
 * whose result was an error touched nothing; a call without a result (interrupted) may have.
 */
export function touchedFiles(messages: readonly Message[]): { read: string[]; modified: string[] } {
  const failed = new Set<string>();
  for (const m of messages) {
    for (const p of m.content) if (p.type === "tool_result" && p.isError) failed.add(p.toolCallId);
  }
  const read: string[] = [];
  const modified: string[] = [];
  for (const m of messages) {
    if (m.role !== "assistant") continue;
    for (const p of m.content) {
      if (p.type !== "tool_call" || failed.has(p.id)) continue;
      const path = pathArgument(p);
      if (path === undefined) continue;
      if (READ_TOOLS.includes(p.name)) read.push(path);
      else if (WRITE_TOOLS.includes(p.name)) modified.push(path);
    }
  }
  return { read, modified };
}

function pathArgument(call: ToolCallPart): string | undefined {
  try {
    const args: unknown = JSON.parse(call.input);
    if (typeof args !== "object" || args === null) return undefined;
    const path = (args as Record<string, unknown>).path;
    return typeof path === "string" && path.trim() !== "" ? path : undefined;
  } catch {
    return undefined; // arguments the model garbled name no file
  }
}

/** The union of the lists, first occurrence first. */
function merge(previous: readonly string[] | undefined, found: readonly string[]): string[] {
  return [...new Set([...(previous ?? []), ...found])];
}
