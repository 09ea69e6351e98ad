import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { UsageError } from "../../src/errors.ts";
import { EMBEDDED_MODELS, MODEL_ALIASES } from "../../src/llm/models/catalog.ts";
import { cost } from "../../src/llm/models/pricing.ts";
import { ModelRegistry, ModelSpecError, modelsFilePath, parseModelSpec } from "../../src/llm/models/registry.ts";
import type { ModelInfo } from "../../src/llm/models/types.ts";
import type { Usage } from "../../src/llm/types.ts";
import { tempDir } from "../support/temp-dir.ts";

const usage = (u: Partial<Usage>): Usage => ({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, ...u });

describe("parseModelSpec", () => {
  test("splits at the first slash and keeps the rest of the model id", () => {
    expect(parseModelSpec("anthropic/claude-sonnet-4-5")).toEqual({ provider: "anthropic", model: "claude-sonnet-4-5" });
    expect(parseModelSpec("custom/meta-llama/Llama-3")).toEqual({ provider: "custom", model: "meta-llama/Llama-3" });
    expect(parseModelSpec("  OpenAI/gpt-5  ")).toEqual({ provider: "openai", model: "gpt-5" });
  });

  test.each([
    ["claude-sonnet-latest", "expected provider/model"],
    ["", "empty model"],
    ["/gpt-5", "provider before"],
    ["openai/", "model after"],
    ["open ai/gpt-5", "no spaces"],
  ])("rejects %p with a usage error that shows the format", (spec, fragment) => {
    let caught: unknown;
    try {
      parseModelSpec(spec);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ModelSpecError);
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).exitCode).toBe(2);
    expect((caught as Error).message).toContain(fragment);
    expect((caught as Error).message).toContain("e.g. anthropic/claude-sonnet-latest");
  });
});

describe("ModelRegistry.resolve", () => {
  const registry = new ModelRegistry();

  test("kit aliases need the provider and resolve to the canonical API id", () => {
    const r = registry.resolve("anthropic/claude-sonnet-latest");
    expect(r.provider).toBe("anthropic");
    expect(r.model).toBe("claude-sonnet-5-5");
    expect(r.alias).toBe("claude-sonnet-latest");
    expect(r.info?.name).toBe("Claude Sonnet 5.5");
    expect(registry.resolve("anthropic/claude-opus-latest").model).toBe("claude-opus-5-5");
    expect(registry.resolve("anthropic/claude-haiku-latest").model).toBe("claude-haiku-5-5");
    expect(registry.resolve("openai/gpt-latest").model).toBe("gpt-6.2-sol");
    expect(registry.resolve("openai/gpt-mini-latest").model).toBe("gpt-6-luna");
  });

  test("a bare alias is refused, with the provider-qualified spelling suggested", () => {
    expect(() => registry.resolve("claude-sonnet-latest")).toThrow(ModelSpecError);
    expect(() => registry.resolve("claude-sonnet-latest")).toThrow("Did you mean anthropic/claude-sonnet-latest?");
    expect(() => registry.resolve("gpt-5")).toThrow("Did you mean openai/gpt-5 or azure/gpt-5 or github-copilot/gpt-5 or opencode/gpt-5?");
    expect(() => registry.resolve("no-such-model")).toThrow("expected provider/model");
  });

  test("dated and family ids map to the catalog entry the API serves", () => {
    expect(registry.resolve("anthropic/claude-sonnet-4-5-20250929").model).toBe("claude-sonnet-4-5");
    expect(registry.resolve("anthropic/claude-haiku-4-5-20251001").info?.pricing.input).toBe(1);
    // Claude 4 and 3.x have no undated API id: the family name becomes the dated snapshot.
    expect(registry.resolve("anthropic/claude-3-7-sonnet").model).toBe("claude-3-7-sonnet-20250219");
    expect(registry.resolve("anthropic/claude-opus-4").model).toBe("claude-opus-4-20250514");
    expect(registry.resolve("anthropic/claude-3-5-haiku").info?.outputLimit).toBe(8_192);
  });

  test("the required models are all in the catalog with sensible data", () => {
    const required: [string, string][] = [
      ["anthropic", "claude-opus-4-5"], ["anthropic", "claude-opus-4-1"], ["anthropic", "claude-opus-4"],
      ["anthropic", "claude-sonnet-4-5"], ["anthropic", "claude-sonnet-4"], ["anthropic", "claude-3-7-sonnet"],
      ["anthropic", "claude-haiku-4-5"], ["anthropic", "claude-3-5-haiku"],
      ["openai", "gpt-5"], ["openai", "gpt-5-mini"], ["openai", "gpt-5-nano"], ["openai", "gpt-5.1"],
      ["openai", "gpt-4.1"], ["openai", "gpt-4.1-mini"], ["openai", "gpt-4.1-nano"], ["openai", "gpt-4o"],
      ["openai", "gpt-4o-mini"], ["openai", "o3"], ["openai", "o4-mini"], ["openai", "o3-mini"],
    ];
    for (const [provider, model] of required) {
      const info = registry.get(provider, model);
      expect(info, `${provider}/${model}`).toBeDefined();
      expect(info!.pricing.known).toBe(true);
      expect(info!.contextLimit).toBeGreaterThan(info!.outputLimit);
    }
    expect(registry.get("anthropic", "claude-sonnet-4-5")).toMatchObject({
      contextLimit: 200_000,
      outputLimit: 64_000,
      pricing: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    });
    expect(registry.get("openai", "gpt-4o-mini")?.pricing).toMatchObject({ input: 0.15, output: 0.6, cacheRead: 0.075 });
  });

  test("catalog data is consistent: unique ids, every alias points at an entry", () => {
    const ids = EMBEDDED_MODELS.map((m) => `${m.provider}/${m.modelId}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [provider, aliases] of Object.entries(MODEL_ALIASES)) {
      for (const [alias, target] of Object.entries(aliases)) {
        expect(ids, `${provider}/${alias}`).toContain(`${provider}/${target}`);
        expect(ids).not.toContain(`${provider}/${alias}`);
      }
    }
    for (const m of EMBEDDED_MODELS) {
      const p = m.pricing;
      expect(p.output, m.modelId).toBeGreaterThanOrEqual(p.input);
      if (p.cacheRead !== undefined) expect(p.cacheRead, m.modelId).toBeLessThan(p.input);
      for (const t of p.tiers ?? []) expect(t.input, m.modelId).toBeGreaterThan(p.input);
    }
  });

  test("an unknown model of a known provider resolves without info", () => {
    const r = registry.resolve("anthropic/claude-next-preview");
    expect(r).toMatchObject({ provider: "anthropic", model: "claude-next-preview", knownProvider: true });
    expect(r.info).toBeUndefined();
    expect(cost(r.info, usage({ input: 1000 }))).toBeUndefined();
  });

  test("an unknown provider resolves but says so", () => {
    const r = registry.resolve("antropic/claude-sonnet-4-5");
    expect(r.knownProvider).toBe(false);
    expect(r.info).toBeUndefined();
  });
});

describe("config providers and customModels", () => {
  test("custom models: bare ids belong to custom, slashed ids to their provider", () => {
    const registry = new ModelRegistry({
      providers: { ollama: { baseUrl: "http://127.0.0.1:11434/v1", wire: "openai-compat", headers: { "x-team": "a" } } },
      customModels: {
        llama3: { baseUrl: "http://127.0.0.1:8080/v1", apiKey: "k", limit: { context: 8192, output: 2048 } },
        "ollama/qwen3:8b": { name: "Qwen 3 8B", cost: { input: 0, output: 0 } },
        "custom/meta-llama/Llama-3": { cost: { input: 0.2, output: 0.6 } },
      },
    });
    const llama = registry.resolve("custom/llama3");
    expect(llama.custom).toEqual({ baseUrl: "http://127.0.0.1:8080/v1", apiKey: "k" });
    expect(llama.info).toMatchObject({ name: "llama3", contextLimit: 8192, outputLimit: 2048 });
    expect(llama.info?.pricing.known).toBe(false);

    const qwen = registry.resolve("ollama/qwen3:8b");
    expect(qwen.knownProvider).toBe(true);
    expect(qwen.providerConfig).toEqual({ baseUrl: "http://127.0.0.1:11434/v1", wire: "openai-compat", headers: { "x-team": "a" } });
    expect(qwen.info?.name).toBe("Qwen 3 8B");
    expect(cost(qwen.info, usage({ input: 5000, output: 100 }))).toBe(0);

    expect(registry.resolve("custom/meta-llama/Llama-3").info?.pricing).toEqual({ input: 0.2, output: 0.6, known: true });
    expect(registry.providers().slice(0, 4)).toEqual(["anthropic", "openai", "custom", "ollama"]);
  });

  test("a customModels entry corrects a known model and keeps what it does not override", () => {
    const registry = new ModelRegistry({ customModels: { "anthropic/claude-sonnet-latest": { cost: { cacheRead: 0.05 } } } });
    const info = registry.get("anthropic", "claude-sonnet-5-5")!;
    expect(info.pricing).toEqual({ input: 2, output: 10, cacheRead: 0.05, cacheWrite: 2.5, known: true });
    expect(info.contextLimit).toBe(1_000_000);
  });

  test("only input or only output does not make a known price", () => {
    const registry = new ModelRegistry({ customModels: { half: { cost: { input: 1 } } } });
    expect(registry.get("custom", "half")?.pricing.known).toBe(false);
  });

  test.each([
    [{ providers: { foo: { wire: "grpc" } } }, "providers.foo.wire must be one of anthropic, openai, openai-compat"],
    [{ providers: { foo: { baseUrl: "localhost:8080" } } }, 'providers.foo.baseUrl "localhost:8080" has no scheme: write it as http://localhost:8080'],
    [{ customModels: { m: { baseUrl: "127.0.0.1:8080/v1" } } }, 'customModels.m.baseUrl "127.0.0.1:8080/v1" has no scheme: write it as http://127.0.0.1:8080/v1'],
    [{ providers: { foo: { baseUrl: "ftp://host" } } }, 'providers.foo.baseUrl "ftp://host" must be an http:// or https:// URL'],
    [{ providers: { Foo: {} } }, 'provider id "Foo"'],
    [{ customModels: { m: { cost: { input: "cheap" } } } }, 'customModels.m.cost.input must be a price in USD per million tokens, 0 or more (got "cheap")'],
    [{ customModels: { m: { limit: { context: 1.5 } } } }, "customModels.m.limit.context must be a whole number of tokens"],
    [{ customModels: { m: ["x"] } }, "customModels.m must be a mapping"],
  ])("bad config %p is a usage error naming the key", (options, message) => {
    expect(() => new ModelRegistry(options as never)).toThrow(UsageError);
    expect(() => new ModelRegistry(options as never)).toThrow(message);
  });

  test("numbers written as text (KIT_* JSON, quoted YAML) are accepted", () => {
    const registry = new ModelRegistry({ customModels: { m: { cost: { input: "1.5", output: "3" } } } });
    expect(registry.get("custom", "m")?.pricing).toEqual({ input: 1.5, output: 3, known: true });
  });
});

describe("downloaded table in the data dir", () => {
  const fixture = {
    anthropic: {
      id: "anthropic",
      name: "Anthropic",
      models: {
        "claude-sonnet-5-5": {
          id: "claude-sonnet-5-5", name: "Claude Sonnet 5.5 (dl)", reasoning: true,
          cost: { input: 2, output: 10, cache_read: 0.1, cache_write: 2.5 }, limit: { context: 1_000_000, output: 128_000 },
        },
        "claude-brand-new": { id: "claude-brand-new", name: "Claude Brand New", limit: { context: 500_000, output: 64_000 } },
      },
    },
    groq: {
      id: "groq",
      models: { "llama-4": { id: "llama-4", name: "Llama 4", cost: { input: 0.1, output: 0.3 }, limit: { context: 131_072, output: 8192 } } },
    },
  };

  test("replaces the lists of the providers it holds, keeps the others and the aliases", () => {
    const dataDir = tempDir("kit-models-");
    writeFileSync(modelsFilePath(dataDir), JSON.stringify(fixture));
    const registry = new ModelRegistry({ dataDir });
    expect(registry.warnings).toEqual([]);
    expect(registry.list("anthropic").map((m) => m.modelId)).toEqual(["claude-brand-new", "claude-sonnet-5-5"]);
    expect(registry.get("anthropic", "claude-opus-4-1")).toBeUndefined();
    expect(registry.resolve("anthropic/claude-sonnet-latest").info?.name).toBe("Claude Sonnet 5.5 (dl)");
    expect(registry.get("anthropic", "claude-brand-new")?.pricing.known).toBe(false);
    expect(registry.get("openai", "gpt-5")).toBeDefined();
    expect(registry.providers().slice(0, 3)).toEqual(["anthropic", "openai", "custom"]);
    expect(registry.providers()).toContain("groq");
    expect(registry.resolve("groq/llama-4").knownProvider).toBe(true);
  });

  test("a damaged file is ignored with a warning that says what to do", () => {
    const dataDir = tempDir("kit-models-");
    writeFileSync(modelsFilePath(dataDir), "{ not json");
    const registry = new ModelRegistry({ dataDir });
    expect(registry.get("anthropic", "claude-opus-4-1")).toBeDefined();
    expect(registry.warnings).toHaveLength(1);
    expect(registry.warnings[0]).toContain("kit update-models");
  });
});

describe("cost", () => {
  const sonnet = new ModelRegistry().get("anthropic", "claude-sonnet-4-5")!;

  test("one million input tokens at $3 cost exactly $3", () => {
    const sonnet46 = new ModelRegistry().get("anthropic", "claude-sonnet-4-6")!;
    expect(cost(sonnet46, usage({ input: 1_000_000 }))).toBe(3);
    // Sonnet 4.5 bills prompts over 200K (1M-context beta) at $6.
    expect(cost(sonnet, usage({ input: 1_000_000 }))).toBe(6);
  });

  test("adds input, output, cache read and cache write at their own prices", () => {
    // 1234 × $3 + 567 × $15 + 10000 × $0.30 + 2000 × $3.75 = $0.003702 + $0.008505 + $0.003 + $0.0075
    expect(cost(sonnet, usage({ input: 1234, output: 567, cacheRead: 10_000, cacheWrite: 2000 }))).toBe(0.022707);
  });

  test("sums that drift in floating point come out exact", () => {
    // 3 × $0.15 + 4567 × $0.60 + 7 × $0.075 = 2741.175 millionths of a dollar; summing the three
    // products as floats gives 0.0027411749999999998.
    const mini = new ModelRegistry().get("openai", "gpt-4o-mini")!;
    expect(cost(mini, usage({ input: 3, output: 4567, cacheRead: 7 }))).toBe(0.002741175);
  });

  test("a long prompt moves the whole request to the tier rates", () => {
    const haiku = new ModelRegistry().get("anthropic", "claude-haiku-5-5")!;
    // 100000 prompt tokens is not above the threshold: base rates.
    expect(cost(haiku, usage({ input: 100_000, output: 1000 }))).toBe(0.0105);
    // 100001 prompt tokens: every token at the higher rates, output included:
    // 90001 × $0.50 + 10000 × $0.05 + 1000 × $2.50 = $0.0450005 + $0.0005 + $0.0025.
    expect(cost(haiku, usage({ input: 90_001, cacheRead: 10_000, output: 1000 }))).toBe(0.0480005);
  });

  test("unknown prices give undefined, never a guess", () => {
    const unknown: ModelInfo = { ...sonnet, pricing: { input: 0, output: 0, known: false } };
    expect(cost(unknown, usage({ input: 10 }))).toBeUndefined();
    expect(cost(undefined, usage({ input: 10 }))).toBeUndefined();
    // gpt-5 has no cache-write price: a request that wrote to the cache has no known cost…
    const gpt5 = new ModelRegistry().get("openai", "gpt-5")!;
    expect(cost(gpt5, usage({ input: 10, cacheWrite: 5 }))).toBeUndefined();
    // …but one that did not is priced normally.
    expect(cost(gpt5, usage({ input: 1_000_000, output: 1_000_000 }))).toBe(11.25);
  });

  test("zero usage of a known model costs zero", () => {
    expect(cost(sonnet, usage({}))).toBe(0);
  });
});
