/**
 * Kit's own model table: the Anthropic and OpenAI models newer than the models.dev snapshot of the
 * embedded catalogue (catalogue.json), laid over it, and kit's aliases. Data only. `kit
 * update-models` can replace a provider's list with a fresher one; the aliases below stay in force
 * either way.
 *
 * Prices are USD per million tokens at standard (not batch, priority or fast) processing, checked
 * against the vendors' model and pricing pages in November 2026. `cacheWrite` is Anthropic's
 * 5-minute cache write and OpenAI's 30-minute one (only the GPT-6 family bills writes; older OpenAI
 * models leave it undefined). `tiers` are the long-prompt rates. Limits are tokens.
 *
 * `modelId` is always an id the API accepts. Where a family has no undated id (Claude 4 and older),
 * the dated snapshot is the canonical id and the family name is an alias.
 */
import type { ModelInfo, ProviderMeta } from "./types.ts";

export const EMBEDDED_MODELS: readonly ModelInfo[] = [
  // ── Anthropic, newest first ─────────────────────────────────────────────────────────────────
  {
    provider: "anthropic", modelId: "claude-opus-5-5", name: "Claude Opus 5.5",
    contextLimit: 1_000_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 4, output: 20, cacheRead: 0.2, cacheWrite: 5, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-sonnet-5-5", name: "Claude Sonnet 5.5",
    contextLimit: 1_000_000, outputLimit: 128_000, reasoning: true,
    // Cache reads were cut from $0.20 to $0.10 on 2026-10-07.
    pricing: { input: 2, output: 10, cacheRead: 0.1, cacheWrite: 2.5, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-haiku-5-5", name: "Claude Haiku 5.5",
    contextLimit: 1_000_000, outputLimit: 128_000, reasoning: true,
    pricing: {
      input: 0.1, output: 0.5, cacheRead: 0.01, cacheWrite: 0.125, known: true,
      tiers: [{ above: 100_000, input: 0.5, output: 2.5, cacheRead: 0.05, cacheWrite: 0.625 }],
    },
  },
  {
    provider: "anthropic", modelId: "claude-fable-5-1", name: "Claude Fable 5.1",
    contextLimit: 1_000_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 10, output: 50, cacheRead: 0.25, cacheWrite: 12.5, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-opus-5", name: "Claude Opus 5",
    contextLimit: 1_000_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-sonnet-5", name: "Claude Sonnet 5",
    contextLimit: 1_000_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-fable-5", name: "Claude Fable 5",
    contextLimit: 1_000_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 10, output: 50, cacheRead: 1, cacheWrite: 12.5, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-opus-4-8", name: "Claude Opus 4.8",
    contextLimit: 1_000_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-opus-4-7", name: "Claude Opus 4.7",
    contextLimit: 1_000_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-opus-4-6", name: "Claude Opus 4.6",
    contextLimit: 1_000_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-sonnet-4-6", name: "Claude Sonnet 4.6",
    contextLimit: 1_000_000, outputLimit: 64_000, reasoning: true,
    pricing: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-opus-4-5", name: "Claude Opus 4.5",
    contextLimit: 200_000, outputLimit: 64_000, reasoning: true,
    pricing: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-sonnet-4-5", name: "Claude Sonnet 4.5",
    contextLimit: 200_000, outputLimit: 64_000, reasoning: true,
    // The tier only applies with the 1M-context beta enabled; without it no prompt is that long.
    pricing: {
      input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, known: true,
      tiers: [{ above: 200_000, input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5 }],
    },
  },
  {
    provider: "anthropic", modelId: "claude-haiku-4-5", name: "Claude Haiku 4.5",
    contextLimit: 200_000, outputLimit: 64_000, reasoning: true,
    pricing: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-opus-4-1", name: "Claude Opus 4.1",
    contextLimit: 200_000, outputLimit: 32_000, reasoning: true,
    pricing: { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-opus-4-20250514", name: "Claude Opus 4",
    contextLimit: 200_000, outputLimit: 32_000, reasoning: true,
    pricing: { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-sonnet-4-20250514", name: "Claude Sonnet 4",
    contextLimit: 200_000, outputLimit: 64_000, reasoning: true,
    pricing: {
      input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, known: true,
      tiers: [{ above: 200_000, input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5 }],
    },
  },
  {
    provider: "anthropic", modelId: "claude-3-7-sonnet-20250219", name: "Claude Sonnet 3.7",
    contextLimit: 200_000, outputLimit: 64_000, reasoning: true,
    pricing: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, known: true },
  },
  {
    provider: "anthropic", modelId: "claude-3-5-haiku-20241022", name: "Claude Haiku 3.5",
    contextLimit: 200_000, outputLimit: 8_192, reasoning: false,
    pricing: { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1, known: true },
  },

  // ── OpenAI, newest first ────────────────────────────────────────────────────────────────────
  // From GPT-5.4 on, a request with more than 272K input tokens pays 2x input and cache rates and
  // 1.5x output for the whole request.
  {
    provider: "openai", modelId: "gpt-6.2-sol", name: "GPT-6.2 Sol",
    contextLimit: 1_050_000, outputLimit: 128_000, reasoning: true,
    pricing: {
      input: 2, output: 10, cacheRead: 0.1, cacheWrite: 2.5, known: true,
      tiers: [{ above: 272_000, input: 4, output: 15, cacheRead: 0.2, cacheWrite: 5 }],
    },
  },
  {
    provider: "openai", modelId: "gpt-6.1-sol", name: "GPT-6.1 Sol",
    contextLimit: 1_050_000, outputLimit: 128_000, reasoning: true,
    pricing: {
      input: 2, output: 10, cacheRead: 0.1, cacheWrite: 2.5, known: true,
      tiers: [{ above: 272_000, input: 4, output: 15, cacheRead: 0.2, cacheWrite: 5 }],
    },
  },
  {
    provider: "openai", modelId: "gpt-6-astra", name: "GPT-6 Astra",
    contextLimit: 1_050_000, outputLimit: 128_000, reasoning: true,
    pricing: {
      input: 10, output: 50, cacheRead: 1, cacheWrite: 12.5, known: true,
      tiers: [{ above: 272_000, input: 20, output: 75, cacheRead: 2, cacheWrite: 25 }],
    },
  },
  {
    provider: "openai", modelId: "gpt-6-sol", name: "GPT-6 Sol",
    contextLimit: 1_050_000, outputLimit: 128_000, reasoning: true,
    pricing: {
      input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5, known: true,
      tiers: [{ above: 272_000, input: 4, output: 15, cacheRead: 0.4, cacheWrite: 5 }],
    },
  },
  {
    provider: "openai", modelId: "gpt-6-luna", name: "GPT-6 Luna",
    contextLimit: 1_050_000, outputLimit: 128_000, reasoning: true,
    pricing: {
      input: 0.1, output: 0.5, cacheRead: 0.01, cacheWrite: 0.125, known: true,
      tiers: [{ above: 272_000, input: 0.2, output: 0.75, cacheRead: 0.02, cacheWrite: 0.25 }],
    },
  },
  {
    provider: "openai", modelId: "gpt-5.5", name: "GPT-5.5",
    contextLimit: 1_050_000, outputLimit: 128_000, reasoning: true,
    pricing: {
      input: 5, output: 30, cacheRead: 0.5, known: true,
      tiers: [{ above: 272_000, input: 10, output: 45, cacheRead: 1 }],
    },
  },
  {
    provider: "openai", modelId: "gpt-5.4", name: "GPT-5.4",
    contextLimit: 1_050_000, outputLimit: 128_000, reasoning: true,
    pricing: {
      input: 2.5, output: 15, cacheRead: 0.25, known: true,
      tiers: [{ above: 272_000, input: 5, output: 22.5, cacheRead: 0.5 }],
    },
  },
  {
    provider: "openai", modelId: "gpt-5.4-mini", name: "GPT-5.4 mini",
    contextLimit: 400_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 0.75, output: 4.5, cacheRead: 0.075, known: true },
  },
  {
    provider: "openai", modelId: "gpt-5.4-nano", name: "GPT-5.4 nano",
    contextLimit: 400_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 0.2, output: 1.25, cacheRead: 0.02, known: true },
  },
  {
    provider: "openai", modelId: "gpt-5.2", name: "GPT-5.2",
    contextLimit: 400_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 1.75, output: 14, cacheRead: 0.175, known: true },
  },
  {
    provider: "openai", modelId: "gpt-5.1", name: "GPT-5.1",
    contextLimit: 400_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 1.25, output: 10, cacheRead: 0.125, known: true },
  },
  {
    provider: "openai", modelId: "gpt-5", name: "GPT-5",
    contextLimit: 400_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 1.25, output: 10, cacheRead: 0.125, known: true },
  },
  {
    provider: "openai", modelId: "gpt-5-mini", name: "GPT-5 mini",
    contextLimit: 400_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 0.25, output: 2, cacheRead: 0.025, known: true },
  },
  {
    provider: "openai", modelId: "gpt-5-nano", name: "GPT-5 nano",
    contextLimit: 400_000, outputLimit: 128_000, reasoning: true,
    pricing: { input: 0.05, output: 0.4, cacheRead: 0.005, known: true },
  },
  {
    provider: "openai", modelId: "gpt-4.1", name: "GPT-4.1",
    contextLimit: 1_047_576, outputLimit: 32_768, reasoning: false,
    pricing: { input: 2, output: 8, cacheRead: 0.5, known: true },
  },
  {
    provider: "openai", modelId: "gpt-4.1-mini", name: "GPT-4.1 mini",
    contextLimit: 1_047_576, outputLimit: 32_768, reasoning: false,
    pricing: { input: 0.4, output: 1.6, cacheRead: 0.1, known: true },
  },
  {
    provider: "openai", modelId: "gpt-4.1-nano", name: "GPT-4.1 nano",
    contextLimit: 1_047_576, outputLimit: 32_768, reasoning: false,
    pricing: { input: 0.1, output: 0.4, cacheRead: 0.025, known: true },
  },
  {
    provider: "openai", modelId: "gpt-4o", name: "GPT-4o",
    contextLimit: 128_000, outputLimit: 16_384, reasoning: false,
    pricing: { input: 2.5, output: 10, cacheRead: 1.25, known: true },
  },
  {
    provider: "openai", modelId: "gpt-4o-mini", name: "GPT-4o mini",
    contextLimit: 128_000, outputLimit: 16_384, reasoning: false,
    pricing: { input: 0.15, output: 0.6, cacheRead: 0.075, known: true },
  },
  {
    provider: "openai", modelId: "o3", name: "o3",
    contextLimit: 200_000, outputLimit: 100_000, reasoning: true,
    pricing: { input: 2, output: 8, cacheRead: 0.5, known: true },
  },
  {
    provider: "openai", modelId: "o4-mini", name: "o4-mini",
    contextLimit: 200_000, outputLimit: 100_000, reasoning: true,
    pricing: { input: 1.1, output: 4.4, cacheRead: 0.275, known: true },
  },
  {
    provider: "openai", modelId: "o3-mini", name: "o3-mini",
    contextLimit: 200_000, outputLimit: 100_000, reasoning: true,
    pricing: { input: 1.1, output: 4.4, cacheRead: 0.55, known: true },
  },
];

/**
 * provider → alias → model family. Each alias names the highest version of its family in the
 * provider's list as kit holds it (claude-sonnet-5-5 over claude-sonnet-5 over claude-sonnet-4-6),
 * so it follows a table refreshed by `kit update-models`. `anthropic/claude-sonnet-latest` is kit's
 * default model.
 */
export const LATEST_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  anthropic: {
    "claude-opus-latest": "claude-opus",
    "claude-sonnet-latest": "claude-sonnet",
    "claude-haiku-latest": "claude-haiku",
  },
};

/**
 * The model kit runs when it picks a provider because only that provider's key is set. Providers
 * not listed here get the most recently released model of theirs that can call tools.
 */
export const PROVIDER_DEFAULT_MODELS: Readonly<Record<string, string>> = {
  anthropic: "claude-sonnet-latest",
  openai: "gpt-latest",
  // The model every Copilot plan includes; the newest the catalogue lists may need a higher plan.
  "github-copilot": "gpt-4.1",
};

/** Providers models.dev does not list. Ollama's URL follows OLLAMA_HOST (llm/routing.ts). */
export const EXTRA_PROVIDERS: readonly ProviderMeta[] = [
  { id: "ollama", name: "Ollama", api: "http://localhost:11434/v1", npm: "@ai-sdk/openai-compatible", env: [] },
];

/** Short names of providers: `copilot/gpt-4.1` is `github-copilot/gpt-4.1`, as the original Kit spells it. */
export const PROVIDER_ALIASES: Readonly<Record<string, string>> = { copilot: "github-copilot" };

/**
 * provider → alias → canonical model id. The OpenAI `*-latest` names follow the newest model of a
 * family; the Anthropic dated and family ids map to the entry above that the API serves for them.
 */
export const MODEL_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  anthropic: {
    "claude-opus-4-5-20251101": "claude-opus-4-5",
    "claude-sonnet-4-5-20250929": "claude-sonnet-4-5",
    "claude-haiku-4-5-20251001": "claude-haiku-4-5",
    "claude-opus-4-1-20250805": "claude-opus-4-1",
    "claude-opus-4": "claude-opus-4-20250514",
    "claude-opus-4-0": "claude-opus-4-20250514",
    "claude-sonnet-4": "claude-sonnet-4-20250514",
    "claude-sonnet-4-0": "claude-sonnet-4-20250514",
    "claude-3-7-sonnet": "claude-3-7-sonnet-20250219",
    "claude-3-7-sonnet-latest": "claude-3-7-sonnet-20250219",
    "claude-3-5-haiku": "claude-3-5-haiku-20241022",
    "claude-3-5-haiku-latest": "claude-3-5-haiku-20241022",
  },
  openai: {
    // Sol is OpenAI's everyday model and Luna its small, cheap one; there is no GPT-6 "mini".
    "gpt-latest": "gpt-6.2-sol",
    "gpt-mini-latest": "gpt-6-luna",
  },
};
