import type { Part } from "../llm/types.ts";
import type { SessionEntry } from "./types.ts";

/**
 * Plain-text renderings of entries for the views that carry `content: string` (SessionMessage,
 * TreeNode), listings and exports.
 */

/** The readable text of message parts: text as is; reasoning, tool calls, results and images as short notes. */
export function partsText(parts: readonly Part[]): string {
  const out: string[] = [];
  for (const part of parts) {
    switch (part.type) {
      case "text":
        out.push(part.text);
        break;
      case "reasoning":
        break;
      case "tool_call":
        out.push(`[tool call ${part.name}: ${part.input}]`);
        break;
      case "tool_result":
        out.push(
          typeof part.content === "string"
            ? part.content
            : part.content.map((b) => (b.type === "text" ? b.text : `[image ${b.mediaType}]`)).join("\n"),
        );
        break;
      case "image":
        out.push(`[image ${part.mediaType}]`);
        break;
    }
  }
  return out.join("\n");
}

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
