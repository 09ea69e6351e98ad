import OpenAI from "openai";
import type { LLMRequest, ProviderOptions } from "../types.ts";

/** One SDK client per endpoint/key, shared by both OpenAI wires. Retries are ours, so the SDK's are off. */
export function openAIClientCache(opts: ProviderOptions): (req: LLMRequest) => OpenAI {
  const clients = new Map<string, OpenAI>();
  return (req) => {
    const t = req.target;
    const key = `${t.baseUrl ?? ""}\n${t.apiKey}\n${JSON.stringify(t.headers ?? {})}`;
    let client = clients.get(key);
    if (!client) {
      // SDK console warnings would break --quiet and --json output; they are shown only with --debug.
      client = new OpenAI({
        apiKey: t.apiKey,
        baseURL: t.baseUrl,
        maxRetries: 0,
        defaultHeaders: t.headers,
        logLevel: opts.debug ? "debug" : "off",
      });
      clients.set(key, client);
    }
    return client;
  };
}

/** kit's thinking levels map onto OpenAI's reasoning effort; `off` sends nothing. */
export function reasoningEffort(level: LLMRequest["options"]["thinkingLevel"]): "none" | "minimal" | "low" | "medium" | "high" | undefined {
  return level === undefined || level === "off" ? undefined : level;
}
