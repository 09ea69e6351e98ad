import type { LLMError, StreamTimeouts } from "./types.ts";

export const DEFAULT_STREAM_TIMEOUTS: StreamTimeouts = { firstByteMs: 120_000, idleMs: 120_000 };

/**
 * Watches one call: `signal` (the caller's, combined with the watchdog's own) goes to the request,
 * and aborts it when the current phase has seen no progress for its limit. Progress is checked
 * lazily: `resume()` only records the time, and the one timer re-arms itself for what is left, so a
 * streamed token costs a clock read rather than a new timer.
 */
export class StreamWatchdog {
  readonly signal: AbortSignal;
  /** Set once a limit passed: the error the call ends with. */
  expired: LLMError | undefined;
  private readonly own = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private phase: "first-byte" | "idle" = "first-byte";
  private last = performance.now();
  private paused = false;

  constructor(
    private readonly timeouts: StreamTimeouts,
    callerSignal: AbortSignal | undefined,
  ) {
    this.signal = callerSignal ? AbortSignal.any([callerSignal, this.own.signal]) : this.own.signal;
    this.arm(timeouts.firstByteMs);
  }

  /** The response arrived: from now on the idle limit applies. */
  responded(): void {
    this.phase = "idle";
    this.last = performance.now();
    clearTimeout(this.timer);
    this.arm(this.timeouts.idleMs);
  }

  /** Part of the answer arrived and goes to the consumer: however long it takes there is not the provider's silence. */
  pause(): void {
    this.paused = true;
  }

  /** Back to waiting for the provider, the clock starting afresh. */
  resume(): void {
    this.paused = false;
    this.last = performance.now();
  }

  /** The call is over, however it ended. */
  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(limitMs: number): void {
    if (limitMs <= 0) return;
    const check = () => {
      const quiet = this.paused ? 0 : performance.now() - this.last;
      if (quiet < limitMs) {
        this.timer = setTimeout(check, limitMs - quiet);
        return;
      }
      this.expired = timeoutError(this.phase, limitMs);
      this.own.abort(new Error(this.expired.message));
    };
    this.timer = setTimeout(check, limitMs);
  }
}

/** A network error (so it is retried) that names the limit and the key that sets it. */
function timeoutError(phase: "first-byte" | "idle", limitMs: number): LLMError {
  const seconds = `${Number((limitMs / 1000).toFixed(3))} s`;
  const message =
    phase === "first-byte"
      ? `the provider did not answer within ${seconds} (stream-first-byte-timeout)`
      : `the provider's stream stalled: nothing for ${seconds} (stream-idle-timeout)`;
  return { kind: "network", message };
}
