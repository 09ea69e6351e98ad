import { imageNote, toolResultText } from "../llm/message-text.ts";
import type { Message, Part } from "../llm/types.ts";
import type { CompactionPlan } from "./compaction-plan.ts";
import { CHARS_PER_TOKEN, estimateTokens } from "./compaction-tokens.ts";

/**
 * The request that asks a model to write (or update) a compaction summary. The conversation is sent
 * as labelled text rather than as messages, so the summariser cannot mistake it for its own turn and
 * tool calls need no tool definitions. The request always fits the window: long tool outputs and
 * arguments are cut in the middle, oldest first; if that is not enough the oldest messages are left
 * out; the last resort cuts the middle of what remains.
 */

export const DEFAULT_SUMMARY_OUTPUT_TOKENS = 8_000;
/**
 * Part of the window left unused: estimateTokens counts about four characters per token, and code
 * or non-English text runs denser, so the request aims below the window rather than at it.
 */
export const WINDOW_HEADROOM = 0.1;
/** Tool outputs and arguments longer than this may be cut, keeping their beginning and end. */
const TRIM_ABOVE_CHARS = 2_000;
const TRIM_KEEP_HEAD = 800;
const TRIM_KEEP_TAIL = 400;
/** Below this much room for the conversation a summary is not worth asking for. */
const MIN_CONVERSATION_CHARS = 1_000;

export interface SummaryRequestOptions {
  /** Tokens of the window of the model that will write the summary. */
  contextWindow: number;
  /** What the user asked the summary to focus on (`/compact <instructions>`). */
  customInstructions?: string;
  /** Room left for the summary; default 8,000. */
  maxOutputTokens?: number;
}

export interface SummaryRequest {
  system: string;
  /** One user message. */
  prompt: string;
  /** The output limit the request was sized for: pass it as the call's max tokens. */
  maxOutputTokens: number;
  /** How many tool outputs or arguments were cut in the middle to fit. */
  trimmedToolOutputs: number;
  /** How many of the oldest messages were left out to fit. */
  omittedMessages: number;
}

const SYSTEM = [
  "You write the working memory of an AI coding agent. Part of its conversation is being removed from its",
  "context to make room; your summary replaces that part. The agent will go on working from your summary",
  "and the most recent messages, which it keeps word for word.",
  "Do not continue the conversation, answer questions in it, or call tools. Output only the summary, in",
  "the format you are given.",
].join("\n");

const SECTIONS = `## Goal
What the user wants done, in their terms. Several goals: one line each.

## Constraints and preferences
Requirements, restrictions and preferences the user stated (style, tools, things to avoid).

## Progress
### Done
- Finished work, with the files and results involved.
### In progress
- Work started and not finished, with where it stands.
### Blocked
- Problems not yet solved, with the exact error messages.

## Key decisions
- What was decided and why, including approaches tried and abandoned.

## Next steps
1. What to do next, in order.

## Critical context
Facts the work depends on that are hard to recover: exact names, values, commands and their output,
versions, URLs, user answers.

## Files read
One path per line.

## Files modified
One path per line, with a few words on the change.`;

const RULES = [
  "Be brief but exact: keep file paths, function and variable names, commands, error messages and values",
  "as they were written. Write (none) under a heading with nothing to say.",
  "The system prompt and project context files such as AGENTS.md stay in the agent's context (they are",
  "re-read from disk), so do not restate them; note only what the user said that adds to or overrides them.",
].join("\n");

/** The request for a plan's summary, sized so that its estimate plus the output fits `contextWindow`. */
export function buildSummaryRequest(plan: CompactionPlan, opts: SummaryRequestOptions): SummaryRequest {
  const maxOutputTokens = opts.maxOutputTokens ?? DEFAULT_SUMMARY_OUTPUT_TOKENS;
  const framing = (conversation: string) => promptText(plan, opts.customInstructions, conversation);
  const limit = Math.floor(opts.contextWindow * (1 - WINDOW_HEADROOM)) - maxOutputTokens;
  const base = requestTokens(SYSTEM, framing(""));
  // ceil((a + b) / 4) <= ceil(a / 4) + b / 4 when b is a multiple of 4: the conversation may take `room` characters.
  const room = (limit - base) * CHARS_PER_TOKEN;
  if (room < MIN_CONVERSATION_CHARS) {
    throw new Error(
      `a ${opts.contextWindow}-token window leaves no room for a summary request ` +
        `(${base} tokens of instructions${plan.previousSummary ? " and previous summary" : ""}, ${maxOutputTokens} for the output)`,
    );
  }
  const fitted = fitConversation(plan.messages.map(messageBlocks), room);
  const prompt = framing(fitted.text);
  return { system: SYSTEM, prompt, maxOutputTokens, trimmedToolOutputs: fitted.trimmed, omittedMessages: fitted.omitted };
}

/** The estimate of a request: the system prompt and the prompt as one user message. */
export function requestTokens(system: string, prompt: string): number {
  return estimateTokens([{ role: "user", content: [{ type: "text", text: prompt }] }], system);
}

function promptText(plan: CompactionPlan, customInstructions: string | undefined, conversation: string): string {
  const out: string[] = [];
  if (plan.previousSummary !== undefined) {
    out.push("The summary written when the conversation was last compacted:", "", "<previous-summary>", plan.previousSummary, "</previous-summary>", "");
    out.push("The conversation since then, which is now being removed too:", "");
  } else {
    out.push("The conversation being removed:", "");
  }
  out.push("<conversation>", conversation, "</conversation>", "");
  out.push(
    "Files the agent read and modified with its tools up to this point (complete lists; copy them into the last two sections):",
    `Read: ${plan.readFiles.length > 0 ? plan.readFiles.join(", ") : "(none)"}`,
    `Modified: ${plan.modifiedFiles.length > 0 ? plan.modifiedFiles.join(", ") : "(none)"}`,
    "",
  );
  if (plan.previousSummary !== undefined) {
    out.push(
      "Update the previous summary with the conversation above: keep what still holds, move finished work to Done,",
      "drop what no longer matters, add the new goals, decisions and context. Answer with the whole updated summary,",
      "not only the changes, in this format:",
    );
  } else {
    out.push("Summarise the conversation above in this format:");
  }
  out.push("", SECTIONS, "", RULES);
  if (plan.splitTurn) {
    out.push(
      "",
      "The conversation above ends in the middle of a request: its latest steps are kept word for word after your",
      "summary. Say under In progress what that request is and what was done for it so far.",
    );
  }
  const custom = customInstructions?.trim();
  if (custom) out.push("", "The user asks the summary to focus on this:", custom);
  return out.join("\n");
}

// The conversation as text.

interface Block {
  /** The label, e.g. "[User]: "; never cut. */
  head: string;
  body: string;
  /** Tool output or arguments: may be cut in the middle. */
  tool: boolean;
}

const ROLE_LABEL: Record<Message["role"], string> = { user: "User", assistant: "Assistant", tool: "Tool", system: "System" };

function messageBlocks(message: Message): Block[] {
  const role = ROLE_LABEL[message.role];
  return message.content.flatMap((part) => partBlocks(role, part));
}

function partBlocks(role: string, part: Part): Block[] {
  switch (part.type) {
    case "text":
      return part.text === "" ? [] : [{ head: `[${role}]: `, body: part.text, tool: false }];
    case "reasoning":
      return part.text === "" ? [] : [{ head: `[${role} thinking]: `, body: part.text, tool: false }];
    case "image":
      return [{ head: `[${role}]: `, body: imageNote(part), tool: false }];
    case "tool_call":
      return [{ head: `[Tool call] ${part.name}: `, body: part.input, tool: true }];
    case "tool_result": {
      return [{ head: `[Tool ${part.isError ? "error" : "result"}] ${part.name}: `, body: toolResultText(part.content), tool: true }];
    }
  }
}

const blockLength = (b: Block) => b.head.length + b.body.length;
/** Blocks of a message are joined by one newline. */
const messageLength = (blocks: Block[]) => blocks.reduce((n, b) => n + blockLength(b), 0) + Math.max(0, blocks.length - 1);
const MESSAGE_SEPARATOR = "\n\n";
const omittedNote = (n: number) => `[${n} earlier message${n === 1 ? " was" : "s were"} left out here to fit the context window]`;

function fitConversation(messages: Block[][], room: number): { text: string; trimmed: number; omitted: number } {
  const lengths = messages.map(messageLength);
  let total = lengths.reduce((a, b) => a + b, 0) + MESSAGE_SEPARATOR.length * Math.max(0, messages.length - 1);
  let trimmed = 0;

  // 1. Cut the middle of long tool outputs and arguments, oldest first.
  for (let i = 0; i < messages.length && total > room; i++) {
    for (const block of messages[i]!) {
      if (total <= room) break;
      if (!block.tool || block.body.length <= TRIM_ABOVE_CHARS) continue;
      const before = block.body.length;
      block.body = cutMiddle(block.body, TRIM_KEEP_HEAD, TRIM_KEEP_TAIL);
      const saved = before - block.body.length;
      lengths[i]! -= saved;
      total -= saved;
      trimmed++;
    }
  }

  // 2. Leave out the oldest messages (a note says how many), keeping at least the newest.
  let omitted = 0;
  const withNote = () => (omitted > 0 ? omittedNote(omitted).length + MESSAGE_SEPARATOR.length : 0);
  while (total + withNote() > room && omitted < messages.length - 1) {
    total -= lengths[omitted]! + MESSAGE_SEPARATOR.length;
    omitted++;
  }

  const parts = messages.slice(omitted).map((blocks) => blocks.map((b) => b.head + b.body).join("\n"));
  if (omitted > 0) parts.unshift(omittedNote(omitted));
  let text = parts.join(MESSAGE_SEPARATOR);
  // 3. One message larger than the room: cut its middle.
  if (text.length > room) text = cutToLength(text, room);
  return { text, trimmed, omitted };
}

function omissionMarker(n: number): string {
  return `\n[… ${n} characters cut here …]\n`;
}

/** The text with its middle replaced by a marker, keeping `head` characters before and `tail` after. */
function cutMiddle(text: string, head: number, tail: number): string {
  const omitted = text.length - head - tail;
  if (omitted <= omissionMarker(omitted).length) return text;
  return text.slice(0, head) + omissionMarker(omitted) + text.slice(text.length - tail);
}

/** The text cut in the middle to at most `max` characters, marker included. */
function cutToLength(text: string, max: number): string {
  // The marker names the number cut, whose digits are at most those of text.length.
  const marker = omissionMarker(text.length).length;
  const keep = Math.max(0, max - marker);
  const head = Math.ceil(keep / 2);
  const tail = keep - head;
  const cut = text.slice(0, head) + omissionMarker(text.length - keep) + text.slice(text.length - tail);
  return cut.length <= max ? cut : text.slice(text.length - max);
}
