import type { ContextMessage } from "../extensions/contract.ts";
import { partsText } from "../llm/message-text.ts";
import type { Message } from "../llm/types.ts";

/** The text view of a message that `context_prepare`/`prepare_step` handlers see. */
export function toContextMessages(messages: readonly Message[]): ContextMessage[] {
  return messages.map((m, index) => ({ index, role: m.role, content: partsText(m.content) }));
}

/**
 * A handler's replacement context back to messages: an index ≥ 0 reuses that original message
 * intact (tool calls, reasoning, images); an index < 0 is a new text message from role + content.
 * Tool results cannot be made from text, so a new "tool" message becomes a user message.
 */
export function fromContextMessages(replacement: readonly ContextMessage[], original: readonly Message[]): Message[] {
  const out: Message[] = [];
  for (const m of replacement) {
    const kept = m.index >= 0 ? original[m.index] : undefined;
    if (kept) out.push(kept);
    else if (m.index >= 0) throw new Error(`context message index ${m.index} does not exist (the context has ${original.length} messages)`);
    else out.push({ role: m.role === "tool" ? "user" : m.role, content: [{ type: "text", text: m.content }] });
  }
  return out;
}
