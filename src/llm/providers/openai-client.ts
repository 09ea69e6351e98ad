import OpenAI from "openai";
import type { LLMRequest, ProviderOptions } from "../types.ts";
import { clientCache } from "./client-cache.ts";

/** One SDK client per endpoint and key, shared by both OpenAI wires. */
export function openAIClientCache(opts: ProviderOptions): (req: LLMRequest) => OpenAI {
  return clientCache(opts, (o) => new OpenAI(o));
}

/** kit's thinking levels map onto OpenAI's reasoning effort; `off` sends nothing. */
export function reasoningEffort(level: LLMRequest["options"]["thinkingLevel"]): "none" | "minimal" | "low" | "medium" | "high" | undefined {
  return level === undefined || level === "off" ? undefined : level;
}
