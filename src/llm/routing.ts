/**
 * How kit reaches a catalogue provider it has no code for, as the original Kit does: the models.dev
 * `npm` hint names the AI SDK package that speaks to the provider, which tells the wire; the `api`
 * field (or, where models.dev leaves it out because the package knows it, the package's own default)
 * gives the base URL; `env` names the key variables.
 */
import type { ProviderMeta } from "./models/types.ts";

/** Packages whose providers need a wire of their own (cloud credentials, deployments); not routed here. */
const NATIVE_ONLY = new Set(["workers-ai-provider"]);

/** The cloud platforms' packages and the wires kit reaches them with (llm/cloud-target.ts). */
const CLOUD_WIRES: Readonly<Record<string, string>> = {
  "@ai-sdk/azure": "azure",
  "@ai-sdk/amazon-bedrock": "bedrock",
  "@ai-sdk/google-vertex": "vertex",
  "@ai-sdk/google-vertex/anthropic": "vertex-anthropic",
};

/**
 * The wire for an npm hint: Anthropic's and OpenAI's own packages speak their APIs, Google's speaks
 * Gemini, and every other package (openai-compatible, groq, mistral, xai, …) is reached through the
 * Chat Completions API those providers also serve. Undefined for no hint or a cloud-native package.
 */
export function wireForNpm(npm: string | undefined): string | undefined {
  if (npm === undefined || NATIVE_ONLY.has(npm)) return undefined;
  if (CLOUD_WIRES[npm]) return CLOUD_WIRES[npm];
  if (npm === "@ai-sdk/anthropic") return "anthropic";
  if (npm === "@ai-sdk/openai") return "openai";
  if (npm === "@ai-sdk/google") return "gemini";
  return "openai-compat";
}

/**
 * The wire for a catalogue provider: by its npm hint, except that models.dev gives Vertex's Claude
 * provider the same hint as Vertex's Gemini one, though it speaks Anthropic's API there.
 */
export function routedWire(provider: string, npm: string | undefined): string | undefined {
  const wire = wireForNpm(npm);
  return provider === "google-vertex-anthropic" && wire === "vertex" ? "vertex-anthropic" : wire;
}

/**
 * OpenAI-compatible base URLs of the providers whose models.dev entry has no `api` because their AI
 * SDK package builds it in (the packages' documented defaults).
 */
const SDK_BASE_URLS: Readonly<Record<string, string>> = {
  "@ai-sdk/groq": "https://api.groq.com/openai/v1",
  "@ai-sdk/mistral": "https://api.mistral.ai/v1",
  "@ai-sdk/xai": "https://api.x.ai/v1",
  "@ai-sdk/togetherai": "https://api.together.xyz/v1",
  "@ai-sdk/cerebras": "https://api.cerebras.ai/v1",
  "@ai-sdk/deepinfra": "https://api.deepinfra.com/v1/openai",
  "@ai-sdk/vercel": "https://api.v0.dev/v1",
  "@ai-sdk/gateway": "https://ai-gateway.vercel.sh/v1",
  "@perplexity-ai/sdk": "https://api.perplexity.ai",
  "@requesty/ai-sdk": "https://router.requesty.ai/v1",
};

/**
 * The catalogue's base URL for a provider: OLLAMA_HOST for Ollama (written as Ollama itself takes
 * it, "host:port" or a URL), else `api`, else the default of the provider's SDK package.
 */
export function catalogueBaseUrl(meta: ProviderMeta, env: NodeJS.ProcessEnv): string | undefined {
  const ollamaHost = env.OLLAMA_HOST?.trim();
  if (meta.id === "ollama" && ollamaHost) {
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(ollamaHost) ? ollamaHost : `http://${ollamaHost}`;
    return `${url.replace(/\/+$/, "")}/v1`;
  }
  return meta.api ?? (meta.npm !== undefined ? SDK_BASE_URLS[meta.npm] : undefined);
}

/** The provider's key variables, in catalogue order; `env` also lists account ids, regions and projects. */
export function keyVariables(meta: ProviderMeta | undefined): string[] {
  return (meta?.env ?? []).filter((name) => /KEY|TOKEN/.test(name));
}

/** True for a provider whose own endpoint is on this machine (Ollama, LM Studio): it takes no key. */
export function isLocalProvider(meta: ProviderMeta | undefined): boolean {
  if (!meta?.api) return false;
  try {
    return ["localhost", "127.0.0.1", "[::1]"].includes(new URL(meta.api).hostname);
  } catch {
    return false;
  }
}
