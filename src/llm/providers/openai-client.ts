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

/** Whether a wire's reasoning token count is outside its output count (see chatUsage in openai-chat.ts); both OpenAI wires use it. */
export function reasoningOutside(prompt: number, output: number, reasoning: number, total: number | undefined): boolean {
  if (reasoning <= 0) return false;
  if (typeof total === "number" && total > 0) return total === prompt + output + reasoning && total !== prompt + output;
  return reasoning > output;
}
