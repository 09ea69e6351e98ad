/**
 * The model of a run that names none (spec/cli.md, --model): kit's default, the newest Claude Sonnet,
 * when an Anthropic key is set or a flag addresses the default provider; otherwise the default model
 * of the first provider whose key is set, so a user with only OPENAI_API_KEY (or only DEEPSEEK_API_KEY)
 * gets a working run instead of an error about a key they do not have.
 */
import { AuthError } from "../errors.ts";
import type { ModelRegistry } from "../llm/models/registry.ts";
import { providerAccess, type TargetSettings } from "../llm/target.ts";

/** An alias resolved through the catalogue, so the default never names a model Anthropic has retired. */
export const DEFAULT_MODEL = "anthropic/claude-sonnet-latest";

/** Asked first when several keys are set; the other providers follow in catalogue order. */
const PREFERRED = ["anthropic", "openai", "google"];

/**
 * Only variables named *_API_KEY pick a provider: GITHUB_TOKEN or HF_TOKEN are set for other
 * tools in many shells and CI jobs and must not send a prompt to GitHub or Hugging Face unasked.
 */
const PICKS_PROVIDER = /_API_KEY$/;

export function defaultModel(registry: ModelRegistry, settings: TargetSettings, env: NodeJS.ProcessEnv): string {
  // --provider-url and --provider-api-key without -m address the default model's provider.
  if (settings.providerUrl || settings.providerApiKey) return DEFAULT_MODEL;
  for (const provider of candidates(registry)) {
    const access = providerAccess(provider, registry.providerMeta(provider), registry.providerSettings(provider), env);
    if (access.wire === undefined) continue;
    // A key stored with `kit auth login` picks its provider as a key variable does.
    const stored = settings.stored?.(provider) !== undefined;
    if (!stored && (!access.keySetIn || !PICKS_PROVIDER.test(access.keySetIn))) continue;
    const model = registry.defaultModel(provider);
    if (model) return `${provider}/${model}`;
  }
  return DEFAULT_MODEL;
}

/** The error of a run that names no model when no provider's key is set: what kit looked for, and the ways out. */
export function noKeyError(registry: ModelRegistry): AuthError {
  return new AuthError(
    `no API key found: kit looked for ${keyVariablesLookedFor(registry).join(", ")} and found no stored key. ` +
      "Store one with 'kit auth login' (or /login in kit), set one of these variables (ANTHROPIC_API_KEY for the default model), " +
      "or choose a model with -m provider/model. " +
      "For a local server: -m ollama/<model> for Ollama, -m lmstudio/<model> for LM Studio, " +
      "or -m custom/<model> --provider-url URL for any OpenAI-compatible server.",
  );
}

/** The variables that pick a provider for a run naming no model, in the order they are tried. */
export function keyVariablesLookedFor(registry: ModelRegistry): string[] {
  const looked = new Set<string>();
  for (const provider of candidates(registry)) {
    for (const name of providerAccess(provider, registry.providerMeta(provider), registry.providerSettings(provider), {}).keyVariables) {
      if (PICKS_PROVIDER.test(name)) looked.add(name);
    }
  }
  return [...looked];
}

function candidates(registry: ModelRegistry): string[] {
  return [...new Set([...PREFERRED, ...registry.providers()])].filter((p) => registry.hasProvider(p));
}
