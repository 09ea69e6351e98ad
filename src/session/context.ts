import type { Message, Part, ToolResultPart } from "../llm/types.ts";
import type { CompactionEntry, SessionEntry } from "./types.ts";

/**
 * The messages the model sees, built from a branch (root → leaf) as spec/sessions.md (Tree) says:
 * - if a compaction lies on the path, its summary comes first, then the entries from its
 *   `firstKeptEntryId` on (the latest compaction on the path wins);
 * - branch summaries become messages where they are on the path;
 * - a tool call and its result are never separated: a call whose result is missing gets a synthesised
 *   error result "interrupted", and a result whose call is not right before it is dropped (no
 *   provider accepts either).
 */

export const INTERRUPTED_RESULT = "interrupted";

const COMPACTION_INTRO =
  "[Earlier conversation compacted] The conversation before this point was replaced by this summary:";
const BRANCH_INTRO = "[Summary of an abandoned branch] The conversation returned here from a branch that did this:";

/** The user message that stands for everything a compaction replaced. */
export function compactionSummaryMessage(summary: string): Message {
  return { role: "user", content: [{ type: "text", text: `${COMPACTION_INTRO}\n\n<summary>\n${summary}\n</summary>` }] };
}

export function branchSummaryMessage(summary: string): Message {
  return { role: "user", content: [{ type: "text", text: `${BRANCH_INTRO}\n\n<summary>\n${summary}\n</summary>` }] };
}

export function buildContext(branch: readonly SessionEntry[]): Message[] {
  const messages: Message[] = [];
  let from = 0;
  const c = lastCompactionIndex(branch);
  if (c >= 0) {
    const compaction = branch[c] as CompactionEntry;
    messages.push(compactionSummaryMessage(compaction.summary));
    const kept = branch.findIndex((e) => e.id === compaction.firstKeptEntryId);
    from = kept >= 0 ? kept : c + 1;
  }
  for (let i = from; i < branch.length; i++) {
    const entry = branch[i]!;
    if (entry.type === "message") messages.push({ role: entry.role, content: entry.content });
    else if (entry.type === "branch_summary") messages.push(branchSummaryMessage(entry.summary));
  }
  return pairToolCalls(messages);
}

function lastCompactionIndex(branch: readonly SessionEntry[]): number {
  for (let i = branch.length - 1; i >= 0; i--) if (branch[i]!.type === "compaction") return i;
  return -1;
}

/**
 * Every assistant tool call followed by its result, and no result without its call. Stored messages
 * are never modified: changed ones are copies.
 */
export function pairToolCalls(messages: readonly Message[]): Message[] {
  const out: Message[] = [];
  // Calls of the latest assistant message still waiting for a result: id → tool name.
  let pending = new Map<string, string>();
  // Index in `out` of the tool message answering that assistant message, if any.
  let answerAt = -1;

  const settle = () => {
    if (pending.size === 0) return;
    const synthesised: ToolResultPart[] = [...pending].map(([toolCallId, name]) => ({
      type: "tool_result",
      toolCallId,
      name,
      content: INTERRUPTED_RESULT,
      isError: true,
    }));
    if (answerAt >= 0) {
      const answer = out[answerAt]!;
      out[answerAt] = { role: answer.role, content: [...answer.content, ...synthesised] };
    } else {
      out.push({ role: "tool", content: synthesised });
    }
    pending = new Map();
  };

  for (const message of messages) {
    if (message.role === "tool") {
      const content = message.content.filter((p) => p.type !== "tool_result" || pending.has(p.toolCallId));
      for (const p of content) if (p.type === "tool_result") pending.delete(p.toolCallId);
      if (!content.some((p) => p.type === "tool_result")) continue;
      if (answerAt >= 0) {
        // A second tool message for the same calls: merge, so the results stay in one message.
        const answer = out[answerAt]!;
        out[answerAt] = { role: answer.role, content: [...answer.content, ...content] };
      } else {
        answerAt = out.length;
        out.push(content.length === message.content.length ? message : { role: message.role, content });
      }
      continue;
    }
    settle();
    answerAt = -1;
    out.push(message);
    if (message.role === "assistant") {
      for (const p of message.content) if (p.type === "tool_call") pending.set(p.id, p.name);
    }
  }
  settle();
  return out;
}

/**
 * Moves a cut (the index of the first entry kept after it) so that no tool result is kept while its
 * call is cut away: when the kept part would start with results, the cut moves back to the assistant
 * message that made those calls, keeping the pair together. Compaction uses it to pick
 * `firstKeptEntryId`. Returns an index in [0, branch.length].
 */
export function adjustCutIndex(branch: readonly SessionEntry[], index: number): number {
  let cut = Math.max(0, Math.min(index, branch.length));
  const waiting = new Set<string>();
  for (let i = cut; i < branch.length; i++) {
    const e = branch[i]!;
    if (e.type !== "message") continue;
    if (e.role !== "tool") break;
    for (const p of e.content) if (p.type === "tool_result") waiting.add(p.toolCallId);
  }
  for (let i = cut - 1; i >= 0 && waiting.size > 0; i--) {
    const e = branch[i]!;
    if (e.type !== "message" || e.role !== "assistant") continue;
    const calls = e.content.filter((p): p is Extract<Part, { type: "tool_call" }> => p.type === "tool_call");
    if (!calls.some((p) => waiting.has(p.id))) continue;
    cut = i;
    for (const p of calls) waiting.delete(p.id);
  }
  return cut;
}

/** adjustCutIndex by entry id: the id of the entry the adjusted cut keeps first. */
export function adjustCutPoint(branch: readonly SessionEntry[], firstKeptId: string): string {
  const index = branch.findIndex((e) => e.id === firstKeptId);
  if (index < 0) throw new Error(`entry ${firstKeptId} is not on the branch`);
  return branch[adjustCutIndex(branch, index)]!.id;
}
