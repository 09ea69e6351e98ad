import type { LLMRequest, ProviderOptions } from "../types.ts";

/** What both official SDK constructors take. */
export interface SdkClientOptions {
  apiKey: string;
  baseURL: string | undefined;
  maxRetries: number;
  defaultHeaders: Record<string, string> | undefined;
  logLevel: "debug" | "off";
}

/**
 * One SDK client per endpoint, key and headers. Retries are kit's (llm/retry.ts), so the SDK's are
 * off; SDK console logging would break --quiet and --json output, so it is on only with --debug.
 */
export function clientCache<C>(opts: ProviderOptions, create: (o: SdkClientOptions) => C): (req: LLMRequest) => C {
  const clients = new Map<string, C>();
  return (req) => {
    const t = req.target;
    const key = `${t.baseUrl ?? ""}\n${t.apiKey}\n${JSON.stringify(t.headers ?? {})}`;
    let client = clients.get(key);
    if (!client) {
      client = create({ apiKey: t.apiKey, baseURL: t.baseUrl, maxRetries: 0, defaultHeaders: t.headers, logLevel: opts.debug ? "debug" : "off" });
      clients.set(key, client);
    }
    return client;
  };
}
