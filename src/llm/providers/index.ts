import type { Provider, ProviderOptions, Wire } from "../types.ts";

/**
 * Loads the adapter for a wire on demand: the SDKs are the largest modules kit has, and a run that
 * never calls a model (--version, --help, most subcommands) must not pay for evaluating them.
 */
export async function loadProvider(wire: Wire, opts: ProviderOptions = {}): Promise<Provider> {
  switch (wire) {
    case "anthropic":
      return (await import("./anthropic.ts")).createAnthropicProvider(opts);
    case "openai":
      return (await import("./openai-responses.ts")).createOpenAIResponsesProvider(opts);
    case "openai-compat":
      return (await import("./openai-chat.ts")).createOpenAIChatProvider(opts);
    case "gemini":
      return (await import("./gemini.ts")).createGeminiProvider(opts);
    case "azure":
      return (await import("./azure.ts")).createAzureProvider(opts);
    case "bedrock":
      return (await import("./bedrock.ts")).createBedrockProvider(opts);
    case "vertex":
      return (await import("./vertex.ts")).createVertexGeminiProvider(opts);
    case "vertex-anthropic":
      return (await import("./vertex.ts")).createVertexAnthropicProvider(opts);
  }
}
