// `/summarize` asks the model for a short summary of the conversation so far, stores it in the session as a "summary" entry and shows it.
import type { ExtensionAPI, SessionMessage } from "kit/ext";

const SYSTEM = [
  "You summarize a conversation between a user and an AI coding agent for the user.",
  "Write at most 8 short bullet points: the goal, what was done (files, commands), decisions, and what is still open.",
  "No preamble.",
].join(" ");

/** Characters of the transcript sent at most; the oldest messages are left out first. */
const MAX_TRANSCRIPT = 60_000;
const MAX_MESSAGE = 4_000;

export function transcript(messages: SessionMessage[]): string {
  const parts: string[] = [];
  let size = 0;
  for (const m of [...messages].reverse()) {
    const text = m.content.length > MAX_MESSAGE ? `${m.content.slice(0, MAX_MESSAGE)} […]` : m.content;
    const part = `[${m.role}] ${text}`;
    if (size + part.length > MAX_TRANSCRIPT) break;
    parts.unshift(part);
    size += part.length;
  }
  return parts.join("\n\n");
}

export default function summarize(kit: ExtensionAPI) {
  kit.registerCommand({
    name: "summarize",
    description: "Summarize the conversation so far with the current model, and keep the summary in the session",
    async execute(_args, ctx) {
      const messages = ctx.getMessages().filter((m) => m.role === "user" || m.role === "assistant" || m.role === "tool");
      if (messages.length === 0) return "Nothing to summarize yet.";
      let summary: string;
      try {
        const reply = await ctx.complete({
          system: SYSTEM,
          prompt: `Summarize this conversation:\n\n${transcript(messages)}`,
          maxTokens: 600,
        });
        summary = reply.text.trim();
      } catch (err) {
        ctx.printError(`/summarize: the model call failed: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      if (summary === "") {
        ctx.printError("/summarize: the model returned an empty summary");
        return;
      }
      ctx.appendEntry("summary", JSON.stringify({ summary, messageCount: messages.length, model: ctx.model }));
      return `Summary of ${messages.length} message(s):\n\n${summary}`;
    },
  });
}
