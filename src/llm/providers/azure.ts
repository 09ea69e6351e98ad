import { AzureOpenAI } from "openai";
import { AZURE_API_VERSION } from "../cloud-target.ts";
import type { Provider, ProviderOptions } from "../types.ts";
import { clientCache } from "./client-cache.ts";
import { createOpenAIChatProvider } from "./openai-chat.ts";

/**
 * Azure OpenAI: Chat Completions of a deployment (the model id is the deployment name), with the
 * `api-key` header and the `api-version` query the service requires. The base URL is the resource's
 * endpoint (https://RESOURCE.openai.azure.com); the SDK adds `/openai/deployments/NAME/…`.
 */
export function createAzureProvider(opts: ProviderOptions = {}): Provider {
  const clientFor = clientCache(
    opts,
    ({ baseURL, ...o }, target) => new AzureOpenAI({ ...o, endpoint: baseURL, apiVersion: target.cloud?.apiVersion ?? AZURE_API_VERSION }),
  );
  return createOpenAIChatProvider(opts, clientFor);
}
