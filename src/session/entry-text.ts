import { partsText } from "../llm/message-text.ts";
import type { Part } from "../llm/types.ts";
import type { SessionEntry } from "./types.ts";

/**
 * Plain-text renderings of entries for the views that carry `content: string` (SessionMessage,
 * TreeNode), listings and exports.
 */

/** Only the text parts (what a user typed, what an assistant said). */
export function textOnly(parts: readonly Part[]): string {
  return parts
    .filter((p) => p.type === "text")
    .map((p) => (p as { text: string }).text)
    .join("\n");
}

export function entryText(entry: SessionEntry): string {
  switch (entry.type) {
    case "message":
      return partsText(entry.content);
    case "model_change":
      return `${entry.provider}/${entry.model}`;
    case "thinking_level_change":
      return entry.level;
    case "compaction":
    case "branch_summary":
      return entry.summary;
    case "label":
      return entry.label;
    case "session_info":
      return entry.name;
    case "extension_data":
      return entry.data;
  }
}
