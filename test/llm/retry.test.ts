/** withRetries over the real adapters against mock-llm, and the backoff arithmetic. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { loadProvider } from "../../src/llm/providers/index.ts";
import { DEFAULT_RETRY_POLICY, retryDelay, withRetries, type RetryPolicy } from "../../src/llm/retry.ts";
import type { ErrorKind, LLMError, Provider, StreamEvent, Wire } from "../../src/llm/types.ts";
import { contextOverflow, httpError, startMockLLM, text, type MockLLM, type Step } from "../support/mock-llm.ts";
import { collect, expectDone, expectError, makeRequest, WIRE_CASES } from "../support/provider-harness.ts";

let mock: MockLLM;
beforeEach(async () => {
  mock = await startMockLLM();
});
afterEach(async () => {
  await mock.close();
});

/** Small delays keep the tests fast; nothing asserts how long anything took. */
const FAST: RetryPolicy = { maxRetries: 4, baseDelayMs: 5, maxDelayMs: 40, maxRetryAfterMs: 1000 };

async function retrying(wire: Wire, policy: Partial<RetryPolicy> = {}, random: () => number = () => 1): Promise<Provider> {
  return withRetries(await loadProvider(wire), { ...FAST, ...policy }, random);
}

describe.each(WIRE_CASES)("$wire", ({ wire }) => {
  const request = () => makeRequest(wire, mock);

  test("429 with retry-after-ms is retried after exactly that delay, then succeeds", async () => {
    mock.push(httpError(429, { headers: { "retry-after-ms": "200" } }), text("recovered"));
    const c = await collect((await retrying(wire)).stream(request()));
    const retries = c.of("retry");
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, delayMs: 200, error: { kind: "rate_limit", status: 429, retryAfterMs: 200 } });
    expect(c.types.indexOf("retry")).toBeLessThan(c.types.indexOf("done"));
    expect(expectDone(c).message.content).toEqual([{ type: "text", text: "recovered" }]);
    expect(c.text).toBe("recovered");
    expect(mock.requests).toHaveLength(2);
  });

  test("retries run out: the last error ends the stream", async () => {
    mock.push(httpError(500), httpError(500), httpError(500), text("too late"));
    const c = await collect((await retrying(wire, { maxRetries: 2 })).stream(request()));
    expect(c.of("retry").map((r) => r.attempt)).toEqual([1, 2]);
    expect(expectError(c)).toMatchObject({ kind: "server", status: 500 });
    expect(mock.requests).toHaveLength(3);
    expect(mock.remaining()).toBe(1);
  });

  test("backoff doubles per attempt (random fixed at 1)", async () => {
    mock.push(httpError(500), { kind: "drop" }, httpError(overloadedOf(wire)), text("ok"));
    const c = await collect((await retrying(wire)).stream(request()));
    expect(c.of("retry").map((r) => [r.attempt, r.delayMs, r.error.kind])).toEqual([
      [1, 5, "server"],
      [2, 10, "network"],
      [3, 20, "overloaded"],
    ]);
    expectDone(c);
  });

  test.each<[string, Step, ErrorKind]>([
    ["401", httpError(401), "auth"],
    ["400", httpError(400), "invalid_request"],
    ["context overflow", contextOverflow(), "context_overflow"],
  ])("%s is not retried", async (_name, step, kind) => {
    mock.push(step, text("must not be used"));
    const c = await collect((await retrying(wire)).stream(request()));
    expect(expectError(c).kind).toBe(kind);
    expect(c.of("retry")).toEqual([]);
    expect(mock.requests).toHaveLength(1);
  });

  test("a stream dropped after some text is retried without showing that text twice", async () => {
    const full = "The quick brown fox jumps over the lazy dog, twice over.";
    // Different delta sizes per attempt, so the replayed text does not line up with what was shown.
    mock.push(text(full, { chunkSize: 4, dropAfterChunks: 8 }), text(full, { chunkSize: 7 }));
    const c = await collect((await retrying(wire)).stream(request()));
    expect(c.of("retry")).toHaveLength(1);
    expect(["network", "server"]).toContain(c.of("retry")[0]!.error.kind);
    const before = c.events.slice(0, c.types.indexOf("retry"));
    const shownBefore = before.flatMap((e) => (e.type === "text_delta" ? [e.text] : [])).join("");
    expect(shownBefore.length).toBeGreaterThan(0);
    expect(c.text).toBe(full);
    expect(expectDone(c).message.content).toEqual([{ type: "text", text: full }]);
  });

  test("dropped reasoning is not shown twice either", async () => {
    const thought = "First I consider the question, then I answer it.";
    mock.push(
      { kind: "reply", reasoning: { text: thought }, text: "Answer.", chunkSize: 3, dropAfterChunks: 9 },
      { kind: "reply", reasoning: { text: thought }, text: "Answer.", chunkSize: 5 },
    );
    const c = await collect((await retrying(wire)).stream({ ...request(), options: { thinkingLevel: "low" } }));
    expect(c.of("retry")).toHaveLength(1);
    expect(c.reasoning).toBe(thought);
    expect(c.text).toBe("Answer.");
  });

  test("when the retried answer differs, everything from the difference on is shown", async () => {
    // Chunks of one character, so every character of the new attempt is its own delta.
    mock.push(text("abcdefgh", { chunkSize: 1, dropAfterChunks: 8 }), text("abXdefgh", { chunkSize: 1 }));
    const c = await collect((await retrying(wire)).stream(request()));
    expect(c.of("retry")).toHaveLength(1);
    const retryAt = c.types.indexOf("retry");
    const shownBefore = c.events.slice(0, retryAt).flatMap((e) => (e.type === "text_delta" ? [e.text] : [])).join("");
    const shownAfter = c.events.slice(retryAt).flatMap((e) => (e.type === "text_delta" ? [e.text] : [])).join("");
    expect(shownBefore.length).toBeGreaterThan(2);
    expect("abcdefgh".startsWith(shownBefore)).toBe(true);
    // The common prefix "ab" is not repeated; the rest of the new answer is shown in full.
    expect(shownAfter).toBe("Xdefgh");
    expect(expectDone(c).message.content).toEqual([{ type: "text", text: "abXdefgh" }]);
  });
});

function overloadedOf(wire: Wire): number {
  return WIRE_CASES.find((c) => c.wire === wire)!.overloadedStatus;
}

test("retry-after longer than maxRetryAfterMs is reported instead of waited for", async () => {
  mock.push(httpError(429, { headers: { "retry-after": "600" } }), text("never"));
  const c = await collect((await retrying("anthropic", { maxRetryAfterMs: 60_000 })).stream(makeRequest("anthropic", mock)));
  expect(expectError(c)).toMatchObject({ kind: "rate_limit", retryAfterMs: 600_000 });
  expect(c.of("retry")).toEqual([]);
  expect(mock.requests).toHaveLength(1);
});

test("aborting during the backoff sleep ends with aborted and sends nothing more", async () => {
  mock.push(httpError(500), text("never"));
  const controller = new AbortController();
  // A backoff far longer than the test timeout: only the abort can end this test in time.
  const provider = await retrying("openai-compat", { baseDelayMs: 600_000, maxDelayMs: 600_000 });
  const c = await collect(provider.stream(makeRequest("openai-compat", mock), controller.signal), (ev) => {
    if (ev.type === "retry") controller.abort();
  });
  expect(c.of("retry")).toHaveLength(1);
  expect(expectError(c).kind).toBe("aborted");
  expect(mock.requests).toHaveLength(1);
});

test("an abort mid-stream is not retried", async () => {
  mock.push(text("y".repeat(50), { chunkSize: 1, tokenDelayMs: 20 }), text("never"));
  const controller = new AbortController();
  const provider = await retrying("anthropic");
  const c = await collect(provider.stream(makeRequest("anthropic", mock), controller.signal), (ev) => {
    if (ev.type === "text_delta") controller.abort();
  });
  expect(expectError(c).kind).toBe("aborted");
  expect(c.of("retry")).toEqual([]);
  expect(mock.requests).toHaveLength(1);
});

describe("retryDelay", () => {
  const policy: RetryPolicy = { maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };
  const server: LLMError = { kind: "server", message: "boom", status: 500 };

  test("equal jitter: between half and all of the exponential backoff", () => {
    expect(retryDelay(server, 0, policy, () => 0)).toBe(500);
    expect(retryDelay(server, 0, policy, () => 0.5)).toBe(750);
    expect(retryDelay(server, 0, policy, () => 1)).toBe(1000);
  });

  test("grows exponentially with the attempt and stops at maxDelayMs", () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((attempt) => retryDelay(server, attempt, policy, () => 0.5));
    expect(delays).toEqual([750, 1500, 3000, 6000, 12000, 22500, 22500]);
    expect(retryDelay(server, 10, policy, () => 1)).toBe(30_000);
  });

  test("different random draws give different delays for the same attempt", () => {
    const draws = [0.1, 0.4, 0.9].map((r) => retryDelay(server, 2, policy, () => r));
    expect(new Set(draws).size).toBe(3);
    for (const d of draws) {
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });

  test("a server-requested delay is used as it is, up to maxRetryAfterMs", () => {
    expect(retryDelay({ ...server, retryAfterMs: 1234 }, 3, policy, () => 0)).toBe(1234);
    expect(retryDelay({ ...server, retryAfterMs: 0 }, 0, policy, () => 1)).toBe(0);
    expect(retryDelay({ ...server, retryAfterMs: 120_000 }, 0, policy, () => 1)).toBe(120_000);
    expect(retryDelay({ ...server, retryAfterMs: 120_001 }, 0, policy, () => 1)).toBeUndefined();
  });

  test("the default policy retries four times starting around a second", () => {
    expect(DEFAULT_RETRY_POLICY.maxRetries).toBe(4);
    expect(retryDelay(server, 0, DEFAULT_RETRY_POLICY, () => 1)).toBe(DEFAULT_RETRY_POLICY.baseDelayMs);
  });
});

test("events other than deltas and errors pass through unchanged", async () => {
  const scripted: StreamEvent[] = [
    { type: "warning", message: "heads up" },
    { type: "start", requestId: "r1" },
    { type: "tool_call_start", id: "t", name: "ls" },
    { type: "tool_call_delta", id: "t", delta: "{}" },
    { type: "tool_call_end", id: "t" },
    {
      type: "done",
      message: { role: "assistant", content: [{ type: "tool_call", id: "t", name: "ls", input: "{}" }] },
      usage: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 },
      stopReason: "tool_calls",
      rawStopReason: "tool_use",
      requestId: "r1",
      model: "m",
    },
  ];
  const inner: Provider = {
    async *stream() {
      yield* scripted;
    },
  };
  const c = await collect(withRetries(inner, FAST).stream(makeRequest("anthropic", mock)));
  expect(c.events).toEqual(scripted);
});

describe("replayed text after a retry (scripted inner provider)", () => {
  /** Each attempt streams its deltas, then fails with a network error unless it is the last. */
  function attempts(...runs: string[][]): Provider {
    let n = 0;
    return {
      async *stream() {
        const deltas = runs[n++]!;
        for (const text of deltas) yield { type: "text_delta", text } as StreamEvent;
        if (n < runs.length) {
          yield { type: "error", error: { kind: "network", message: "socket closed" }, usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } };
          return;
        }
        yield {
          type: "done",
          message: { role: "assistant", content: [{ type: "text", text: deltas.join("") }] },
          usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
          stopReason: "stop",
          rawStopReason: "end_turn",
          requestId: "",
          model: "m",
        };
      },
    };
  }
  const shownOf = async (p: Provider) => {
    const c = await collect(withRetries(p, { ...FAST, baseDelayMs: 1 }).stream(makeRequest("anthropic", mock)));
    expectDone(c);
    return c.of("text_delta").map((e) => e.text);
  };

  test("a delta that starts agreeing and then differs shows only the differing part", async () => {
    expect(await shownOf(attempts(["abc", "def"], ["abX", "yz"]))).toEqual(["abc", "def", "X", "yz"]);
  });

  test("after a diverged attempt drops too, the next one is compared with the diverged text", async () => {
    expect(await shownOf(attempts(["abcd"], ["ab", "X", "de"], ["abXd", "efg"]))).toEqual(["abcd", "X", "de", "fg"]);
  });

  test("an emoji whose first half agrees is never split", async () => {
    expect(await shownOf(attempts(["a😀"], ["a😁!"]))).toEqual(["a😀", "😁!"]);
  });

  test("a retry that repeats the text in other delta sizes shows nothing twice", async () => {
    expect(await shownOf(attempts(["Hel", "lo w"], ["H", "ello", " world"]))).toEqual(["Hel", "lo w", "orld"]);
  });
});
