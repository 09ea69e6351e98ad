/** classifyError, isRetryable and parseRetryAfter on what the SDKs really throw. */
import { afterEach, describe, expect, setSystemTime, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { classifyError, isRetryable, parseRetryAfter } from "../../src/llm/errors.ts";
import type { ErrorKind } from "../../src/llm/types.ts";

const anthropicError = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
  Anthropic.APIError.generate(status, { type: "error", error: { type, message } }, undefined, new Headers({ "request-id": "req_a1", ...headers }));

const openaiError = (status: number, body: { message: string; type?: string; code?: string | null }, headers: Record<string, string> = {}) =>
  OpenAI.APIError.generate(status, { error: { type: "invalid_request_error", param: null, code: null, ...body } }, undefined, new Headers({ "x-request-id": "req_o1", ...headers }));

describe("classifyError: Anthropic SDK errors", () => {
  test.each<[string, number, string, string, ErrorKind]>([
    ["401", 401, "authentication_error", "invalid x-api-key", "auth"],
    ["403", 403, "permission_error", "no access to this model", "auth"],
    ["prompt too long", 400, "invalid_request_error", "prompt is too long: 212345 tokens > 200000 maximum", "context_overflow"],
    ["413", 413, "request_too_large", "Request exceeds the maximum allowed number of bytes.", "context_overflow"],
    ["400 other", 400, "invalid_request_error", "messages.0.content: Field required", "invalid_request"],
    ["404", 404, "not_found_error", "model: claude-nope", "invalid_request"],
    ["429", 429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", "rate_limit"],
    ["529", 529, "overloaded_error", "Overloaded", "overloaded"],
    ["500", 500, "api_error", "Internal server error", "server"],
    ["504", 504, "timeout_error", "timed out", "server"],
  ])("%s", (_name, status, type, message, kind) => {
    const err = anthropicError(status, type, message);
    expect(classifyError(err)).toEqual({ kind, message, status, requestId: "req_a1" });
  });

  test("retry-after on a 429 becomes retryAfterMs", () => {
    expect(classifyError(anthropicError(429, "rate_limit_error", "slow down", { "retry-after": "3" })).retryAfterMs).toBe(3000);
  });

  test("an in-stream error event (no status) is classified by its type", () => {
    // How the SDK's SSE decoder reports an `event: error` frame.
    const inStream = (type: string, message: string) =>
      new Anthropic.APIError(undefined, { type: "error", error: { type, message } }, undefined, new Headers({ "request-id": "req_s1" }));
    expect(classifyError(inStream("overloaded_error", "Overloaded"))).toEqual({
      kind: "overloaded",
      message: "Overloaded",
      status: undefined,
      requestId: "req_s1",
    });
    expect(classifyError(inStream("rate_limit_error", "slow down")).kind).toBe("rate_limit");
    expect(classifyError(inStream("invalid_request_error", "prompt is too long: 300000 tokens > 200000 maximum")).kind).toBe("context_overflow");
    // An error event of a type nobody knows is treated as a (retried) server fault.
    expect(classifyError(inStream("mystery_error", "?")).kind).toBe("server");
  });
});

describe("classifyError: OpenAI SDK errors", () => {
  test.each<[string, number, { message: string; type?: string; code?: string | null }, ErrorKind]>([
    ["401", 401, { message: "Incorrect API key provided", code: "invalid_api_key" }, "auth"],
    [
      "context_length_exceeded",
      400,
      { message: "This model's maximum context length is 128000 tokens.", code: "context_length_exceeded" },
      "context_overflow",
    ],
    ["responses overflow wording", 400, { message: "Your input exceeds the context window of this model." }, "context_overflow"],
    ["400 other", 400, { message: "Invalid value for 'temperature'" }, "invalid_request"],
    ["404 model", 404, { message: "The model does not exist", code: "model_not_found" }, "invalid_request"],
    ["429 rate limit", 429, { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" }, "rate_limit"],
    // Out of credit is a 429 too, but waiting does not help: not retried.
    ["429 quota", 429, { message: "You exceeded your current quota", type: "insufficient_quota", code: "insufficient_quota" }, "quota"],
    ["503", 503, { message: "overloaded", type: "server_error", code: "server_is_overloaded" }, "overloaded"],
    ["500", 500, { message: "The server had an error", type: "server_error" }, "server"],
  ])("%s", (_name, status, body, kind) => {
    expect(classifyError(openaiError(status, body))).toEqual({ kind, message: body.message, status, requestId: "req_o1" });
  });

  test("retry-after-ms wins over retry-after", () => {
    const err = openaiError(429, { message: "slow", code: "rate_limit_exceeded" }, { "retry-after-ms": "150", "retry-after": "9" });
    expect(classifyError(err).retryAfterMs).toBe(150);
  });

  test("a Responses in-stream error (plain Error carrying the error body)", () => {
    const err = Object.assign(new Error("Rate limit reached"), { error: { code: "rate_limit_exceeded", type: "rate_limit_exceeded", message: "Rate limit reached" } });
    expect(classifyError(err)).toEqual({ kind: "rate_limit", message: "Rate limit reached", status: undefined });
  });
});

describe("classifyError: connection failures and cancellation", () => {
  test.each<[string, unknown]>([
    ["Anthropic APIConnectionError", new Anthropic.APIConnectionError({ message: "Connection error." })],
    ["OpenAI APIConnectionError", new OpenAI.APIConnectionError({ message: "Connection error." })],
    ["OpenAI connection timeout", new OpenAI.APIConnectionTimeoutError()],
    ["fetch failed", new TypeError("fetch failed")],
    ["ECONNRESET code", Object.assign(new Error("read failed"), { code: "ECONNRESET" })],
    ["ECONNREFUSED in cause", Object.assign(new Error("request failed"), { cause: { code: "ECONNREFUSED" } })],
    ["socket closed", new Error("The socket connection was closed unexpectedly")],
  ])("%s is a network error", (_name, err) => {
    const e = classifyError(err);
    expect(e.kind).toBe("network");
    expect(e.status).toBeUndefined();
  });

  test.each<[string, unknown]>([
    ["Anthropic APIUserAbortError", new Anthropic.APIUserAbortError()],
    ["DOMException AbortError", new DOMException("The operation was aborted.", "AbortError")],
  ])("%s is aborted", (_name, err) => {
    expect(classifyError(err)).toEqual({ kind: "aborted", message: "request cancelled" });
  });

  test("the OpenAI SDK's abort error (named plain Error) is aborted through the signal that caused it", () => {
    const controller = new AbortController();
    controller.abort();
    expect(classifyError(new OpenAI.APIUserAbortError(), controller.signal)).toEqual({ kind: "aborted", message: "request cancelled" });
  });

  test("any error is aborted once the signal is", () => {
    const controller = new AbortController();
    controller.abort();
    expect(classifyError(anthropicError(500, "api_error", "boom"), controller.signal).kind).toBe("aborted");
    expect(classifyError(anthropicError(500, "api_error", "boom"), new AbortController().signal).kind).toBe("server");
  });

  test("odd throwables never make classifyError throw", () => {
    expect(classifyError(undefined)).toMatchObject({ kind: "server", message: "undefined" });
    expect(classifyError(null).message).toBe("null");
    expect(classifyError("plain string").message).toBe("plain string");
    expect(classifyError(42).kind).toBe("server");
  });

  test("a huge message without a body message is shortened", () => {
    const message = classifyError(new Error("x".repeat(2000))).message;
    expect(message.length).toBe(501);
    expect(message.endsWith("…")).toBe(true);
  });
});

test.each<[ErrorKind, boolean]>([
  ["rate_limit", true],
  ["overloaded", true],
  ["server", true],
  ["network", true],
  ["auth", false],
  ["context_overflow", false],
  ["invalid_request", false],
  ["aborted", false],
])("isRetryable(%p) is %p", (kind, retryable) => {
  expect(isRetryable(kind)).toBe(retryable);
});

describe("parseRetryAfter", () => {
  afterEach(() => {
    setSystemTime();
  });

  test("absent headers or header: undefined", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter({})).toBeUndefined();
    expect(parseRetryAfter(new Headers())).toBeUndefined();
  });

  test("seconds, fractional seconds, zero", () => {
    expect(parseRetryAfter({ "retry-after": "3" })).toBe(3000);
    expect(parseRetryAfter({ "retry-after": "1.5" })).toBe(1500);
    expect(parseRetryAfter({ "retry-after": "0" })).toBe(0);
    expect(parseRetryAfter(new Headers({ "Retry-After": "2" }))).toBe(2000);
  });

  test("retry-after-ms wins; an unreadable one falls back to retry-after", () => {
    expect(parseRetryAfter({ "retry-after-ms": "200", "retry-after": "9" })).toBe(200);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "75" }))).toBe(75);
    expect(parseRetryAfter({ "retry-after-ms": "soon", "retry-after": "4" })).toBe(4000);
    expect(parseRetryAfter({ "retry-after-ms": "-5", "retry-after": "4" })).toBe(4000);
  });

  test("an HTTP date is the time left until then; a past date is 0", () => {
    setSystemTime(new Date("2026-01-01T00:00:00Z"));
    expect(parseRetryAfter({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" })).toBe(30_000);
    expect(parseRetryAfter(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:02:00 GMT" }))).toBe(120_000);
    expect(parseRetryAfter({ "retry-after": "Wed, 31 Dec 2025 23:59:00 GMT" })).toBe(0);
  });

  test("garbage and negative values are ignored", () => {
    expect(parseRetryAfter({ "retry-after": "whenever" })).toBeUndefined();
    // Never a negative wait, whichever way the value is read.
    expect(parseRetryAfter({ "retry-after": "-3" }) ?? 0).toBe(0);
  });
});
