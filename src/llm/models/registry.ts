/**
 * The model registry: which models exist, what they are called, what they cost and how to reach
 * them. Built in layers, each overriding the one before:
 *
 *   1. the embedded table (catalog.ts);
 *   2. `<dataDir>/models.json` from `kit update-models`, which replaces the whole list of every
 *      provider it contains (a fresher list is better than a merge of two ages), aliases kept;
 *   3. config `providers` (how to reach a provider) and `customModels` (models the tables lack, or
 *      corrections to their limits and prices).
 *
 * A registry is a plain object created by its caller; nothing here is global.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileErrorMessage, parseJson } from "../../config/parse-file.ts";
import { EMBEDDED_MODELS, MODEL_ALIASES } from "./catalog.ts";
import { parseModelsDev } from "./models-dev.ts";
import { checkCustomModels, checkProviders } from "./settings.ts";
import { ModelSpecError, parseModelSpec } from "./spec.ts";
import type { CustomModelSettings, ModelInfo, ModelPricing, ProviderSettings, ResolvedModel } from "./types.ts";

export { ModelSpecError, parseModelSpec } from "./spec.ts";
export type { ModelInfo, ModelPricing, ResolvedModel } from "./types.ts";

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
  /** Stand-ins for the embedded table, for tests. */
  embedded?: readonly ModelInfo[];
  aliases?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const UNKNOWN_PRICE: ModelPricing = { input: 0, output: 0, known: false };

export class ModelRegistry {
  /** Problems that did not stop the registry (an unreadable models.json); the CLI shows them. */
  readonly warnings: string[] = [];
  /** provider → model id → info, in display order. */
  private readonly models = new Map<string, Map<string, ModelInfo>>();
  private readonly aliasMap = new Map<string, Map<string, string>>();
  private readonly builtIn = new Set<string>();
  private readonly downloaded = new Set<string>();
  private readonly settings: Map<string, ProviderSettings>;
  private readonly customProviders = new Set<string>();
  /** "provider/model" → connection settings from customModels. */
  private readonly connections = new Map<string, { baseUrl?: string; apiKey?: string }>();

  constructor(options: ModelRegistryOptions = {}) {
    // Checked first, so a config mistake is reported even when the data file is also broken.
    this.settings = checkProviders(options.providers);
    const customModels = checkCustomModels(options.customModels);

    for (const info of options.embedded ?? EMBEDDED_MODELS) {
      this.builtIn.add(info.provider);
      this.providerModels(info.provider).set(info.modelId, info);
    }
    this.builtIn.add(CUSTOM_PROVIDER);
    for (const [provider, aliases] of Object.entries(options.aliases ?? MODEL_ALIASES)) {
      this.aliasMap.set(provider, new Map(Object.entries(aliases)));
    }
    if (options.dataDir !== undefined) this.loadDownloaded(modelsFilePath(options.dataDir));
    for (const [id, custom] of customModels) this.addCustom(id, custom);
  }

  /**
   * Every provider kit knows: built in, configured, holding custom models, or in the downloaded
   * table. Built-in ones come first, then configured ones in config order, then the rest by name.
   */
  providers(): string[] {
    const rest = [...this.downloaded].filter((p) => !this.isFeatured(p)).sort();
    return [...this.featuredProviders(), ...rest];
  }

  /** The providers `kit models` shows without --all: built in, configured or holding custom models. */
  featuredProviders(): string[] {
    return unique([...this.builtIn, ...this.settings.keys(), ...this.customProviders]);
  }

  hasProvider(provider: string): boolean {
    return this.isFeatured(provider) || this.downloaded.has(provider);
  }

  /** True when the provider's list comes from the downloaded table rather than the embedded one. */
  isDownloaded(provider: string): boolean {
    return this.downloaded.has(provider);
  }

  /** Models of one provider, or of all in `providers()` order. */
  list(provider?: string): ModelInfo[] {
    const providers = provider === undefined ? this.providers() : [provider];
    return providers.flatMap((p) => [...(this.models.get(p)?.values() ?? [])]);
  }

  /** The model an id or alias names, if the registry knows it. */
  get(provider: string, model: string): ModelInfo | undefined {
    return this.models.get(provider)?.get(this.canonical(provider, model));
  }

  /** alias → canonical id pairs of one provider. */
  aliases(provider: string): [alias: string, target: string][] {
    return [...(this.aliasMap.get(provider)?.entries() ?? [])];
  }

  /** The id an alias stands for, or the id itself. */
  canonical(provider: string, model: string): string {
    return this.aliasMap.get(provider)?.get(model) ?? model;
  }

  providerSettings(provider: string): ProviderSettings | undefined {
    return this.settings.get(provider);
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
    const info = this.models.get(provider)?.get(model);
    if (info) resolved.info = info;
    const settings = this.settings.get(provider);
    if (settings) resolved.providerConfig = settings;
    const connection = this.connections.get(`${provider}/${model}`);
    if (connection) resolved.custom = connection;
    return resolved;
  }

  /** parseModelSpec, plus a suggestion when a bare name is one the registry knows. */
  private parse(spec: string): { provider: string; model: string } {
    try {
      return parseModelSpec(spec);
    } catch (err) {
      const bare = spec.trim();
      if (!(err instanceof ModelSpecError) || bare === "" || bare.includes("/")) throw err;
      const owners = this.providers().filter((p) => this.aliasMap.get(p)?.has(bare) || this.models.get(p)?.has(bare));
      if (owners.length === 0) throw err;
      throw new ModelSpecError(`${err.message}. Did you mean ${owners.map((p) => `${p}/${bare}`).join(" or ")}?`);
    }
  }

  private isFeatured(provider: string): boolean {
    return this.builtIn.has(provider) || this.settings.has(provider) || this.customProviders.has(provider);
  }

  private providerModels(provider: string): Map<string, ModelInfo> {
    let map = this.models.get(provider);
    if (!map) this.models.set(provider, (map = new Map()));
    return map;
  }

  private loadDownloaded(path: string): void {
    if (!existsSync(path)) return;
    let infos: ModelInfo[];
    try {
      infos = parseModelsDev(parseJson(readFileSync(path, "utf8"), path, { what: "model catalogue" }));
    } catch (err) {
      this.warnings.push(
        `ignoring ${fileErrorMessage(path, err)}. Run 'kit update-models' to download it again, or 'kit update-models embedded' to use the built-in table.`,
      );
      return;
    }
    const byProvider = new Map<string, ModelInfo[]>();
    for (const info of infos) {
      const list = byProvider.get(info.provider) ?? [];
      list.push(info);
      byProvider.set(info.provider, list);
    }
    for (const [provider, list] of byProvider) {
      list.sort((a, b) => a.modelId.localeCompare(b.modelId));
      this.models.set(provider, new Map(list.map((info) => [info.modelId, info])));
      this.downloaded.add(provider);
    }
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
    const known = this.models.get(provider)?.get(model);
    const info: ModelInfo = {
      provider,
      modelId: model,
      name: custom.name ?? known?.name ?? model,
      contextLimit: custom.limit?.context ?? known?.contextLimit ?? 0,
      outputLimit: custom.limit?.output ?? known?.outputLimit ?? 0,
      reasoning: known?.reasoning ?? false,
      pricing: customPricing(custom.cost, known?.pricing),
    };
    this.providerModels(provider).set(model, info);
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
