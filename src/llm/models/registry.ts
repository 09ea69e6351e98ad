/**
 * The model registry: which providers and models exist, what they are called, what they cost and
 * how to reach them. Built in layers, each overriding the one before:
 *
 *   1. the embedded catalogue (catalogue.json, a models.dev snapshot of every provider: its URL, npm
 *      hint and key variables, and its models), with kit's own table (catalog.ts) over it for the
 *      Anthropic and OpenAI models newer than the snapshot, and Ollama, which models.dev lacks;
 *   2. `<dataDir>/models.json` from `kit update-models`, which replaces the whole list of every
 *      provider it contains (a fresher list is better than a merge of two ages), aliases kept;
 *   3. config `providers` (how to reach a provider) and `customModels` (models the tables lack, or
 *      corrections to their limits and prices).
 *
 * The catalogue is read when first needed and each provider's models when first asked for, so a
 * run pays for the one provider it uses. A registry is a plain object created by its caller;
 * nothing here is global.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileErrorMessage, parseJson } from "../../config/parse-file.ts";
import { EMBEDDED_MODELS, EXTRA_PROVIDERS, LATEST_ALIASES, MODEL_ALIASES, PROVIDER_ALIASES, PROVIDER_DEFAULT_MODELS } from "./catalog.ts";
import { ProviderCatalogue, readEmbeddedCatalogueText } from "./embedded-catalogue.ts";
import { parseModelsDevCatalogue, type ModelsDevProvider } from "./models-dev.ts";
import { checkCustomModels, checkProviders } from "./settings.ts";
import { ModelSpecError, parseModelSpec } from "./spec.ts";
import type { CustomModelSettings, ModelInfo, ModelPricing, ProviderMeta, ProviderSettings, ResolvedModel } from "./types.ts";

export { ModelSpecError, parseModelSpec } from "./spec.ts";
export type { ModelInfo, ModelPricing, ProviderMeta, ResolvedModel } from "./types.ts";

/** Provider of `customModels` ids written without a provider, and of ad-hoc OpenAI-compatible servers. */
export const CUSTOM_PROVIDER = "custom";

/** Where `kit update-models` stores the downloaded table. */
export function modelsFilePath(dataDir: string): string {
  return join(dataDir, "models.json");
}

export interface ModelRegistryOptions {
  /** Kit's data directory; its models.json, when present, is layer 2. */
  dataDir?: string;
  /** Config `providers`, as loaded (checked here). */
  providers?: Record<string, unknown>;
  /** Config `customModels`, as loaded (checked here). */
  customModels?: Record<string, unknown>;
  /** A stand-in for the embedded catalogue (models.dev text), for tests. */
  catalogue?: string;
}

const UNKNOWN_PRICE: ModelPricing = { input: 0, output: 0, known: false };

export class ModelRegistry {
  /** Problems that did not stop the registry (an unreadable models.json); the CLI shows them. */
  readonly warnings: string[] = [];
  /** provider → model id → info, in display order; filled per provider on first use. */
  private readonly models = new Map<string, Map<string, ModelInfo>>();
  private readonly aliasMaps = new Map<string, Map<string, string>>();
  /** Kit's own table, by provider. */
  private readonly curated = new Map<string, ModelInfo[]>();
  private readonly downloaded = new Map<string, ModelsDevProvider>();
  private readonly settings: Map<string, ProviderSettings>;
  private readonly customProviders = new Set<string>();
  /** "provider/model" → connection settings from customModels. */
  private readonly connections = new Map<string, { baseUrl?: string; apiKey?: string }>();
  private readonly catalogueText: (() => string) | string;
  private catalogueCache: ProviderCatalogue | undefined;
  private providerList: string[] | undefined;

  constructor(options: ModelRegistryOptions = {}) {
    // Checked first, so a config mistake is reported even when the data file is also broken.
    this.settings = checkProviders(options.providers);
    const customModels = checkCustomModels(options.customModels);
    this.catalogueText = options.catalogue ?? readEmbeddedCatalogueText;
    for (const info of EMBEDDED_MODELS) this.curated.set(info.provider, [...(this.curated.get(info.provider) ?? []), info]);
    if (options.dataDir !== undefined) this.loadDownloaded(modelsFilePath(options.dataDir));
    for (const [id, custom] of customModels) this.addCustom(id, custom);
  }

  /**
   * Every provider kit knows: Anthropic and OpenAI first, then custom, the configured ones in config
   * order and those holding custom models, then every catalogue and downloaded provider by name.
   */
  providers(): string[] {
    this.providerList ??= unique([
      ...this.curated.keys(),
      CUSTOM_PROVIDER,
      ...this.settings.keys(),
      ...this.customProviders,
      ...[...this.catalogue().ids(), ...EXTRA_PROVIDERS.map((p) => p.id), ...this.downloaded.keys()].sort(),
    ]);
    return this.providerList;
  }

  hasProvider(provider: string): boolean {
    return this.providers().includes(provider);
  }

  /** True when the provider's list comes from the downloaded table rather than the embedded one. */
  isDownloaded(provider: string): boolean {
    return this.downloaded.has(provider);
  }

  /**
   * How the catalogue says to reach a provider (URL, npm hint, key variables); a downloaded entry's
   * fields win over the embedded one's. Undefined for a provider no catalogue lists.
   */
  providerMeta(provider: string): ProviderMeta | undefined {
    const embedded = this.catalogue().meta(provider) ?? EXTRA_PROVIDERS.find((p) => p.id === provider);
    const fresh = this.downloaded.get(provider)?.meta;
    if (!fresh) return embedded;
    return { ...embedded, ...fresh, env: fresh.env.length > 0 ? fresh.env : (embedded?.env ?? []) };
  }

  /** The model of a provider kit runs when it picks that provider by its key; undefined when it has none. */
  defaultModel(provider: string): string | undefined {
    return PROVIDER_DEFAULT_MODELS[provider] ?? (this.downloaded.get(provider) ?? this.catalogue().provider(provider))?.newestToolModel;
  }

  /** Models of one provider, or of all in `providers()` order. */
  list(provider?: string): ModelInfo[] {
    const providers = provider === undefined ? this.providers() : [provider];
    return providers.flatMap((p) => [...this.modelsOf(p).values()]);
  }

  /** The model an id or alias names, if the registry knows it. */
  get(provider: string, model: string): ModelInfo | undefined {
    return this.modelsOf(provider).get(this.canonical(provider, model));
  }

  /** alias → canonical id pairs of one provider. */
  aliases(provider: string): [alias: string, target: string][] {
    return [...this.aliasesOf(provider).entries()];
  }

  /** The id an alias stands for, or the id itself. */
  canonical(provider: string, model: string): string {
    return this.aliasesOf(provider).get(model) ?? model;
  }

  providerSettings(provider: string): ProviderSettings | undefined {
    return this.settings.get(provider);
  }

  /** Up to three ids or aliases of the provider closest to `model`, closest first: for a typo's warning. */
  closeMatches(provider: string, model: string): string[] {
    const wanted = model.toLowerCase();
    const names = unique([...this.modelsOf(provider).keys(), ...this.aliasesOf(provider).keys()]);
    const limit = Math.max(3, Math.floor(wanted.length / 3));
    return names
      .map((name) => ({ name, d: editDistance(wanted, name.toLowerCase()) }))
      .filter(({ name, d }) => d <= limit || name.toLowerCase().includes(wanted))
      .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
      .slice(0, 3)
      .map(({ name }) => name);
  }

  /**
   * `provider/model` → what to call and how. An unknown model of any provider resolves too (new
   * models appear before tables list them); its `info` is then undefined and its cost unknown.
   */
  resolve(spec: string): ResolvedModel {
    const { provider, model: written } = this.parse(spec);
    const model = this.canonical(provider, written);
    const resolved: ResolvedModel = { provider, model, knownProvider: this.hasProvider(provider) };
    if (model !== written) resolved.alias = written;
    const info = this.modelsOf(provider).get(model);
    if (info) resolved.info = info;
    const settings = this.settings.get(provider);
    if (settings) resolved.providerConfig = settings;
    const connection = this.connections.get(`${provider}/${model}`);
    if (connection) resolved.custom = connection;
    const meta = this.providerMeta(provider);
    if (meta) resolved.catalogue = meta;
    const npm = this.modelNpm(provider, model) ?? meta?.npm;
    if (npm) resolved.npm = npm;
    return resolved;
  }

  /** parseModelSpec, plus a suggestion when a bare name is one the registry knows. */
  private parse(spec: string): { provider: string; model: string } {
    try {
      const parsed = parseModelSpec(spec);
      return { ...parsed, provider: PROVIDER_ALIASES[parsed.provider] ?? parsed.provider };
    } catch (err) {
      const bare = spec.trim();
      if (!(err instanceof ModelSpecError) || bare === "" || bare.includes("/")) throw err;
      const owners = this.providers().filter((p) => this.aliasesOf(p).has(bare) || this.modelsOf(p).has(bare));
      if (owners.length === 0) throw err;
      throw new ModelSpecError(`${err.message}. Did you mean ${owners.map((p) => `${p}/${bare}`).join(" or ")}?`);
    }
  }

  private catalogue(): ProviderCatalogue {
    if (!this.catalogueCache) {
      const text = typeof this.catalogueText === "string" ? this.catalogueText : this.catalogueText();
      this.catalogueCache = new ProviderCatalogue(text);
    }
    return this.catalogueCache;
  }

  /**
   * A provider's models, built on first use: the downloaded list when there is one (sorted by id),
   * else kit's own table (newest first) followed by the catalogue's models it does not hold.
   */
  private modelsOf(provider: string): Map<string, ModelInfo> {
    let map = this.models.get(provider);
    if (map) return map;
    const fresh = this.downloaded.get(provider);
    if (fresh) {
      map = new Map([...fresh.models].sort((a, b) => a.modelId.localeCompare(b.modelId)).map((m) => [m.modelId, m]));
    } else {
      map = new Map((this.curated.get(provider) ?? []).map((m) => [m.modelId, m]));
      for (const m of this.catalogue().provider(provider)?.models ?? []) if (!map.has(m.modelId)) map.set(m.modelId, m);
    }
    this.models.set(provider, map);
    return map;
  }

  private modelNpm(provider: string, model: string): string | undefined {
    const source = this.downloaded.get(provider) ?? (this.catalogue().meta(provider) ? this.catalogue().provider(provider) : undefined);
    return source?.modelNpm.get(model);
  }

  /**
   * Kit's aliases of a provider: the fixed ones, and each `*-latest` of LATEST_ALIASES pointing at
   * the highest version of its family the provider's list holds now (so a fresher table moves it).
   */
  private aliasesOf(provider: string): Map<string, string> {
    let map = this.aliasMaps.get(provider);
    if (map) return map;
    map = new Map(Object.entries(MODEL_ALIASES[provider] ?? {}));
    for (const [alias, family] of Object.entries(LATEST_ALIASES[provider] ?? {})) {
      const newest = newestOfFamily([...this.modelsOf(provider).keys()], family);
      if (newest) map.set(alias, newest);
    }
    this.aliasMaps.set(provider, map);
    return map;
  }

  private loadDownloaded(path: string): void {
    if (!existsSync(path)) return;
    let providers: ModelsDevProvider[];
    try {
      providers = parseModelsDevCatalogue(parseJson(readFileSync(path, "utf8"), path, { what: "model catalogue" })).providers;
    } catch (err) {
      this.warnings.push(
        `ignoring ${fileErrorMessage(path, err)}. Run 'kit update-models' to download it again, or 'kit update-models embedded' to use the built-in table.`,
      );
      return;
    }
    for (const provider of providers) if (provider.models.length > 0) this.downloaded.set(provider.meta.id, provider);
  }

  /** A customModels entry: a new model, or corrections layered over the one the tables know. */
  private addCustom(id: string, custom: CustomModelSettings): void {
    const slash = id.indexOf("/");
    const provider = slash < 0 ? CUSTOM_PROVIDER : id.slice(0, slash).toLowerCase();
    const written = slash < 0 ? id : id.slice(slash + 1);
    if (provider === "" || written === "") {
      throw new ModelSpecError(`config: customModels key "${id}" must be a model name or provider/model, e.g. custom/llama3`);
    }
    const model = this.canonical(provider, written);
    const known = this.modelsOf(provider).get(model);
    const info: ModelInfo = {
      provider,
      modelId: model,
      name: custom.name ?? known?.name ?? model,
      contextLimit: custom.limit?.context ?? known?.contextLimit ?? 0,
      outputLimit: custom.limit?.output ?? known?.outputLimit ?? 0,
      reasoning: known?.reasoning ?? false,
      pricing: customPricing(custom.cost, known?.pricing),
    };
    this.modelsOf(provider).set(model, info);
    this.customProviders.add(provider);
    if (custom.baseUrl !== undefined || custom.apiKey !== undefined) {
      const connection: { baseUrl?: string; apiKey?: string } = {};
      if (custom.baseUrl !== undefined) connection.baseUrl = custom.baseUrl;
      if (custom.apiKey !== undefined) connection.apiKey = custom.apiKey;
      this.connections.set(`${provider}/${model}`, connection);
    }
  }
}

/**
 * Prices of a custom model. Over a known price each given field wins; long-prompt tiers are dropped
 * then, since they no longer match the corrected base. Without a known price, input and output are
 * both needed: one of them alone does not make a cost.
 */
function customPricing(cost: CustomModelSettings["cost"], known: ModelPricing | undefined): ModelPricing {
  if (!cost || Object.keys(cost).length === 0) return known ?? { ...UNKNOWN_PRICE };
  const base = known?.known ? { ...known, tiers: undefined } : undefined;
  const input = cost.input ?? base?.input;
  const output = cost.output ?? base?.output;
  if (input === undefined || output === undefined) return { ...UNKNOWN_PRICE };
  const pricing: ModelPricing = { input, output, known: true };
  const cacheRead = cost.cacheRead ?? base?.cacheRead;
  const cacheWrite = cost.cacheWrite ?? base?.cacheWrite;
  if (cacheRead !== undefined) pricing.cacheRead = cacheRead;
  if (cacheWrite !== undefined) pricing.cacheWrite = cacheWrite;
  return pricing;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/**
 * The id of `family` ("claude-sonnet") with the highest version: "claude-sonnet-5-5" over
 * "claude-sonnet-5" over "claude-sonnet-4-20250514" (a dated snapshot: major 4, no minor). Ids with
 * other suffixes ("-preview") are not candidates.
 */
function newestOfFamily(ids: string[], family: string): string | undefined {
  let best: { id: string; version: number[] } | undefined;
  for (const id of ids) {
    if (!id.startsWith(`${family}-`)) continue;
    const parts = id.slice(family.length + 1).split("-");
    if (!parts.every((p) => /^\d+$/.test(p))) continue;
    // A dated snapshot's date is not a minor version.
    const version = parts.filter((p) => p.length < 8).map(Number);
    if (!best || compareVersions(version, best.version) > 0) best = { id, version };
  }
  return best?.id;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Levenshtein distance, for close matches of a mistyped model id. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
