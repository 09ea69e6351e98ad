/**
 * Reader for the models.dev api.json format, the file `kit update-models` downloads:
 *
 *   { "<provider id>": { "id", "name", "api", "npm", "env": [ … ], "models": { "<model id>": {
 *       "id", "name", "reasoning", "limit": { "context", "output" }, "provider": { "npm" },
 *       "cost": { "input", "output", "cache_read", "cache_write",
 *                 "tiers": [{ "input", "output", …, "tier": { "type": "context", "size" } }],
 *                 "context_over_200k": { "input", "output", … } } } } } }
 *
 * The format grows new fields over time, so unknown fields are ignored. A model without a usable
 * context limit is dropped (it is not a chat model kit can use); a model with missing or malformed
 * cost is kept with its pricing unknown, so its cost is reported as unknown rather than guessed.
 */
import type { ModelInfo, ModelPricing, PriceTier, ProviderMeta } from "./types.ts";

export class ModelsDevError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelsDevError";
  }
}

const FORMAT_HINT = 'expected the models.dev api.json format: { "<provider>": { "models": { "<model>": { … } } } }';

/** Throws ModelsDevError when the document as a whole is not in the format or holds no usable model. */
export function parseModelsDev(json: unknown): ModelInfo[] {
  return parseModelsDevCatalogue(json).models;
}

/** One provider of a models.dev document: how to reach it, and its models' `provider.npm` hints. */
export interface ModelsDevProvider {
  meta: ProviderMeta;
  models: ModelInfo[];
  /** model id → the npm package of the SDK that speaks to it, where it differs from the provider's. */
  modelNpm: Map<string, string>;
  /** The most recently released model that can call tools: the provider's default when picked by its key. */
  newestToolModel?: string;
}

/** parseModelsDev with what kit routes by: each provider's `api`, `npm` and `env`. */
export function parseModelsDevCatalogue(json: unknown): { providers: ModelsDevProvider[]; models: ModelInfo[] } {
  if (!isObject(json)) throw new ModelsDevError(`not a JSON object; ${FORMAT_HINT}`);
  const providers: ModelsDevProvider[] = [];
  for (const [providerKey, provider] of Object.entries(json)) {
    const read = readProvider(providerKey, provider);
    if (read) providers.push(read);
  }
  const models = providers.flatMap((p) => p.models);
  if (providers.length === 0) throw new ModelsDevError(`no provider has a "models" object; ${FORMAT_HINT}`);
  if (models.length === 0) throw new ModelsDevError("no usable model: every entry lacks a numeric limit.context");
  return { providers, models };
}

/** One provider entry; undefined when it has no "models" object. */
export function readProvider(key: string, raw: unknown): ModelsDevProvider | undefined {
  if (!isObject(raw) || !isObject(raw.models)) return undefined;
  const meta = readProviderMeta(key, raw);
  const models: ModelInfo[] = [];
  const modelNpm = new Map<string, string>();
  let newest: { id: string; released: string } | undefined;
  for (const [modelKey, model] of Object.entries(raw.models)) {
    const info = readModel(meta.id, modelKey, model);
    if (!info || !isObject(model)) continue;
    models.push(info);
    const npm = isObject(model.provider) ? nonEmptyString(model.provider.npm) : undefined;
    if (npm) modelNpm.set(info.modelId, npm);
    const released = nonEmptyString(model.release_date);
    if (model.tool_call === true && released && (!newest || released > newest.released)) newest = { id: info.modelId, released };
  }
  const provider: ModelsDevProvider = { meta, models, modelNpm };
  if (newest) provider.newestToolModel = newest.id;
  return provider;
}

/** The connection fields of a provider entry; its models are not read. */
export function readProviderMeta(key: string, raw: Record<string, unknown>): ProviderMeta {
  const id = (nonEmptyString(raw.id) ?? key).toLowerCase();
  const meta: ProviderMeta = { id, name: nonEmptyString(raw.name) ?? id, env: [] };
  const api = nonEmptyString(raw.api);
  if (api && /^https?:\/\//i.test(api)) meta.api = api;
  const npm = nonEmptyString(raw.npm);
  if (npm) meta.npm = npm;
  if (Array.isArray(raw.env)) meta.env = raw.env.filter((v): v is string => nonEmptyString(v) !== undefined);
  return meta;
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
