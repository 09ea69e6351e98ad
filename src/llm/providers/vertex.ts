/**
 * Google Vertex AI: Claude through Anthropic's Vertex SDK (`vertex-anthropic`) and Gemini through
 * the generateContent API of Vertex (`vertex`). Both authorise with an OAuth access token: the one
 * given as the key (GOOGLE_VERTEX_ACCESS_TOKEN, --provider-api-key), else Application Default
 * Credentials (`gcloud auth application-default login`, GOOGLE_APPLICATION_CREDENTIALS).
 */
import { AnthropicVertex } from "@anthropic-ai/vertex-sdk";
import type Anthropic from "@anthropic-ai/sdk";
import type { LLMRequest, Provider, ProviderOptions } from "../types.ts";
import { createAnthropicProvider } from "./anthropic.ts";
import { clientCache } from "./client-cache.ts";
import { createGeminiProvider } from "./gemini.ts";

const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

export function createVertexAnthropicProvider(opts: ProviderOptions = {}): Provider {
  const clientFor = clientCache(
    opts,
    ({ apiKey, ...o }, target) =>
      new AnthropicVertex({
        ...o,
        region: target.cloud?.region,
        projectId: target.cloud?.project,
        // The SDK takes a token only through an auth client; this one hands out the given token.
        ...(apiKey ? { authClient: staticTokenClient(apiKey) } : {}),
      }) as unknown as Anthropic,
  );
  return createAnthropicProvider(opts, clientFor);
}

function staticTokenClient(token: string): NonNullable<ConstructorParameters<typeof AnthropicVertex>[0]>["authClient"] {
  const client = { getRequestHeaders: async () => new Headers({ authorization: `Bearer ${token}` }) };
  return client as unknown as NonNullable<ConstructorParameters<typeof AnthropicVertex>[0]>["authClient"];
}

/** Vertex's API root: regional, or the global endpoint. */
function vertexRoot(region: string): string {
  return region === "global" ? "https://aiplatform.googleapis.com/v1" : `https://${region}-aiplatform.googleapis.com/v1`;
}

export function createVertexGeminiProvider(opts: ProviderOptions = {}): Provider {
  // One credential lookup per process: Application Default Credentials cache and refresh their token.
  let adc: Promise<{ getAccessToken(): Promise<string | null | undefined> }> | undefined;
  const token = async (req: LLMRequest): Promise<string> => {
    if (req.target.apiKey) return req.target.apiKey;
    adc ??= import("google-auth-library").then(({ GoogleAuth }) => new GoogleAuth({ scopes: CLOUD_PLATFORM_SCOPE }));
    const t = await (await adc).getAccessToken();
    if (!t) throw new Error("Could not load the default credentials: no access token");
    return t;
  };
  return createGeminiProvider(opts, {
    baseUrl: (req) => {
      const { region = "us-central1", project = "" } = req.target.cloud ?? {};
      const root = req.target.baseUrl ?? vertexRoot(region);
      return `${root.replace(/\/+$/, "")}/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(region)}/publishers/google`;
    },
    auth: async (req) => ({ authorization: `Bearer ${await token(req)}` }),
  });
}
