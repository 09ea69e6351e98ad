import { describe, expect, test } from "bun:test";
import { assertFooterSet, createHarness, type Harness } from "kit/test";

const EXT = `${import.meta.dir}/minimal-footer.ts`;
/** Errors the runner reported from the extension's handlers (recorded by the harness, beyond the kit/test types). */
const handlerErrors = (h: Harness) => (h.context as Harness["context"] & { handlerErrors: string[] }).handlerErrors;
const footer = (h: Harness) => h.context.footer?.content.text;

/** The mock session reports no usage; give it some, as the app's session would after model calls. */
function useUsage(h: Harness, totalCost: number, requestCount: number) {
  h.context.getSessionUsage = () => ({
    totalInputTokens: 1000 * requestCount,
    totalOutputTokens: 100 * requestCount,
    totalCacheReadTokens: 0,
    totalCacheWriteTokens: 0,
    totalCost,
    requestCount,
  });
}

describe("minimal-footer", () => {
  test("shows the model and a zero cost when the session starts", async () => {
    const h = await createHarness().load(EXT);
    await h.emit("session_start");
    assertFooterSet(h);
    expect(footer(h)).toBe("anthropic/claude-sonnet-4-5 · $0.0000 · 0 calls");
    expect(h.context.footer?.style).toEqual({ noBorder: true });
  });

  test("follows the session cost on llm_usage and agent_end", async () => {
    const h = await createHarness().load(EXT);
    await h.emit("session_start");
    useUsage(h, 0.0123, 1);
    await h.emit("llm_usage", { cost: 0.0123, inputTokens: 1000, outputTokens: 100 });
    expect(footer(h)).toBe("anthropic/claude-sonnet-4-5 · $0.0123 · 1 call");
    useUsage(h, 2.5, 7);
    await h.emit("agent_end", { costDelta: 2.4877, llmCallCount: 6 });
    expect(footer(h)).toBe("anthropic/claude-sonnet-4-5 · $2.50 · 7 calls");
  });

  test("shows the harness's model", async () => {
    const h = await createHarness({ model: "openai/gpt-4o" }).load(EXT);
    await h.emit("model_change", { newModel: "openai/gpt-4o", previousModel: "anthropic/claude-sonnet-4-5" });
    expect(footer(h)).toBe("openai/gpt-4o · $0.0000 · 0 calls");
  });

  test("headless runs have no footer", async () => {
    const h = await createHarness({ interactive: false }).load(EXT);
    await h.emit("session_start");
    await h.emit("agent_end");
    expect(h.context.footer).toBeUndefined();
    expect(handlerErrors(h)).toEqual([]);
  });
});
