/**
 * Shapes of the model registry. `ModelInfo` and `ModelPricing` match the `kit/ext` contract
 * (spec/kit-ext.d.ts) field for field, so extensions receive them as they are; the optional `tiers`
 * is an addition the contract's readers can ignore.
 */
import type { Wire } from "../types.ts";

/**
 * Rates that replace the base rates for a whole request once its prompt (input + cache read + cache
 * write tokens) is larger than `above` tokens. Both vendors bill long prompts this way: every token
 * of the request, output included, moves to the higher rate, not only the part past the threshold.
 */
export interface PriceTier {
  above: number;
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** USD per million tokens. */
export interface ModelPricing {
  /** Uncached input. */
  input: number;
  output: number;
  /** Undefined: the price of a cache hit is not known, so a request with cache hits has no known cost. */
  cacheRead?: number;
  /** Undefined: as cacheRead, for tokens written to the cache (Anthropic's 5-minute write). */
  cacheWrite?: number;
  /** False: nothing here may be used; input and output are then 0 and mean nothing. */
  known: boolean;
  /** Long-prompt rates, lowest threshold first. */
  tiers?: PriceTier[];
}

export interface ModelInfo {
  provider: string;
  /** The id sent to the API. */
  modelId: string;
  name: string;
  /** Tokens; 0 = not known. */
  contextLimit: number;
  /** Tokens; 0 = not known. */
  outputLimit: number;
  reasoning: boolean;
  pricing: ModelPricing;
}

/** A provider as the catalogue (models.dev format) describes it: how to reach it and where its key is. */
export interface ProviderMeta {
  /** The part before "/" in --model. */
  id: string;
  name: string;
  /** Base URL of its API; absent where the provider's own SDK knows it (see llm/routing.ts). */
  api?: string;
  /** The npm package of the AI SDK provider that speaks to it: which wire kit uses (llm/routing.ts). */
  npm?: string;
  /** Environment variables of its credentials, the API key first in most entries. */
  env: string[];
}

/** The config key `providers` (spec/cli.md): how to reach a provider kit may not know. */
export interface ProviderSettings {
  baseUrl?: string;
  wire?: Wire;
  /** Name of the environment variable that holds this provider's API key. */
  apiKeyEnv?: string;
  headers?: Record<string, string>;
}

/** The config key `customModels` (spec/cli.md). */
export interface CustomModelSettings {
  name?: string;
  baseUrl?: string;
  apiKey?: string;
  limit?: { context?: number; output?: number };
  cost?: { input?: number; output?: number; cacheRead?: number; cacheWrite?: number };
}

export interface ResolvedModel {
  provider: string;
  /** The id to send to the API, after alias resolution. */
  model: string;
  /** What the user wrote for the model when it was an alias. */
  alias?: string;
  /** Undefined for a model the registry does not know: it may still be used, its cost is unknown. */
  info?: ModelInfo;
  /** False for a provider that is neither built in, configured, custom nor in the downloaded table. */
  knownProvider: boolean;
  providerConfig?: ProviderSettings;
  /** Connection settings from the model's `customModels` entry. */
  custom?: { baseUrl?: string; apiKey?: string };
  /** The catalogue's entry for the provider, when it has one. */
  catalogue?: ProviderMeta;
  /** The npm hint the wire is routed by: the model's own, else its provider's. */
  npm?: string;
}
