// Bookmarks in the conversation: `/bookmark <label>` marks the current point (a "bookmark" entry in the session tree), `/bookmarks` lists the ones on this branch.
import type { ExtensionAPI } from "kit/ext";

export interface Bookmark {
  label: string;
  /** How many messages the conversation had when it was marked. */
  messageCount: number;
  /** The message the bookmark points at (the latest one then), or null in an empty conversation. */
  messageId: string | null;
  /** Its first line, to recognise the spot. */
  excerpt: string;
}

export default function bookmark(kit: ExtensionAPI) {
  kit.registerCommand({
    name: "bookmark",
    description: "Mark this point of the conversation: /bookmark <label>",
    execute(args, ctx) {
      const label = args.trim();
      if (label === "") return "usage: /bookmark <label>";
      const messages = ctx.getMessages();
      const last = messages.at(-1);
      const mark: Bookmark = {
        label,
        messageCount: messages.length,
        messageId: last?.id ?? null,
        excerpt: (last?.content.split("\n", 1)[0] ?? "").slice(0, 80),
      };
      const id = ctx.appendEntry("bookmark", JSON.stringify(mark));
      return `Bookmarked "${label}" (${id}, after ${messages.length} message(s)).`;
    },
  });

  kit.registerCommand({
    name: "bookmarks",
    description: "List the bookmarks on this branch of the conversation",
    execute(_args, ctx) {
      const entries = ctx.getEntries("bookmark");
      if (entries.length === 0) return "No bookmarks yet: add one with /bookmark <label>.";
      const lines = entries.map((e, i) => {
        const mark = JSON.parse(e.data) as Bookmark;
        const where = mark.excerpt ? ` at "${mark.excerpt}"` : "";
        return `${i + 1}. ${mark.label} — ${new Date(e.timestamp).toLocaleString()}, message ${mark.messageCount}${where} (${e.id})`;
      });
      return [`Bookmarks (${entries.length}):`, ...lines].join("\n");
    },
  });
}
