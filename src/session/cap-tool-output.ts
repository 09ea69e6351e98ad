import type { Part, ToolResultBlock, ToolResultPart } from "../llm/types.ts";

/**
 * Very large tool outputs are cut before they are stored (spec/sessions.md, Durability): built-in
 * tools already keep what reaches the model far below the cap, so this guards against extension tools
 * that return megabytes. The cap counts the UTF-8 bytes of a tool_result's text; images have their
 * own cap (base64 length), since the model did see them whole; `details` (UI data, never sent to the
 * model) is left out when its JSON is larger than the text cap.
 */

export interface StorageLimits {
  /** Text bytes kept per tool_result. */
  maxToolResultBytes: number;
  /** Base64 characters kept per image in a tool_result; a larger image becomes a note. */
  maxImageBytes: number;
}

export const DEFAULT_STORAGE_LIMITS: StorageLimits = {
  maxToolResultBytes: 256 * 1024,
  maxImageBytes: 8 * 1024 * 1024,
};

/** The parts with every tool_result within the limits; the same array when nothing had to change. */
export function capToolResults(content: Part[], limits: StorageLimits): Part[] {
  let changed = false;
  const out = content.map((part) => {
    if (part.type !== "tool_result") return part;
    const capped = capToolResult(part, limits);
    if (capped !== part) changed = true;
    return capped;
  });
  return changed ? out : content;
}

function capToolResult(part: ToolResultPart, limits: StorageLimits): ToolResultPart {
  let result = part;
  if (typeof part.content === "string") {
    const text = capText(part.content, limits.maxToolResultBytes);
    if (text !== part.content) result = { ...part, content: text };
  } else {
    const blocks = capBlocks(part.content, limits);
    if (blocks !== part.content) result = { ...part, content: blocks };
  }
  if (part.details !== undefined && jsonBytes(part.details) > limits.maxToolResultBytes) {
    const { details: _dropped, ...rest } = result;
    result = rest;
  }
  return result;
}

function capBlocks(blocks: ToolResultBlock[], limits: StorageLimits): ToolResultBlock[] {
  let budget = limits.maxToolResultBytes;
  let changed = false;
  const out: ToolResultBlock[] = [];
  for (const block of blocks) {
    if (block.type === "image") {
      if (block.data.length > limits.maxImageBytes) {
        changed = true;
        out.push({
          type: "text",
          text: `[kit: ${block.mediaType} image of ${formatSize(block.data.length)} (base64) left out of the session file]`,
        });
      } else {
        out.push(block);
      }
      continue;
    }
    const size = Buffer.byteLength(block.text);
    if (size <= budget) {
      budget -= size;
      out.push(block);
      continue;
    }
    changed = true;
    out.push({ ...block, text: capText(block.text, budget) });
    budget = 0;
  }
  return changed ? out : blocks;
}

/** `text` cut to at most `maxBytes` UTF-8 bytes (never inside a character), with a marker. */
export function capText(text: string, maxBytes: number): string {
  // Fast path: a string of n UTF-16 units is at most 3n UTF-8 bytes.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text);
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes);
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  const kept = bytes.subarray(0, end).toString("utf8");
  return `${kept}\n\n[kit: output cut to ${formatSize(end)} when stored in the session; ${formatSize(bytes.length - end)} left out]`;
}

function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? "");
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
