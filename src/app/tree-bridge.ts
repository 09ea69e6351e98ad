/**
 * The conversation-tree members of the extension Context over the session store: read the tree,
 * move the leaf, and summarise or collapse a stretch of a branch. A stretch is given as `fromId` and
 * `toId` where `fromId` lies on the path root → `toId` (or is `toId`).
 *
 * Collapsing moves the leaf to the parent of `fromId` and records there a branch_summary of the
 * stretch (spec/sessions.md): what the model sees next is the path up to before `fromId`, then the
 * summary; the stretch itself stays in the file as a side branch. Nothing moves while a turn runs
 * (its messages are being appended at the leaf).
 */
import type { TreeNode } from "../extensions/contract.ts";
import { buildContext } from "../session/context.ts";
import { buildSummaryRequest } from "../session/compaction.ts";
import type { SessionStore } from "../session/store.ts";

export interface TreeBridgeDeps {
  session: SessionStore;
  /** False while a turn runs. */
  isIdle(): boolean;
  /** One model call (ctx.complete's path); the summary's author. */
  complete(req: { system: string; prompt: string; maxTokens: number }): Promise<{ text: string }>;
  /** The context window of the current model, in tokens. */
  contextWindow(): number;
}

const BUSY = "the conversation cannot move while a turn is running; do it from a command or when the agent is idle";

const SUMMARY_FOCUS =
  "This part of the conversation is being set aside as a branch: summarise what it tried and found, so the conversation can go on from before it with your summary in its place.";

export class TreeBridge {
  constructor(private readonly d: TreeBridgeDeps) {}

  getTreeNode(id: string): TreeNode | undefined {
    return typeof id === "string" && this.d.session.has(id) ? this.d.session.getTreeNode(id) : undefined;
  }

  /** The path root → leaf. */
  getCurrentBranch(): TreeNode[] {
    return this.d.session.branch().map((e) => this.d.session.getTreeNode(e.id)!);
  }

  /** Ids of the children of an entry, in file order; "" lists the roots. [] for an unknown id. */
  getChildren(id: string): string[] {
    if (id === "") return this.d.session.children(null);
    return this.d.session.has(id) ? this.d.session.children(id) : [];
  }

  navigateTo(id: string): { success: boolean; error?: string } {
    if (!this.d.isIdle()) return { success: false, error: BUSY };
    if (typeof id !== "string" || !this.d.session.has(id)) return { success: false, error: `no entry "${id}" in this session` };
    this.d.session.navigate(id);
    return { success: true };
  }

  /** A summary of the stretch written by the current model. Rejects on a bad range or a failed call. */
  async summarizeBranch(fromId: string, toId: string): Promise<string> {
    const problem = this.rangeProblem(fromId, toId);
    if (problem) throw new Error(`summarizeBranch: ${problem}`);
    const path = this.d.session.branch(toId);
    const messages = buildContext(path.slice(path.findIndex((e) => e.id === fromId)));
    if (messages.length === 0) throw new Error(`summarizeBranch: there are no messages between ${fromId} and ${toId} to summarise`);
    const req = buildSummaryRequest(
      { firstKeptEntryId: toId, messages, tokensBefore: 0, keptTokens: 0, splitTurn: false, readFiles: [], modifiedFiles: [] },
      { contextWindow: this.d.contextWindow(), customInstructions: SUMMARY_FOCUS },
    );
    const reply = await this.d.complete({ system: req.system, prompt: req.prompt, maxTokens: req.maxOutputTokens });
    return reply.text.trim();
  }

  collapseBranch(fromId: string, toId: string, summary: string): { success: boolean; error?: string } {
    if (!this.d.isIdle()) return { success: false, error: BUSY };
    const problem = this.rangeProblem(fromId, toId);
    if (problem) return { success: false, error: problem };
    if (typeof summary !== "string" || summary.trim() === "") return { success: false, error: "the summary is empty" };
    this.d.session.navigate(this.d.session.get(fromId)!.parentId);
    this.d.session.branchSummary(toId, summary);
    return { success: true };
  }

  /** Why fromId..toId is not a stretch of one branch, or undefined when it is. */
  private rangeProblem(fromId: string, toId: string): string | undefined {
    const s = this.d.session;
    if (typeof fromId !== "string" || !s.has(fromId)) return `no entry "${fromId}" in this session`;
    if (typeof toId !== "string" || !s.has(toId)) return `no entry "${toId}" in this session`;
    if (!s.branch(toId).some((e) => e.id === fromId)) return `entry "${fromId}" is not on the path to "${toId}"`;
    return undefined;
  }
}
