import { UnreachableEndpointError } from "./providers/endpoint-fetch.ts";
import type { ErrorKind, LLMError, ModelTarget } from "./types.ts";
import { withoutValues } from "../secret-values.ts";

/**
 * Turns anything a provider SDK can throw into a classified LLMError. Both official SDKs throw
 * errors with `status`, `headers` and the parsed error body (`error`), and in-stream error events
 * become the same kind of error with no status, so one classifier serves all wires.
 */
export function classifyError(err: unknown, signal?: AbortSignal): LLMError {
  if (signal?.aborted || isAbort(err)) return { kind: "aborted", message: "request cancelled" };
  const e = (err ?? {}) as {
    status?: number;
    headers?: Headers | Record<string, string>;
    error?: unknown;
    message?: string;
    requestID?: string | null;
    name?: string;
    code?: string;
    cause?: unknown;
  };
  const credentials = credentialFailure(e);
  if (credentials) return { kind: "auth", message: credentials };
  const body = errorBody(e.error);
  // The SDKs say only "Connection error."; the cause (from providers/endpoint-fetch.ts) names the URL.
  const connectionFailure = e.cause instanceof UnreachableEndpointError ? e.cause.message : undefined;
  const message = body.message || connectionFailure || cleanMessage(e.message) || String(err);
  const status = typeof e.status === "number" ? e.status : undefined;
  const result: LLMError = { kind: kindOf(status, body.type, body.code, message, e), message, status };
  const retryAfterMs = parseRetryAfter(e.headers);
  if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  const requestId = e.requestID ?? header(e.headers, "request-id") ?? header(e.headers, "x-request-id");
  if (requestId) result.requestId = requestId;
  return result;
}

/**
 * The cloud SDKs' credential-chain failures, and what to do about them. The Bedrock SDK reports them
 * as connection errors (the chain may reach the network), but no retry will find credentials.
 */
const CREDENTIAL_FAILURES: [RegExp, string][] = [
  [
    /Failed to resolve AWS credentials|Could not load credentials from any providers/i,
    "no AWS credentials for Amazon Bedrock: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or run `aws sso login`), or put a Bedrock API key in AWS_BEARER_TOKEN_BEDROCK",
  ],
  [
    /Could not load the default credentials|Unable to detect a Project Id|Failed to acquire Google OAuth credentials/i,
    "no Google Cloud credentials for Vertex AI: run `gcloud auth application-default login`, set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or put an access token in GOOGLE_VERTEX_ACCESS_TOKEN",
  ],
];

function credentialFailure(e: { message?: string; cause?: unknown }): string | undefined {
  const messages = [e.message ?? "", (e.cause as { message?: string } | undefined)?.message ?? ""];
  return CREDENTIAL_FAILURES.find(([pattern]) => messages.some((m) => pattern.test(m)))?.[1];
}

/** The error with the target's API key and header values (credentials a gateway may echo) replaced by "***". */
export function withoutSecrets(error: LLMError, target: Pick<ModelTarget, "apiKey" | "headers">): LLMError {
  const message = withoutValues(error.message, [target.apiKey, ...Object.values(target.headers ?? {})]);
  return message === error.message ? error : { ...error, message };
}

/** Error kinds worth another attempt: the request itself was fine, the service was not. */
export function isRetryable(kind: ErrorKind): boolean {
  return kind === "rate_limit" || kind === "overloaded" || kind === "server" || kind === "network";
}

const OVERFLOW_PATTERNS = [
  /prompt is too long/i,
  /context[_ ]length[_ ]exceeded/i,
  /maximum context length/i,
  /exceeds? the (model's )?context (window|length)/i,
  /too many (input )?tokens/i,
  /input is too long/i,
  /request_too_large/i,
  // Gemini: "The input token count (1234567) exceeds the maximum number of tokens allowed (1048576)."
  /input token count .* exceeds the maximum/i,
];

function kindOf(
  status: number | undefined,
  type: string | undefined,
  code: string | undefined,
  message: string,
  e: { name?: string; code?: string; cause?: unknown },
): ErrorKind {
  const label = `${type ?? ""} ${code ?? ""}`;
  if (OVERFLOW_PATTERNS.some((p) => p.test(label) || p.test(message)) || status === 413) return "context_overflow";
  if (status === 401 || status === 403 || /authentication_error|permission_error|invalid_api_key/.test(label)) return "auth";
  // A 429 that waiting does not cure: the account is out of credit (OpenAI, DeepSeek's 402, xAI's 403s are auth).
  if (/insufficient_quota|insufficient_balance|billing/i.test(label) || status === 402) return "quota";
  if (status === 529 || /overloaded/.test(label)) return "overloaded";
  if (status === 429 || /rate_limit/.test(label)) return "rate_limit";
  if ((status !== undefined && status >= 500) || /api_error|server_error/.test(label)) return "server";
  if (status !== undefined && status >= 400) return "invalid_request";
  if (status === undefined && isNetworkError(e, message)) return "network";
  // A stream that ends in an error event without a recognisable type: treat as a server fault, which is retried.
  return status === undefined ? "server" : "invalid_request";
}

function isAbort(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === "AbortError" || name === "APIUserAbortError";
}

function isNetworkError(e: { name?: string; code?: string; cause?: unknown }, message: string): boolean {
  if (e.name === "APIConnectionError" || e.name === "APIConnectionTimeoutError") return true;
  const code = e.code ?? (e.cause as { code?: string } | undefined)?.code ?? "";
  if (/^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ConnectionRefused|ConnectionClosed)$/.test(code)) return true;
  // "timed out": the OpenAI SDK's APIConnectionTimeoutError, whose name is plain "Error".
  return /terminated|socket|connection|network|fetch failed|premature close|unexpected end|ended unexpectedly|timed out/i.test(message);
}

/** Anthropic: `{type:"error", error:{type,message}}`; OpenAI: `{message,type,code}` (the SDK unwraps `error`). */
function errorBody(raw: unknown): { type?: string; code?: string; message?: string } {
  if (!raw || typeof raw !== "object") return {};
  const outer = raw as Record<string, unknown>;
  const inner = (outer.error && typeof outer.error === "object" ? outer.error : outer) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return { type: str(inner.type), code: str(inner.code), message: str(inner.message) };
}

/** SDK messages look like `429 {"type":"error",...}`; keep them readable when there is no body message. */
function cleanMessage(message: string | undefined): string | undefined {
  if (!message) return undefined;
  return message.length > 500 ? message.slice(0, 500) + "…" : message;
}

function header(headers: Headers | Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const rec = headers as Record<string, string>;
  return rec[name] ?? rec[name.toLowerCase()];
}

/** `retry-after-ms` (milliseconds) wins over `retry-after` (seconds or an HTTP date). */
export function parseRetryAfter(headers: Headers | Record<string, string> | undefined): number | undefined {
  const ms = Number(header(headers, "retry-after-ms"));
  if (Number.isFinite(ms) && ms >= 0 && header(headers, "retry-after-ms") !== undefined) return ms;
  const raw = header(headers, "retry-after");
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
