/**
 * Whether a key works, checked before it is stored (`kit auth login`, `/login`): one cheap request,
 * the provider's list of models, through the same official SDK a run uses. Nothing is generated.
 */
import { classifyError } from "./errors.ts";
import { endpointFetch } from "./providers/endpoint-fetch.ts";
import type { ModelTarget } from "./types.ts";

export type KeyCheck = { ok: true } | { ok: false; rejected: boolean; message: string };

const CHECK_TIMEOUT_MS = 15_000;

export async function checkKey(target: ModelTarget): Promise<KeyCheck> {
  const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
  // endpointFetch names the URL when it cannot be reached (the SDKs say only "Connection error.").
  const common = { apiKey: target.apiKey, baseURL: target.baseUrl, maxRetries: 0, defaultHeaders: target.headers, logLevel: "off" as const, fetch: endpointFetch(undefined) };
  try {
    switch (target.wire) {
      case "anthropic": {
        const { default: Anthropic } = await import("@anthropic-ai/sdk");
        await new Anthropic(common).models.list({ limit: 1 }, { signal });
        break;
      }
      case "openai":
      case "openai-compat": {
        const { default: OpenAI } = await import("openai");
        await new OpenAI(common).models.list({ signal });
        break;
      }
      case "gemini": {
        // kit speaks Gemini over plain fetch (providers/gemini.ts), and so does its check.
        const base = (target.baseUrl ?? "https://generativelanguage.googleapis.com/v1beta").replace(/\/+$/, "");
        const res = await fetch(`${base}/models?pageSize=1`, { headers: { "x-goog-api-key": target.apiKey, ...target.headers }, signal });
        if (!res.ok) {
          const rejected = res.status === 400 || res.status === 401 || res.status === 403;
          return { ok: false, rejected, message: `${res.status} ${(await res.text()).slice(0, 200)}` };
        }
        break;
      }
      default:
        // Azure, Bedrock and Vertex authenticate per deployment or through a cloud's credential chain: the first run tells.
        return { ok: true };
    }
    return { ok: true };
  } catch (err) {
    const e = classifyError(err, signal);
    return { ok: false, rejected: e.kind === "auth", message: e.message };
  }
}
