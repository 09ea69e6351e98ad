import type { Config } from "../config/config.ts";
import { redactUrl } from "../llm/base-url.ts";
import { DEFAULT_RETRY_POLICY } from "../llm/retry.ts";
import { DEFAULT_STREAM_TIMEOUTS } from "../llm/stream-watchdog.ts";
import type { ModelRuntime } from "./runtime.ts";

/**
 * What --debug says before the first request: the config files read, the model with where it came
 * from, how it is reached, and the limits in force. Keys and headers are never part of it.
 */
export function debugReport(config: Config, runtime: ModelRuntime): string[] {
  const { target, model } = runtime;
  const from = (key: string) => (config.has(key) ? ` (from ${config.origin(key)})` : " (default)");
  const number = (key: string, unset: string) => `${key} ${config.number(key) ?? unset}${config.has(key) ? ` (from ${config.origin(key)})` : ""}`;
  const info = model.info;
  return [
    `config files: ${config.files.length ? config.files.join(", ") : "none"}`,
    `model: ${runtime.spec}${model.alias ? ` (written ${target.provider}/${model.alias})` : ""}${from("model")}`,
    `wire: ${target.wire}; base URL: ${target.baseUrl ? redactUrl(target.baseUrl) : "the provider's default"}`,
    [
      `limits: context window ${info?.contextLimit || "unknown"}`,
      `model output ${info?.outputLimit || "unknown"}`,
      number("max-tokens", "not set"),
      `thinking-level ${runtime.thinkingLevel()}`,
      number("max-steps", "0 (unlimited)"),
      number("max-cost", "0 (unlimited)"),
      number("max-retries", String(DEFAULT_RETRY_POLICY.maxRetries)),
      number("stream-first-byte-timeout", String(DEFAULT_STREAM_TIMEOUTS.firstByteMs / 1000)),
      number("stream-idle-timeout", String(DEFAULT_STREAM_TIMEOUTS.idleMs / 1000)),
    ].join(", "),
  ];
}
