/**
 * What the MockContext knows about models: the embedded model table (src/llm/models/catalog.ts, the
 * same registry the app starts from, without downloaded tables or config), so answers do not depend
 * on the machine the tests run on. The queries are kit's own (llm/models/resolution.ts); a model is
 * available when the table knows it (the harness has no credentials to check).
 */
import type { ModelCapabilities, ModelInfo } from "../contract.ts";
import { ModelRegistry } from "../../llm/models/registry.ts";
import { capabilitiesOf, modelInfoOf, resolveChain } from "../../llm/models/resolution.ts";

export class ModelQueries {
  private readonly registry = new ModelRegistry();

  /** Every model of the embedded table. */
  available(): ModelInfo[] {
    return this.registry.list().map((m) => ({ ...m, pricing: { ...m.pricing } }));
  }

  /** The table's entry for "provider/model" (aliases resolved); undefined for unknown or malformed specs. */
  info(spec: string): ModelInfo | undefined {
    return modelInfoOf(this.registry, spec);
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
    return capabilitiesOf(this.registry, spec);
  }

  /** The first model of the chain the table knows. */
  resolveChain(models: string[]): { model: string; capabilities?: ModelCapabilities; attempted: string[]; error?: string } {
    return resolveChain(this.registry, models, (spec) => (this.info(spec) ? this.canonical(spec) : undefined));
  }
}
