/**
 * What the MockContext knows about models: the embedded model table (src/llm/models/catalog.ts, the
 * same registry the app starts from, without downloaded tables or config), so answers do not depend
 * on the machine the tests run on.
 */
import type { ModelCapabilities, ModelInfo } from "../contract.ts";
import { ModelRegistry } from "../../llm/models/registry.ts";

export class ModelQueries {
  private readonly registry = new ModelRegistry();

  /** Every model of the embedded table. */
  available(): ModelInfo[] {
    return this.registry.list().map((m) => ({ ...m, pricing: { ...m.pricing } }));
  }

  /** The table's entry for "provider/model" (aliases resolved); undefined for unknown or malformed specs. */
  info(spec: string): ModelInfo | undefined {
    try {
      return this.registry.resolve(spec).info;
    } catch {
      return undefined;
    }
  }

  /** "provider/model" with the alias resolved; throws for an unknown model, as ctx.setModel must. */
  canonical(spec: string): string {
    const info = this.info(spec);
    if (!info) {
      throw new Error(`unknown model "${spec}": ctx.getAvailableModels() lists the models kit knows (the test harness uses kit's embedded table)`);
    }
    return `${info.provider}/${info.modelId}`;
  }

  contextLimit(spec: string): number {
    return this.info(spec)?.contextLimit ?? 0;
  }

  /** Capabilities of a model; an unknown one gets zero limits and an unknown price. */
  capabilities(spec: string): ModelCapabilities {
    const info = this.info(spec);
    if (info) return { ...info, pricing: { ...info.pricing }, streaming: true };
    const slash = spec.indexOf("/");
    const modelId = spec.slice(slash + 1);
    return {
      provider: slash > 0 ? spec.slice(0, slash) : "",
      modelId,
      name: modelId,
      contextLimit: 0,
      outputLimit: 0,
      reasoning: false,
      pricing: { input: 0, output: 0, known: false },
      streaming: true,
    };
  }

  /** The first model of the chain the table knows. */
  resolveChain(models: string[]): { model: string; capabilities?: ModelCapabilities; attempted: string[]; error?: string } {
    const attempted: string[] = [];
    for (const spec of models) {
      attempted.push(spec);
      if (this.info(spec)) {
        const model = this.canonical(spec);
        return { model, capabilities: this.capabilities(model), attempted };
      }
    }
    return {
      model: "",
      attempted,
      error: models.length === 0 ? "no models given" : `none of these models is available: ${models.join(", ")}`,
    };
  }
}
