import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { pathToFileURL } from "node:url";

/** A server's elicitation/create: its message and the form's schema (none for the URL mode). */
export interface ElicitQuestion {
  server: string;
  message: string;
  schema?: { properties?: Record<string, unknown>; required?: string[] };
}

export type ElicitAnswer = { action: "accept"; content: Record<string, string | number | boolean> } | { action: "decline" | "cancel" };

/** What a server may ask of kit, answered by the app (the current model, the UI) or declined. */
export interface ClientRequests {
  /** elicitation/create: the user's answer to the server's form; declined where no one can answer (headless). */
  elicit?(question: ElicitQuestion): Promise<ElicitAnswer>;
  /** sampling/createMessage: one call to the current model, no tools; the model's text and its name. */
  sample(req: { system?: string; messages: { role: "user" | "assistant"; content: string }[]; maxTokens: number; signal: AbortSignal }): Promise<{ text: string; model: string }>;
}

/**
 * The requests a server may send kit: roots (the working directory), sampling (through the current
 * model) and elicitation (the UI's prompts; declined headless, which must never wait for a person, and
 * for the URL mode, which kit does not open).
 */
export function clientHandlers(client: Client, server: string, cwd: string, requests: ClientRequests): void {
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
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    const params = req.params as { message: string; mode?: string; requestedSchema?: ElicitQuestion["schema"] };
    if (!requests.elicit || params.mode === "url" || !params.requestedSchema) return { action: "decline" };
    return requests.elicit({ server, message: params.message, schema: params.requestedSchema });
  });
}

/** A sampling message's content as text (images and audio are named, not sent: the call has no attachments). */
function contentText(content: unknown): string {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks
    .map((b: { type?: string; text?: string }) => (b.type === "text" ? (b.text ?? "") : `[${b.type ?? "content"}]`))
    .join("\n");
}
