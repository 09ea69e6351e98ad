import { describe, expect, test } from "bun:test";
import { parseModelsDev, ModelsDevError } from "../../src/llm/models/models-dev.ts";
import { cost } from "../../src/llm/models/pricing.ts";

/** A small document in the models.dev api.json shape, with the odd entries a real one holds. */
const FIXTURE = {
  openai: {
    id: "openai",
    name: "OpenAI",
    env: ["OPENAI_API_KEY"],
    models: {
      "gpt-5.5": {
        id: "gpt-5.5",
        name: "GPT-5.5",
        reasoning: true,
        tool_call: true,
        modalities: { input: ["text", "image"], output: ["text"] },
        cost: {
          input: 5,
          output: 30,
          cache_read: 0.5,
          tiers: [{ input: 10, output: 45, cache_read: 1, tier: { type: "context", size: 272_000 } }],
          context_over_200k: { input: 10, output: 45, cache_read: 1 },
        },
        limit: { context: 1_050_000, output: 128_000 },
      },
      "gpt-4o": {
        id: "gpt-4o",
        name: "GPT-4o",
        reasoning: false,
        cost: { input: 2.5, output: 10, cache_read: 1.25 },
        limit: { context: 128_000, output: 16_384 },
      },
      "text-embedding-3-small": { id: "text-embedding-3-small", name: "Embedding", cost: { input: 0.02, output: 0 }, limit: { output: 1536 } },
      "free-preview": { id: "free-preview", limit: { context: 32_000, output: 4_096 } },
      "bad-cost": { id: "bad-cost", name: "Bad", cost: { input: "cheap", output: 1 }, limit: { context: 8_000, output: 1_000 } },
    },
  },
  google: {
    id: "google",
    models: {
      "gemini-x": {
        id: "gemini-x",
        name: "Gemini X",
        reasoning: true,
        cost: { input: 2, output: 12, context_over_200k: { input: 4, output: 18 } },
        limit: { context: 1_000_000, output: 65_536 },
      },
    },
  },
  "not-a-provider": "ignored",
};

describe("parseModelsDev", () => {
  const models = parseModelsDev(FIXTURE);
  const byId = new Map(models.map((m) => [`${m.provider}/${m.modelId}`, m]));

  test("reads id, name, limits, reasoning and prices", () => {
    expect(byId.get("openai/gpt-4o")).toEqual({
      provider: "openai",
      modelId: "gpt-4o",
      name: "GPT-4o",
      contextLimit: 128_000,
      outputLimit: 16_384,
      reasoning: false,
      pricing: { input: 2.5, output: 10, cacheRead: 1.25, known: true },
    });
  });

  test("prefers the tiers list over the older context_over_200k spelling", () => {
    expect(byId.get("openai/gpt-5.5")?.pricing.tiers).toEqual([{ above: 272_000, input: 10, output: 45, cacheRead: 1 }]);
    expect(byId.get("google/gemini-x")?.pricing.tiers).toEqual([{ above: 200_000, input: 4, output: 18 }]);
    // 250K prompt tokens on gpt-5.5 are under its 272K threshold: base rates.
    expect(cost(byId.get("openai/gpt-5.5"), { input: 250_000, output: 0, cacheRead: 0, cacheWrite: 0 })).toBe(1.25);
  });

  test("drops entries without a context limit, keeps entries with missing or bad cost as unknown", () => {
    expect(byId.has("openai/text-embedding-3-small")).toBe(false);
    expect(byId.get("openai/free-preview")?.pricing).toEqual({ input: 0, output: 0, known: false });
    expect(byId.get("openai/free-preview")?.name).toBe("free-preview");
    expect(byId.get("openai/bad-cost")?.pricing.known).toBe(false);
    expect(models.map((m) => m.provider)).not.toContain("not-a-provider");
  });

  test.each([
    [[1, 2], "not a JSON object"],
    ["text", "not a JSON object"],
    [{ data: [] }, 'no provider has a "models" object'],
    [{ p: { models: { m: { id: "m" } } } }, "no usable model"],
  ])("rejects %p with a clear error", (json, message) => {
    expect(() => parseModelsDev(json)).toThrow(ModelsDevError);
    expect(() => parseModelsDev(json)).toThrow(message);
  });
});
