import type { ImagePart, Part, ToolResultBlock } from "./types.ts";

/**
 * "The text of a message": the one plain-text view of message parts that transcripts, session
 * views, exports, headless output, compaction prompts and extension hooks show. It lives beside the
 * message types so every layer above reads messages the same way.
 */

export interface MessageTextOptions {
  /**
   * "note" (default) shows each image as a short note naming its media type; "omit" leaves images
   * out, for places where a note would be noise (a provider's text-only tool message whose images
   * are sent separately, a hook that sees only the text a tool returned).
   */
  images?: "note" | "omit";
}

/** How an image shows in text: `[image image/png]`. */
export function imageNote(image: Pick<ImagePart, "mediaType">): string {
  return `[image ${image.mediaType}]`;
}

/** The text of a tool result's content: text blocks as they are, images as notes (or left out), one per line. */
export function toolResultText(content: string | readonly ToolResultBlock[], options: MessageTextOptions = {}): string {
  if (typeof content === "string") return content;
  const out: string[] = [];
  for (const block of content) {
    if (block.type === "text") out.push(block.text);
    else if (options.images !== "omit") out.push(imageNote(block));
  }
  return out.join("\n");
}

/**
 * The readable text of message parts, one per line: text as is; reasoning left out; a tool call as
 * `[tool call name: input]`; a failed tool result marked `[tool name error]`; images as notes.
 */
export function partsText(parts: readonly Part[], options: MessageTextOptions = {}): string {
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
      case "tool_result": {
        const text = toolResultText(part.content, options);
        out.push(part.isError ? `[tool ${part.name} error] ${text}` : text);
        break;
      }
      case "image":
        if (options.images !== "omit") out.push(imageNote(part));
        break;
    }
  }
  return out.join("\n");
}
