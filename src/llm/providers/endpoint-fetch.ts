import { redactUrl } from "../base-url.ts";
import type { DebugLog } from "../types.ts";

/** A request that never reached its endpoint; the SDKs keep it as the `cause` of their connection error. */
export class UnreachableEndpointError extends Error {
  /** The platform's code (ECONNREFUSED, …), which the classifier reads too. */
  readonly code?: string;
  constructor(url: string, reason: unknown) {
    super(`cannot reach ${url}: ${reason instanceof Error ? reason.message : String(reason)}`, { cause: reason });
    this.name = "UnreachableEndpointError";
    const code = (reason as { code?: unknown } | null)?.code;
    if (typeof code === "string") this.code = code;
  }
}

/**
 * The fetch the SDK clients use: the platform's, plus two things the SDKs do not do for kit. A
 * request that cannot reach its endpoint fails with the URL in its message (the SDKs only say
 * "Connection error."), and with --debug each request is one line: method, URL, status, duration
 * and request id. Headers are never logged, so neither is a key.
 */
export function endpointFetch(debug: DebugLog | undefined): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const url = redactUrl(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const started = performance.now();
    const elapsed = () => `${Math.round(performance.now() - started)} ms`;
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      // A cancelled or timed-out request is the SDK's to report; only a failed connection gains the URL.
      if (init?.signal?.aborted) {
        debug?.(`${method} ${url} cancelled after ${elapsed()}`);
        throw err;
      }
      debug?.(`${method} ${url} failed after ${elapsed()}: ${reason}`);
      throw new UnreachableEndpointError(url, err);
    }
    if (debug) {
      const requestId = response.headers.get("request-id") ?? response.headers.get("x-request-id") ?? "none";
      debug(`${method} ${url} → ${response.status} in ${elapsed()}, request id ${requestId}`);
    }
    return response;
  };
}
