/**
 * A provider that accepts the request and then makes no progress: no response at all, headers and
 * then silence, or headers and then only keep-alive pings. Each attempt ends at the configured
 * timeout as a network error, is retried, and the final error names the timeout's key; on every
 * wire, through the built binary, with the timeouts set in the project's config file.
 */
import { describe, expect, test } from "bun:test";
import { runKit } from "../support/kit-process.ts";
import { stall, text, type StallStep } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project, userEnv } from "./headless-support.ts";

const mock = useMockLLM();

const WIRES = [
  { wire: "anthropic", args: [] },
  { wire: "openai", args: ["-m", "openai/gpt-5"] },
  { wire: "openai-compat", args: ["-m", "openai/gpt-5", "--provider-wire", "openai-compat"] },
] as const;

type TimeoutKey = "stream-first-byte-timeout" | "stream-idle-timeout";

/**
 * The project config of a run: the timeout under test short, the other long, so a busy machine that
 * is slow to deliver the mock's headers cannot make the wrong one fire; one retry.
 */
function configWith(short: TimeoutKey, seconds = 0.5): string {
  const other: TimeoutKey = short === "stream-idle-timeout" ? "stream-first-byte-timeout" : "stream-idle-timeout";
  return `max-retries: 1\n${short}: ${seconds}\n${other}: 30\n`;
}

function kitWith(args: readonly string[], prompt: string, config: string) {
  return runKit(["--provider-url", mock.url, ...args, prompt], {
    cwd: project({ ".kit.yml": config }),
    env: userEnv({ OPENAI_API_KEY: "test-openai-key" }),
  });
}

const CASES: { at: StallStep["at"]; key: TimeoutKey; says: string }[] = [
  { at: "before-headers", key: "stream-first-byte-timeout", says: "the provider did not answer within 0.5 s" },
  { at: "after-headers", key: "stream-idle-timeout", says: "the provider's stream stalled: nothing for 0.5 s" },
  { at: "pings", key: "stream-idle-timeout", says: "the provider's stream stalled: nothing for 0.5 s" },
];

for (const { wire, args } of WIRES) {
  describe(`${wire} wire`, () => {
    for (const { at, key, says } of CASES) {
      test(`a call that stalls (${at}) is retried, then fails with exit 4 naming ${key}`, async () => {
        mock.push(stall(at), stall(at));
        const before = mock.requests.length;
        const started = performance.now();
        const r = await kitWith(args, "hi", configWith(key));
        expect(r.exitCode).toBe(4);
        expect(mock.requests.length - before).toBe(2);
        expect(r.stderr).toContain(`network: ${says} (${key}); retrying in`);
        expect(r.stderr).toContain(`kit: ${says} (${key})`);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        // Two attempts of 0.5 s and one backoff (at most 1 s), nowhere near the platform's 300 s.
        expect(performance.now() - started).toBeLessThan(10_000);
      });
    }
  });
}

test("after a stalled attempt the retry's answer is printed once, exit 0", async () => {
  mock.push(stall("after-headers"), text("hello after the stall"));
  const r = await kitWith(["--quiet"], "hi", configWith("stream-idle-timeout"));
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toBe("hello after the stall\n");
});

test("a stream that keeps sending its answer is not cut off, however long it takes in total", async () => {
  // 12 frames 150 ms apart: 1.8 s in all, well past the idle timeout, which no single gap comes near.
  mock.push(text("a steady answer", { chunkSize: 2, tokenDelayMs: 150 }));
  const r = await kitWith(["--quiet"], "hi", configWith("stream-idle-timeout", 1.2));
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toBe("a steady answer\n");
});

test("the timeouts come from the environment too (KIT_STREAM_IDLE_TIMEOUT), like every key", async () => {
  mock.push(stall("pings"));
  const r = await runKit(["--provider-url", mock.url, "hi"], {
    cwd: project(),
    env: userEnv({ KIT_STREAM_IDLE_TIMEOUT: "0.5", KIT_MAX_RETRIES: "0" }),
  });
  expect(r.exitCode).toBe(4);
  expect(r.stderr).toContain("kit: the provider's stream stalled: nothing for 0.5 s (stream-idle-timeout)");
});
