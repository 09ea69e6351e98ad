/**
 * The model-resolution members of the extension Context in the app: capabilities from the registry
 * (embedded table, downloaded table, customModels), availability that also checks kit could reach
 * the model (an endpoint, and an API key where one is needed), and the current provider and model.
 */
import { capabilitiesOf, resolveChain, type ChainResult, type ModelCapabilities } from "../llm/models/resolution.ts";
import type { ModelRuntime } from "./runtime.ts";

export class ModelResolution {
  constructor(private readonly runtime: ModelRuntime) {}

  /**
   * "provider/model" of a model kit knows (a registry entry, a customModels entry or a model of a
   * configured provider) and can reach now; undefined otherwise.
   */
  usable(spec: string): string | undefined {
    try {
      const resolved = this.runtime.registry.resolve(spec);
      if (!resolved.info && !resolved.custom && !resolved.providerConfig) return undefined;
      this.runtime.targetFor(spec);
      return `${resolved.provider}/${resolved.model}`;
    } catch {
      return undefined;
    }
  }

  resolveModelChain(models: string[]): ChainResult {
    if (!Array.isArray(models)) throw new TypeError("resolveModelChain: models must be an array of \"provider/model\" strings");
    return resolveChain(this.runtime.registry, models.map(String), (spec) => this.usable(spec));
  }

  /** "" or undefined = the current model. */
  getModelCapabilities(model?: string): ModelCapabilities {
    return capabilitiesOf(this.runtime.registry, model ? String(model) : this.runtime.spec);
  }

  checkModelAvailable(model: string): boolean {
    return this.usable(String(model)) !== undefined;
  }

  getCurrentProvider(): string {
    return this.runtime.target.provider;
  }

  getCurrentModelID(): string {
    return this.runtime.target.model;
  }
}
