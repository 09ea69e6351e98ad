// Conversation manager: walks the session's tree. `/branches` lists the current branch and where it forks, `/node <id>` shows one entry, `/goto <id> [prompt]` continues from an earlier point, `/branch-summary <from> [to]` summarises a stretch, and `/collapse <from> [prompt]` replaces the stretch from <from> to here with its summary.
import type { Context, ExtensionAPI, TreeNode } from "kit/ext";

const short = (text: string, max = 60) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** One line per entry: id, what it is, the start of its text, and how many branches leave it. */
function describe(node: TreeNode, ctx: Context): string {
  const what = node.role ?? node.type;
  const forks = ctx.getChildren(node.id).length;
  return `${node.id}  ${what.padEnd(14)} ${short(node.content)}${forks > 1 ? `  [${forks} branches]` : ""}`;
}

/** The id of the current leaf ("" before the first entry). */
const leafId = (ctx: Context) => ctx.getCurrentBranch().at(-1)?.id ?? "";

/** First word and the rest of a command's arguments. */
function split(args: string): [string, string] {
  const trimmed = args.trim();
  const at = trimmed.search(/\s/);
  return at < 0 ? [trimmed, ""] : [trimmed.slice(0, at), trimmed.slice(at + 1).trim()];
}

export default function conversationManager(kit: ExtensionAPI) {
  kit.registerCommand({
    name: "branches",
    description: "List the entries of the current branch, root first, with the points where the conversation forks",
    execute(_args, ctx) {
      const branch = ctx.getCurrentBranch();
      if (branch.length === 0) return "the conversation is empty";
      const roots = ctx.getChildren("");
      const header = roots.length > 1 ? `${roots.length} separate roots; showing the current branch:` : "current branch:";
      return [header, ...branch.map((n) => describe(n, ctx))].join("\n");
    },
  });

  kit.registerCommand({
    name: "node",
    description: "Show one entry of the conversation: /node <id>",
    execute(args, ctx) {
      const node = ctx.getTreeNode(args.trim());
      if (!node) return `no entry "${args.trim()}"`;
      const lines = [`${node.id} (${node.role ?? node.type}) at ${node.timestamp}`, `parent: ${node.parentId ?? "(root)"}`];
      if (node.model) lines.push(`model: ${node.provider ? `${node.provider}/` : ""}${node.model}`);
      lines.push(`children: ${node.children.join(", ") || "(none)"}`, "", node.content);
      return lines.join("\n");
    },
  });

  kit.registerCommand({
    name: "goto",
    description: "Continue the conversation from an earlier entry: /goto <id> [prompt] (the prompt starts a new branch there)",
    execute(args, ctx) {
      const [id, prompt] = split(args);
      if (!id) return "usage: /goto <id> [prompt]";
      const moved = ctx.navigateTo(id);
      if (!moved.success) return `cannot go to ${id}: ${moved.error}`;
      if (prompt) ctx.sendMessage(prompt);
      return `now at ${id}`;
    },
  });

  kit.registerCommand({
    name: "branch-summary",
    description: "Summarise a stretch of the current branch with the model: /branch-summary <from> [to] (to = the latest entry)",
    async execute(args, ctx) {
      const [from, rest] = split(args);
      if (!from) return "usage: /branch-summary <from> [to]";
      return await ctx.summarizeBranch(from, rest || leafId(ctx));
    },
  });

  kit.registerCommand({
    name: "collapse",
    description: "Replace the stretch from an entry to the latest one with its summary, for a fresh context: /collapse <from> [prompt]",
    async execute(args, ctx) {
      const [from, prompt] = split(args);
      if (!from) return "usage: /collapse <from> [prompt]";
      const to = leafId(ctx);
      const summary = await ctx.summarizeBranch(from, to);
      const done = ctx.collapseBranch(from, to, summary);
      if (!done.success) return `cannot collapse: ${done.error}`;
      ctx.appendEntry("conversation-manager", JSON.stringify({ collapsed: { from, to } }));
      if (prompt) ctx.sendMessage(prompt);
      return `collapsed ${from}…${to} into a summary:\n${summary}`;
    },
  });
}
