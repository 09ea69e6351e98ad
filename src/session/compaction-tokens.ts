import type { Message, Part } from "../llm/types.ts";

/**
 * A cheap, deterministic token estimate for the context: about four characters per token for every
 * piece of text the model reads (text, reasoning, tool names and arguments, tool results), a fixed
 * cost per image and a small cost per message for the role framing. No tokenizer: it only has to be
 * close enough to decide when to compact and to keep a summary request inside the window, and it
 * never decreases when something is added.
 */

export const CHARS_PER_TOKEN = 4;
/** What an image is assumed to cost, whatever its size (providers charge roughly this for a screen-sized one). */
export const IMAGE_TOKENS = 1_200;
/** Role and separators around each message. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** The output the automatic trigger leaves room for. */
export const DEFAULT_RESERVE_TOKENS = 16_000;

/** Tokens of a piece of text. */
export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Tokens of the messages (and the system prompt, when given). */
export function estimateTokens(messages: readonly Message[], system?: string): number {
  let total = system ? estimateTextTokens(system) : 0;
  for (const message of messages) total += estimateMessageTokens(message);
  return total;
}

export function estimateMessageTokens(message: Message): number {
  let chars = 0;
  let images = 0;
  for (const part of message.content) {
    const counted = partSize(part);
    chars += counted.chars;
    images += counted.images;
  }
  return MESSAGE_OVERHEAD_TOKENS + Math.ceil(chars / CHARS_PER_TOKEN) + images * IMAGE_TOKENS;
}

function partSize(part: Part): { chars: number; images: number } {
  switch (part.type) {
    case "text":
    case "reasoning":
      return { chars: part.text.length, images: 0 };
    case "tool_call":
      return { chars: part.name.length + part.input.length, images: 0 };
    case "image":
      return { chars: 0, images: 1 };
    case "tool_result": {
      if (typeof part.content === "string") return { chars: part.name.length + part.content.length, images: 0 };
      let chars = part.name.length;
      let images = 0;
      for (const block of part.content) {
        if (block.type === "text") chars += block.text.length;
        else images++;
      }
      return { chars, images };
    }
  }
}

export interface AutoCompactCheck {
  /** Tokens of the context as it would be sent next (provider-reported usage or estimateTokens). */
  contextTokens: number;
  contextWindow: number;
  /** Room kept for the model's answer; default 16,000. */
  reserveTokens?: number;
}

/**
 * True when the context no longer leaves the output reserve free. With a window smaller than twice
 * the reserve, the reserve shrinks to half the window, so small local models still get compacted
 * before they overflow rather than on every turn.
 */
export function shouldAutoCompact({ contextTokens, contextWindow, reserveTokens = DEFAULT_RESERVE_TOKENS }: AutoCompactCheck): boolean {
  if (!(contextWindow > 0)) return false;
  const reserve = Math.min(Math.max(0, reserveTokens), Math.floor(contextWindow / 2));
  return contextTokens > contextWindow - reserve;
}
