/**
 * Model queries the extension Context answers (getModelCapabilities, resolveModelChain), as pure
 * functions over a ModelRegistry. The app adds what only it knows (credentials, the current model:
 * app/model-resolution.ts); the kit/test harness uses them as they are.
 */
import type { ModelRegistry } from "./registry.ts";
import type { ModelInfo } from "./types.ts";

/** kit/ext ModelCapabilities. */
export interface ModelCapabilities extends ModelInfo {
  streaming: boolean;
}

export interface ChainResult {
  model: string;
  capabilities?: ModelCapabilities;
  attempted: string[];
  error?: string;
}

/** The registry's entry for "provider/model" (aliases resolved); undefined for unknown or malformed specs. */
export function modelInfoOf(registry: ModelRegistry, spec: string): ModelInfo | undefined {
  try {
    return registry.resolve(spec).info;
  } catch {
    return undefined;
  }
}

/** Capabilities of a model; one the table does not know gets zero limits and an unknown price. */
export function capabilitiesOf(registry: ModelRegistry, spec: string): ModelCapabilities {
  const info = modelInfoOf(registry, spec);
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

/**
 * The first model of the chain that `usable` accepts; `usable` returns its canonical "provider/model"
 * (aliases resolved) or undefined.
 */
export function resolveChain(registry: ModelRegistry, models: readonly string[], usable: (spec: string) => string | undefined): ChainResult {
  const attempted: string[] = [];
  for (const spec of models) {
    attempted.push(spec);
    const model = usable(spec);
    if (model !== undefined) return { model, capabilities: capabilitiesOf(registry, model), attempted };
  }
  return {
    model: "",
    attempted,
    error: models.length === 0 ? "no models given" : `none of these models is available: ${models.join(", ")}`,
  };
}
