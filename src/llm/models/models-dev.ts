/**
 * Reader for the models.dev api.json format, the file `kit update-models` downloads:
 *
 *   { "<provider id>": { "id", "name", "models": { "<model id>": {
 *       "id", "name", "reasoning", "limit": { "context", "output" },
 *       "cost": { "input", "output", "cache_read", "cache_write",
 *                 "tiers": [{ "input", "output", …, "tier": { "type": "context", "size" } }],
 *                 "context_over_200k": { "input", "output", … } } } } } }
 *
 * The format grows new fields over time, so unknown fields are ignored. A model without a usable
 * context limit is dropped (it is not a chat model kit can use); a model with missing or malformed
 * cost is kept with its pricing unknown, so its cost is reported as unknown rather than guessed.
 */
import type { ModelInfo, ModelPricing, PriceTier } from "./types.ts";

export class ModelsDevError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelsDevError";
  }
}

const FORMAT_HINT = 'expected the models.dev api.json format: { "<provider>": { "models": { "<model>": { … } } } }';

/** Throws ModelsDevError when the document as a whole is not in the format or holds no usable model. */
export function parseModelsDev(json: unknown): ModelInfo[] {
  if (!isObject(json)) throw new ModelsDevError(`not a JSON object; ${FORMAT_HINT}`);
  const models: ModelInfo[] = [];
  let providersWithModels = 0;
  for (const [providerKey, provider] of Object.entries(json)) {
    if (!isObject(provider) || !isObject(provider.models)) continue;
    providersWithModels++;
    const providerId = nonEmptyString(provider.id) ?? providerKey;
    for (const [modelKey, model] of Object.entries(provider.models)) {
      const info = readModel(providerId, modelKey, model);
      if (info) models.push(info);
    }
  }
  if (providersWithModels === 0) throw new ModelsDevError(`no provider has a "models" object; ${FORMAT_HINT}`);
  if (models.length === 0) throw new ModelsDevError("no usable model: every entry lacks a numeric limit.context");
  return models;
}

function readModel(provider: string, key: string, raw: unknown): ModelInfo | undefined {
  if (!isObject(raw)) return undefined;
  const modelId = nonEmptyString(raw.id) ?? key;
  const limit = isObject(raw.limit) ? raw.limit : {};
  const context = limit.context;
  if (!isCount(context) || context === 0) return undefined;
  return {
    provider,
    modelId,
    name: nonEmptyString(raw.name) ?? modelId,
    contextLimit: context,
    outputLimit: isCount(limit.output) ? limit.output : 0,
    reasoning: raw.reasoning === true,
    pricing: readCost(raw.cost),
  };
}

const UNKNOWN: ModelPricing = { input: 0, output: 0, known: false };

function readCost(raw: unknown): ModelPricing {
  const base = readRates(raw);
  if (!base || !isObject(raw)) return { ...UNKNOWN };
  const pricing: ModelPricing = { ...base, known: true };
  const tiers = readTiers(raw);
  if (tiers.length > 0) pricing.tiers = tiers;
  return pricing;
}

/** `tiers` is the current spelling; `context_over_200k` the older one, used only when `tiers` is absent. */
function readTiers(cost: Record<string, unknown>): PriceTier[] {
  const tiers: PriceTier[] = [];
  if (Array.isArray(cost.tiers)) {
    for (const t of cost.tiers) {
      if (!isObject(t) || !isObject(t.tier) || t.tier.type !== "context" || !isCount(t.tier.size)) continue;
      const rates = readRates(t);
      if (rates) tiers.push({ above: t.tier.size, ...rates });
    }
  } else {
    const rates = readRates(cost.context_over_200k);
    if (rates) tiers.push({ above: 200_000, ...rates });
  }
  return tiers.sort((a, b) => a.above - b.above);
}

function readRates(raw: unknown): Omit<PriceTier, "above"> | undefined {
  if (!isObject(raw) || !isPrice(raw.input) || !isPrice(raw.output)) return undefined;
  const rates: Omit<PriceTier, "above"> = { input: raw.input, output: raw.output };
  if (isPrice(raw.cache_read)) rates.cacheRead = raw.cache_read;
  if (isPrice(raw.cache_write)) rates.cacheWrite = raw.cache_write;
  return rates;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function isPrice(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0;
}
function isCount(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}
function nonEmptyString(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}
