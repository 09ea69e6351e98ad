/**
 * The default model (issue 19): an alias resolved through the catalogue to the newest Claude Sonnet,
 * never one the Anthropic SDK lists as deprecated (the SDK then prints a warning on every run); and
 * the provider picked by the key that is set when no model is named.
 */
import { describe, expect, test } from "bun:test";
import { dirname, join } from "node:path";
import { DEFAULT_MODEL, defaultModel } from "../../src/app/default-model.ts";
import { ModelRegistry } from "../../src/llm/models/registry.ts";

/** The SDK's own list of deprecated models, as installed (it grows with each SDK release). */
async function sdkDeprecatedModels(): Promise<Record<string, string>> {
  const sdkDir = dirname(Bun.resolveSync("@anthropic-ai/sdk", import.meta.dir));
  const mod = await import(join(sdkDir, "internal/data/deprecated-models.mjs"));
  return mod.DEPRECATED_MODELS as Record<string, string>;
}

describe("the default model", () => {
  test("is not in the Anthropic SDK's deprecated list", async () => {
    const deprecated = await sdkDeprecatedModels();
    // The list was read (the SDK deprecates older Claude models as new ones come).
    expect(Object.keys(deprecated).length).toBeGreaterThan(0);
    const resolved = new ModelRegistry().resolve(DEFAULT_MODEL);
    expect(resolved.provider).toBe("anthropic");
    expect(Object.keys(deprecated)).not.toContain(resolved.model);
    expect(Object.keys(deprecated)).not.toContain(DEFAULT_MODEL.slice("anthropic/".length));
  });

  test("is the alias of the newest Claude Sonnet the catalogue holds, and follows a fresher table", () => {
    expect(DEFAULT_MODEL).toBe("anthropic/claude-sonnet-latest");
    expect(new ModelRegistry().resolve(DEFAULT_MODEL).model).toBe("claude-sonnet-5-5");
    const newer = JSON.stringify({
      anthropic: {
        id: "anthropic",
        models: Object.fromEntries(
          ["claude-sonnet-5-5", "claude-sonnet-6", "claude-sonnet-4-20250514", "claude-sonnet-6-preview"].map((id) => [id, { id, limit: { context: 1000 } }]),
        ),
      },
    });
    expect(new ModelRegistry({ catalogue: newer }).resolve(DEFAULT_MODEL).model).toBe("claude-sonnet-6");
  });

  const registry = new ModelRegistry();
  test("an Anthropic key, or a flag aimed at the default provider: the default", () => {
    expect(defaultModel(registry, {}, { ANTHROPIC_API_KEY: "a", OPENAI_API_KEY: "o" })).toBe(DEFAULT_MODEL);
    expect(defaultModel(registry, { providerUrl: "http://127.0.0.1:1" }, { OPENAI_API_KEY: "o" })).toBe(DEFAULT_MODEL);
    expect(defaultModel(registry, {}, {})).toBe(DEFAULT_MODEL);
  });

  test("only one other provider's key: that provider's default model", () => {
    expect(defaultModel(registry, {}, { OPENAI_API_KEY: "o" })).toBe("openai/gpt-latest");
    expect(defaultModel(registry, {}, { GROQ_API_KEY: "g" })).toMatch(/^groq\/./);
    expect(defaultModel(registry, {}, { DEEPSEEK_API_KEY: "d" })).toBe("deepseek/deepseek-reasoner");
    expect(defaultModel(registry, {}, { OPENAI_API_KEY: "o", GROQ_API_KEY: "g" })).toBe("openai/gpt-latest");
  });

  test("a token set for other tools (GITHUB_TOKEN, HF_TOKEN) never picks a provider", () => {
    expect(defaultModel(registry, {}, { GITHUB_TOKEN: "t", HF_TOKEN: "h" })).toBe(DEFAULT_MODEL);
  });
});
