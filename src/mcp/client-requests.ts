import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { pathToFileURL } from "node:url";

/** What a server may ask of kit, answered by the app (the current model) or declined. */
export interface ClientRequests {
  /** sampling/createMessage: one call to the current model, no tools; the model's text and its name. */
  sample(req: { system?: string; messages: { role: "user" | "assistant"; content: string }[]; maxTokens: number; signal: AbortSignal }): Promise<{ text: string; model: string }>;
}

/**
 * The requests a server may send kit: roots (the working directory), sampling (through the current
 * model) and elicitation, which is declined: kit has no form to ask the user with yet, and a headless
 * run must never wait for one.
 */
export function clientHandlers(client: Client, cwd: string, requests: ClientRequests): void {
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: pathToFileURL(cwd).href, name: "working directory" }] }));
  client.setRequestHandler(CreateMessageRequestSchema, async (req, extra) => {
    const messages = req.params.messages.map((m) => ({
      role: m.role,
      content: contentText(m.content),
    }));
    const answer = await requests.sample({
      ...(req.params.systemPrompt ? { system: req.params.systemPrompt } : {}),
      messages,
      maxTokens: req.params.maxTokens,
      signal: extra.signal,
    });
    return { role: "assistant", content: { type: "text", text: answer.text }, model: answer.model, stopReason: "endTurn" };
  });
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "decline" }));
}

/** A sampling message's content as text (images and audio are named, not sent: the call has no attachments). */
function contentText(content: unknown): string {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks
    .map((b: { type?: string; text?: string }) => (b.type === "text" ? (b.text ?? "") : `[${b.type ?? "content"}]`))
    .join("\n");
}
