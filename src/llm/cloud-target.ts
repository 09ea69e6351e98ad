/**
 * What the wires beyond the two built-in providers need from the environment: their key variables,
 * their default endpoint, and the cloud settings (region, project, api-version) of the cloud wires.
 * Bedrock and Vertex authenticate through their platform's credential chain, so they need no key.
 */
import { AuthError } from "../errors.ts";
import type { CloudSettings, Wire } from "./types.ts";

/** Key variables of a wire, in the order they are looked up (after --provider-api-key and config). */
export function wireKeyEnvs(wire: Wire): string[] {
  switch (wire) {
    case "gemini":
      return ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY"];
    case "azure":
      return ["AZURE_OPENAI_API_KEY", "AZURE_API_KEY"];
    // An OAuth access token (`gcloud auth print-access-token`); without one, Application Default Credentials.
    case "vertex":
    case "vertex-anthropic":
      return ["GOOGLE_VERTEX_ACCESS_TOKEN"];
    // A Bedrock API key; without one, the AWS credential chain signs the request.
    case "bedrock":
      return ["AWS_BEARER_TOKEN_BEDROCK"];
    default:
      return [];
  }
}

/** Wires whose credentials come from the platform's chain (AWS, Google ADC) when no key is given. */
export function usesCredentialChain(wire: Wire): boolean {
  return wire === "bedrock" || wire === "vertex" || wire === "vertex-anthropic";
}

/**
 * Whether the environment points at credentials for a credential-chain wire, for lists of what is
 * reachable now (the /model picker): the chain itself is only walked when a request is made.
 */
export function credentialChainHinted(wire: Wire, env: NodeJS.ProcessEnv): boolean {
  if (wire === "bedrock") {
    return ["AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"].some(
      (name) => nonEmpty(env[name]) !== undefined,
    );
  }
  return usesCredentialChain(wire);
}

/** The endpoint of a wire when neither flag nor config names one; undefined: the wire builds it from its cloud settings. */
export function wireDefaultBaseUrl(wire: Wire, env: NodeJS.ProcessEnv): string | undefined {
  if (wire === "gemini") return "https://generativelanguage.googleapis.com/v1beta";
  if (wire === "azure") {
    const endpoint = nonEmpty(env.AZURE_OPENAI_ENDPOINT);
    if (endpoint) return endpoint;
    const resource = nonEmpty(env.AZURE_RESOURCE_NAME) ?? nonEmpty(env.AZURE_OPENAI_RESOURCE_NAME);
    if (resource) return `https://${resource}.openai.azure.com`;
    throw new AuthError(
      "no Azure OpenAI endpoint: set AZURE_OPENAI_ENDPOINT (https://RESOURCE.openai.azure.com) or AZURE_RESOURCE_NAME, or pass --provider-url",
    );
  }
  return undefined;
}

/** Azure's api-version when AZURE_OPENAI_API_VERSION does not name one: the current GA version. */
export const AZURE_API_VERSION = "2024-10-21";

/** Region, project and api-version of a cloud wire; undefined for the others. */
export function cloudSettings(wire: Wire, env: NodeJS.ProcessEnv): CloudSettings | undefined {
  switch (wire) {
    case "azure":
      return { apiVersion: nonEmpty(env.AZURE_OPENAI_API_VERSION) ?? AZURE_API_VERSION };
    case "bedrock":
      return { region: nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? "us-east-1" };
    case "vertex":
    case "vertex-anthropic": {
      const project = nonEmpty(env.GOOGLE_VERTEX_PROJECT) ?? nonEmpty(env.GOOGLE_CLOUD_PROJECT) ?? nonEmpty(env.ANTHROPIC_VERTEX_PROJECT_ID);
      if (!project) {
        throw new AuthError("no Google Cloud project for Vertex AI: set GOOGLE_VERTEX_PROJECT (or GOOGLE_CLOUD_PROJECT) to your project id");
      }
      const region =
        nonEmpty(env.GOOGLE_VERTEX_LOCATION) ??
        nonEmpty(env.GOOGLE_CLOUD_LOCATION) ??
        nonEmpty(env.CLOUD_ML_REGION) ??
        (wire === "vertex-anthropic" ? "us-east5" : "us-central1");
      return { project, region };
    }
    default:
      return undefined;
  }
}

function nonEmpty(s: string | undefined): string | undefined {
  return s && s.trim() !== "" ? s.trim() : undefined;
}
