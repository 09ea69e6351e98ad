import { AuthError, UsageError } from "../errors.ts";
import { checkBaseUrl } from "./base-url.ts";
import { COPILOT_HEADERS, COPILOT_PROVIDER } from "./copilot.ts";
import { cloudSettings, usesCredentialChain, wireDefaultBaseUrl, wireKeyEnvs } from "./cloud-target.ts";
import { catalogueBaseUrl, isLocalProvider, keyVariables, routedWire } from "./routing.ts";
import type { ProviderMeta, ProviderSettings, ResolvedModel } from "./models/types.ts";
import { WIRES, type ModelTarget, type Wire } from "./types.ts";

export interface TargetSettings {
  /** --provider-url */
  providerUrl?: string;
  /** Where providerUrl came from, for an error ("--provider-url", "KIT_PROVIDER_URL", "FILE:LINE: provider-url"). */
  providerUrlSource?: string;
  /** --provider-api-key */
  providerApiKey?: string;
  /** --provider-wire */
  providerWire?: string;
  /** A provider's stored key (`kit auth login`), used after the flag and before the environment. */
  stored?: (provider: string) => StoredAccess | undefined;
}

/** What a stored credential gives a target: the key, and the endpoint an OAuth login was told to use. */
export interface StoredAccess {
  key: string;
  baseUrl?: string;
}

/** The wire a provider outside the catalogue speaks unless told otherwise (spec/cli.md, --provider-wire). */
export function defaultWire(provider: string): Wire {
  if (provider === "anthropic") return "anthropic";
  if (provider === "openai") return "openai";
  if (provider === "google") return "gemini";
  return "openai-compat";
}

/**
 * Decides endpoint, wire and key for a resolved model.
 *
 * Wire: flag, the provider's config entry, the catalogue's npm hint (llm/routing.ts), else by provider.
 * Base URL: flag, the model's customModels entry, the provider's config entry, ANTHROPIC_BASE_URL /
 * OPENAI_BASE_URL (for those providers, and by wire for providers the catalogue has no URL for),
 * the catalogue's URL, then the SDK's default (Anthropic, OpenAI, Gemini).
 * Key: flag, customModels, the stored credential (`kit auth login`), the provider's apiKeyEnv, then the catalogue's key variables in order;
 * a provider whose own endpoint is local (Ollama, LM Studio) needs none.
 */
export function resolveTarget(resolved: ResolvedModel, settings: TargetSettings, env: NodeJS.ProcessEnv): ModelTarget {
  const { provider, model, catalogue } = resolved;
  const pc = resolved.providerConfig;
  const routed = routedWire(provider, resolved.npm);
  const wireName = settings.providerWire ?? pc?.wire ?? routed ?? defaultWire(provider);
  if (!(WIRES as readonly string[]).includes(wireName)) {
    if (settings.providerWire === undefined && pc?.wire === undefined) {
      throw new UsageError(
        `${provider} speaks the ${wireName} API, which this build of kit cannot speak: reach it through an OpenAI-compatible endpoint with --provider-wire openai-compat --provider-url URL`,
      );
    }
    throw new UsageError(`unknown wire "${wireName}" for provider ${provider}: use one of ${WIRES.join(", ")}`);
  }
  const wire = wireName as Wire;
  const builtIn = provider === "anthropic" || provider === "openai";
  const catalogueUrl = catalogue ? catalogueBaseUrl(catalogue, env) : undefined;
  const urlOfAnthropic = provider === "anthropic" || (provider !== "openai" && wire === "anthropic");
  const envUrlName = urlOfAnthropic ? "ANTHROPIC_BASE_URL" : "OPENAI_BASE_URL";
  // OPENAI_BASE_URL points at OpenAI or a gateway for it; it must not redirect DeepSeek or Groq.
  const envUrlApplies = builtIn || catalogue === undefined;
  // customModels and providers URLs were checked when the config was read; the other two are checked here, where they are used.
  const flagUrl = nonEmpty(settings.providerUrl);
  // Nor are the OpenAI and Anthropic base URL variables meant for the other wires' APIs.
  const envUrlWire = wire === "anthropic" || wire === "openai" || wire === "openai-compat";
  const envUrl = envUrlApplies && envUrlWire ? nonEmpty(env[envUrlName]) : undefined;
  // A key on the command line needs nothing stored (nor a readable credentials file).
  const stored = nonEmpty(settings.providerApiKey) === undefined ? settings.stored?.(provider) : undefined;
  const baseUrl =
    (flagUrl && checkBaseUrl(flagUrl, settings.providerUrlSource ?? "--provider-url")) ??
    nonEmpty(resolved.custom?.baseUrl) ??
    nonEmpty(pc?.baseUrl) ??
    stored?.baseUrl ??
    (envUrl && checkBaseUrl(envUrl, envUrlName)) ??
    catalogueUrl ??
    wireDefaultBaseUrl(wire, env);

  // Bedrock and Vertex build their endpoint from the region and project (cloud settings).
  if (!builtIn && !baseUrl && !usesCredentialChain(wire)) {
    const why = catalogue ? `the catalogue has no endpoint for ${catalogue.name}${catalogue.npm ? ` (reached through ${catalogue.npm})` : ""}` : `no endpoint for ${provider}/${model}`;
    throw new UsageError(
      `${why}: pass --provider-url URL (e.g. http://localhost:11434/v1 for Ollama), ` +
        `or set baseUrl for it under "customModels" or "providers" in your config`,
    );
  }

  // The catalogue lists the platform's credential variables (AWS_ACCESS_KEY_ID, …) for Bedrock and Vertex:
  // those are for their SDKs' credential chains, never a key to send as it is.
  const catalogueKeys = usesCredentialChain(wire) ? [pc?.apiKeyEnv].filter((v): v is string => v !== undefined) : keyVariablesOf(provider, catalogue, pc);
  const keyEnvs = [...new Set([...catalogueKeys, ...wireKeyEnvs(wire)])];
  const cloud = cloudSettings(wire, env);
  const apiKey =
    nonEmpty(settings.providerApiKey) ??
    nonEmpty(resolved.custom?.apiKey) ??
    nonEmpty(stored?.key) ??
    keyEnvs.map((name) => nonEmpty(env[name])).find((v) => v !== undefined);
  if (!apiKey) {
    // Bedrock and Vertex find their credentials themselves (AWS chain, Google ADC) when the request is made.
    if (usesCredentialChain(wire)) return { provider, model, wire, baseUrl, apiKey: "", headers: pc?.headers, cloud };
    if (keyEnvs.length > 0 && !isLocalProvider(catalogue)) {
      throw new AuthError(`no API key for ${provider}: run 'kit auth login ${provider}' (or /login in kit), set ${keyEnvs.join(" or ")}, or pass --provider-api-key`);
    }
    // Local OpenAI-compatible servers (Ollama, LM Studio, llama.cpp, vLLM) take no key, but the SDK insists on one.
    return { provider, model, wire, baseUrl, apiKey: "no-key", headers: pc?.headers };
  }
  const headers = provider === COPILOT_PROVIDER ? { ...COPILOT_HEADERS, ...pc?.headers } : pc?.headers;
  return { provider, model, wire, baseUrl, apiKey, headers, ...(cloud ? { cloud } : {}) };
}

/**
 * The variables a provider's key is read from, in order. A key belongs to its provider, whatever
 * wire is used to reach it: keys of the built-in providers are never sent to other providers.
 */
export function keyVariablesOf(provider: string, catalogue: ProviderMeta | undefined, pc: ProviderSettings | undefined): string[] {
  const builtInKeyEnv = provider === "anthropic" ? "ANTHROPIC_API_KEY" : provider === "openai" ? "OPENAI_API_KEY" : undefined;
  // The configured variable first, then the catalogue's; the built-in providers fall back to their standard one.
  return [...new Set([pc?.apiKeyEnv, ...keyVariables(catalogue), builtInKeyEnv].filter((v): v is string => v !== undefined))];
}

/** How `kit models` shows a provider's access: the wire a run would use and where its key is looked for. */
export interface ProviderAccess {
  /** Undefined for a provider that needs an API of its own (Azure, Bedrock, Vertex). */
  wire: string | undefined;
  keyVariables: string[];
  /** The variable that holds a key now, if any. */
  keySetIn: string | undefined;
  /** Its own endpoint is local (Ollama, LM Studio): no key needed. */
  local: boolean;
}

export function providerAccess(provider: string, catalogue: ProviderMeta | undefined, pc: ProviderSettings | undefined, env: NodeJS.ProcessEnv): ProviderAccess {
  const keys = keyVariablesOf(provider, catalogue, pc);
  const routed = catalogue ? routedWire(provider, catalogue.npm) : defaultWire(provider);
  return {
    wire: pc?.wire ?? (catalogue?.npm === undefined ? defaultWire(provider) : routed),
    keyVariables: keys,
    keySetIn: keys.find((name) => nonEmpty(env[name]) !== undefined),
    local: isLocalProvider(catalogue),
  };
}

function nonEmpty(s: string | undefined): string | undefined {
  return s && s.trim() !== "" ? s.trim() : undefined;
}
