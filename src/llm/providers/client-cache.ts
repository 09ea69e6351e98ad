import type { LLMRequest, ModelTarget, ProviderOptions } from "../types.ts";
import { endpointFetch } from "./endpoint-fetch.ts";

/** What both official SDK constructors take. */
export interface SdkClientOptions {
  apiKey: string;
  baseURL: string | undefined;
  maxRetries: number;
  defaultHeaders: Record<string, string> | undefined;
  logLevel: "off";
  fetch: ReturnType<typeof endpointFetch>;
}

/**
 * One SDK client per endpoint, key and headers. Retries are kit's (llm/retry.ts), so the SDK's are
 * off; the SDK's console logging is off too (it would break --quiet and --json output and may show
 * headers): --debug logs each request through endpointFetch instead.
 */
export function clientCache<C>(opts: ProviderOptions, create: (o: SdkClientOptions, target: ModelTarget) => C): (req: LLMRequest) => C {
  const clients = new Map<string, C>();
  const fetch = endpointFetch(opts.debug);
  return (req) => {
    const t = req.target;
    const key = `${t.baseUrl ?? ""}\n${t.apiKey}\n${JSON.stringify(t.headers ?? {})}\n${JSON.stringify(t.cloud ?? {})}`;
    let client = clients.get(key);
    if (!client) {
      client = create({ apiKey: t.apiKey, baseURL: t.baseUrl, maxRetries: 0, defaultHeaders: t.headers, logLevel: "off", fetch }, t);
      clients.set(key, client);
    }
    return client;
  };
}
