import { AuthError, UsageError } from "../errors.ts";
import { checkBaseUrl } from "./base-url.ts";
import { cloudSettings, usesCredentialChain, wireDefaultBaseUrl, wireKeyEnvs } from "./cloud-target.ts";
import type { ResolvedModel } from "./models/types.ts";
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
}

/** The wire a provider speaks unless told otherwise (spec/cli.md, --provider-wire). */
export function defaultWire(provider: string): Wire {
  if (provider === "anthropic") return "anthropic";
  if (provider === "openai") return "openai";
  if (provider === "google") return "gemini";
  return "openai-compat";
}

/**
 * Decides endpoint, wire and key for a resolved model. Precedence for the base URL: flag, the
 * model's customModels entry, the provider's config entry, ANTHROPIC_BASE_URL/OPENAI_BASE_URL (by
 * provider, or by wire for other providers), then the SDK default. For the key: flag, customModels,
 * the provider's apiKeyEnv, then ANTHROPIC_API_KEY/OPENAI_API_KEY for those two providers.
 */
export function resolveTarget(resolved: ResolvedModel, settings: TargetSettings, env: NodeJS.ProcessEnv): ModelTarget {
  const { provider, model } = resolved;
  const pc = resolved.providerConfig;
  const wireName = settings.providerWire ?? pc?.wire ?? defaultWire(provider);
  if (!(WIRES as readonly string[]).includes(wireName)) {
    throw new UsageError(`unknown wire "${wireName}" for provider ${provider}: use one of ${WIRES.join(", ")}`);
  }
  const wire = wireName as Wire;
  const urlOfAnthropic = provider === "anthropic" || (provider !== "openai" && wire === "anthropic");
  const envUrlName = urlOfAnthropic ? "ANTHROPIC_BASE_URL" : "OPENAI_BASE_URL";
  // customModels and providers URLs were checked when the config was read; the other two are checked here, where they are used.
  const flagUrl = nonEmpty(settings.providerUrl);
  // The OpenAI and Anthropic base URL variables are not meant for the other wires' APIs.
  const envUrl = wire === "anthropic" || wire === "openai" || wire === "openai-compat" ? nonEmpty(env[envUrlName]) : undefined;
  const baseUrl =
    (flagUrl && checkBaseUrl(flagUrl, settings.providerUrlSource ?? "--provider-url")) ??
    nonEmpty(resolved.custom?.baseUrl) ??
    nonEmpty(pc?.baseUrl) ??
    (envUrl && checkBaseUrl(envUrl, envUrlName)) ??
    wireDefaultBaseUrl(wire, env);

  const builtIn = provider === "anthropic" || provider === "openai";
  if (!builtIn && !baseUrl && !usesCredentialChain(wire)) {
    throw new UsageError(
      `no endpoint for ${provider}/${model}: pass --provider-url URL (e.g. http://localhost:11434/v1 for Ollama), ` +
        `or set baseUrl for it under "customModels" or "providers" in your config`,
    );
  }

  // A key belongs to its provider, whatever wire is used to reach it; keys of the built-in providers
  // are never sent to other endpoints' providers.
  const builtInKeyEnv = provider === "anthropic" ? "ANTHROPIC_API_KEY" : provider === "openai" ? "OPENAI_API_KEY" : undefined;
  // The configured variable first; the built-in providers fall back to their standard one.
  const keyEnvs = [...new Set([pc?.apiKeyEnv, builtInKeyEnv, ...wireKeyEnvs(wire)].filter((v): v is string => v !== undefined))];
  const cloud = cloudSettings(wire, env);
  const apiKey =
    nonEmpty(settings.providerApiKey) ??
    nonEmpty(resolved.custom?.apiKey) ??
    keyEnvs.map((name) => nonEmpty(env[name])).find((v) => v !== undefined);
  if (!apiKey) {
    // Bedrock and Vertex find their credentials themselves (AWS chain, Google ADC) when the request is made.
    if (usesCredentialChain(wire)) return { provider, model, wire, baseUrl, apiKey: "", headers: pc?.headers, cloud };
    if (keyEnvs.length > 0) {
      throw new AuthError(`no API key for ${provider}: set ${keyEnvs.join(" or ")} or pass --provider-api-key`);
    }
    // Local OpenAI-compatible servers (Ollama, llama.cpp, vLLM) take no key, but the SDK insists on one.
    return { provider, model, wire, baseUrl, apiKey: "no-key", headers: pc?.headers };
  }
  return { provider, model, wire, baseUrl, apiKey, headers: pc?.headers, ...(cloud ? { cloud } : {}) };
}

function nonEmpty(s: string | undefined): string | undefined {
  return s && s.trim() !== "" ? s.trim() : undefined;
}
