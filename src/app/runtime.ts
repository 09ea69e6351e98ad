import type { Config } from "../config/config.ts";
import { cost } from "../llm/models/pricing.ts";
import { ModelRegistry } from "../llm/models/registry.ts";
import type { ResolvedModel } from "../llm/models/types.ts";
import { loadProvider } from "../llm/providers/index.ts";
import { DEFAULT_RETRY_POLICY, withRetries } from "../llm/retry.ts";
import { resolveTarget } from "../llm/target.ts";
import type { GenerationOptions, ModelTarget, Provider, ThinkingLevel, Usage } from "../llm/types.ts";

export const DEFAULT_MODEL = "anthropic/claude-sonnet-4-5";

/** The model side of a run: which model, how to reach it, and what it costs. Built once per run. */
export interface ModelRuntime {
  registry: ModelRegistry;
  model: ResolvedModel;
  target: ModelTarget;
  provider: Provider;
  generation: GenerationOptions;
  costOf(usage: Usage, modelId: string): number | undefined;
}

export function createRegistry(config: Config): ModelRegistry {
  return new ModelRegistry({ dataDir: config.paths.dataDir, providers: config.providers, customModels: config.customModels });
}

export async function createModelRuntime(config: Config, env: NodeJS.ProcessEnv): Promise<ModelRuntime> {
  const registry = createRegistry(config);
  const model = registry.resolve(config.string("model") ?? DEFAULT_MODEL);
  const target = resolveTarget(
    model,
    {
      providerUrl: config.string("provider-url"),
      providerApiKey: config.string("provider-api-key"),
      providerWire: config.string("provider-wire"),
    },
    env,
  );
  const maxRetries = config.number("max-retries");
  const provider = withRetries(await loadProvider(target.wire, { debug: config.bool("debug") }), {
    ...DEFAULT_RETRY_POLICY,
    ...(maxRetries !== undefined ? { maxRetries } : {}),
  });
  return {
    registry,
    model,
    target,
    provider,
    generation: generationOptions(config),
    // The model that answered may differ from the one asked for (an alias resolved server-side).
    costOf: (usage, modelId) => cost(registry.get(target.provider, modelId) ?? model.info, usage),
  };
}

export function generationOptions(config: Config): GenerationOptions {
  const o: GenerationOptions = {};
  const maxTokens = config.number("max-tokens");
  if (maxTokens !== undefined) o.maxTokens = maxTokens;
  const temperature = config.number("temperature");
  if (temperature !== undefined) o.temperature = temperature;
  const topP = config.number("top-p");
  if (topP !== undefined) o.topP = topP;
  const topK = config.number("top-k");
  if (topK !== undefined) o.topK = topK;
  const stops = config.list("stop-sequences");
  if (stops.length) o.stopSequences = stops;
  const frequency = config.number("frequency-penalty");
  if (frequency !== undefined) o.frequencyPenalty = frequency;
  const presence = config.number("presence-penalty");
  if (presence !== undefined) o.presencePenalty = presence;
  const thinking = config.string("thinking-level");
  if (thinking !== undefined) o.thinkingLevel = thinking as ThinkingLevel;
  return o;
}
