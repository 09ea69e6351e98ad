import { isRetryable, withoutSecrets } from "./errors.ts";
import type { LLMError, LLMRequest, Provider, StreamEvent } from "./types.ts";

export interface RetryPolicy {
  /** Retries after the first attempt (config `max-retries`, default 4). */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest server-requested wait we accept; beyond it the error is reported instead of sleeping. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

/**
 * Wraps a provider so that 429, 5xx, overload and dropped connections are retried with exponential
 * backoff and jitter, honouring retry-after. Each retry is a `retry` event. When a stream drops after
 * text was already delivered, the repeated attempt's matching prefix is swallowed, so a consumer that
 * printed the text never prints it twice.
 */
export function withRetries(inner: Provider, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random: () => number = Math.random): Provider {
  return {
    async *stream(req: LLMRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
      // The answer's text as the consumer now has it (an earlier attempt's, or this one's once it went further or elsewhere).
      const shown = { text: "", reasoning: "" };
      for (let attempt = 0; ; attempt++) {
        // This attempt's own text so far, and whether it has stopped agreeing with what was shown.
        const current = { text: "", reasoning: "" };
        const diverged = { text: false, reasoning: false };
        let failure: (StreamEvent & { type: "error" }) | undefined;
        for await (const ev of inner.stream(req, signal)) {
          if (ev.type === "error") {
            // A provider or gateway may echo the key it was sent: the message goes to the user, the session and logs.
            failure = { ...ev, error: withoutSecrets(ev.error, req.target) };
            break;
          }
          if (ev.type === "text_delta" || ev.type === "reasoning_delta") {
            const key = ev.type === "text_delta" ? "text" : "reasoning";
            const offset = current[key].length;
            current[key] += ev.text;
            if (diverged[key] || offset >= shown[key].length) {
              // Past everything shown before (always so on a first attempt): the delta passes as it is.
              shown[key] = current[key];
              if (ev.text !== "") yield ev;
              continue;
            }
            const unseen = unseenPart(ev.text, shown[key], offset);
            diverged[key] = unseen.diverged;
            // Once diverged, the consumer has seen all of this attempt's text: the agreeing prefix before, the rest since.
            if (diverged[key] || current[key].length > shown[key].length) shown[key] = current[key];
            if (unseen.fresh !== "") yield { ...ev, text: unseen.fresh };
            continue;
          }
          yield ev;
        }
        if (!failure) return;
        const delay = retryDelay(failure.error, attempt, policy, random);
        if (!isRetryable(failure.error.kind) || attempt >= policy.maxRetries || delay === undefined || signal?.aborted) {
          // The partial answer is what the consumer saw, which may have started in an earlier attempt.
          yield shown.text ? { ...failure, partial: { role: "assistant", content: [{ type: "text", text: shown.text }] } } : failure;
          return;
        }
        yield { type: "retry", attempt: attempt + 1, delayMs: delay, error: failure.error };
        if (!(await sleep(delay, signal))) {
          // Cancelled while waiting to retry: what the consumer was shown is the partial answer.
          const partial = shown.text ? { partial: { role: "assistant" as const, content: [{ type: "text" as const, text: shown.text }] } } : {};
          yield { type: "error", error: { kind: "aborted", message: "request cancelled" }, usage: failure.usage, ...partial };
          return;
        }
      }
    },
  };
}

/**
 * The part of `delta` not yet shown. `offset` is where this delta starts in the current attempt's
 * text; while that lies inside what was shown before and the text agrees, it is a replay. Where the
 * new attempt stops agreeing, it has diverged: what was shown cannot be taken back, so everything
 * from the first differing character on is new.
 */
function unseenPart(delta: string, shown: string, offset: number): { fresh: string; diverged: boolean } {
  const overlap = shown.slice(offset, offset + delta.length);
  let same = 0;
  while (same < overlap.length && delta[same] === overlap[same]) same++;
  if (same === overlap.length) return { fresh: delta.slice(same), diverged: false };
  // Never split a surrogate pair whose first half happened to agree.
  if (same > 0 && /[\uD800-\uDBFF]/.test(delta[same - 1]!)) same--;
  return { fresh: delta.slice(same), diverged: true };
}

/** Milliseconds to wait before the next attempt, or undefined when the server asks for longer than we accept. */
export function retryDelay(error: LLMError, attempt: number, policy: RetryPolicy, random: () => number): number | undefined {
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs > policy.maxRetryAfterMs ? undefined : error.retryAfterMs;
  }
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  // "Equal jitter": at least half the backoff, so retries from many clients spread without collapsing to zero.
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
