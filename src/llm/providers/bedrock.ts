import { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk";
import type Anthropic from "@anthropic-ai/sdk";
import type { Provider, ProviderOptions } from "../types.ts";
import { createAnthropicProvider } from "./anthropic.ts";
import { clientCache } from "./client-cache.ts";

/**
 * Claude on Amazon Bedrock: the Messages API through Anthropic's Bedrock SDK, which signs requests
 * with the standard AWS credential chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO,
 * instance roles) for the region of AWS_REGION; a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK) is
 * sent as a bearer token instead. The SDK turns Bedrock's event stream into the Messages SSE stream,
 * so everything after the request is the Anthropic wire's.
 */
export function createBedrockProvider(opts: ProviderOptions = {}): Provider {
  const clientFor = clientCache(
    opts,
    ({ apiKey, ...o }, target) =>
      // Both SDKs' clients share the Messages resource this provider uses; only signing and paths differ.
      new AnthropicBedrock({ ...o, apiKey: apiKey || null, awsRegion: target.cloud?.region }) as unknown as Anthropic,
  );
  return createAnthropicProvider(opts, clientFor);
}
