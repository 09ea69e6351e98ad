import { expect, test } from "bun:test";
import { join } from "node:path";
import { ModelResolution } from "../../src/app/model-resolution.ts";
import { ModelRuntime } from "../../src/app/runtime.ts";
import { loadConfig } from "../../src/config/config.ts";
import { tempDir } from "./helpers.ts";

/** Only an Anthropic key; a custom model with its own endpoint; no --provider-url. */
function resolution(model = "anthropic/claude-haiku-4-5"): ModelResolution {
  const cwd = tempDir({ ".kit.yml": 'customModels:\n  local-llama:\n    baseUrl: "http://127.0.0.1:9/v1"\n    limit: { context: 8192 }\n' });
  const home = tempDir();
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".data"), ANTHROPIC_API_KEY: "k" };
  return new ModelResolution(new ModelRuntime(loadConfig({ cwd, env, flags: { model } }), env));
}

test("the current provider and model id", () => {
  const r = resolution("anthropic/claude-haiku-4-5");
  expect([r.getCurrentProvider(), r.getCurrentModelID()]).toEqual(["anthropic", "claude-haiku-4-5"]);
});

test("capabilities of the current model, a custom one, and one kit does not know", () => {
  const r = resolution();
  expect(r.getModelCapabilities()).toMatchObject({ provider: "anthropic", modelId: "claude-haiku-4-5", streaming: true, pricing: { known: true } });
  expect(r.getModelCapabilities("custom/local-llama")).toMatchObject({ provider: "custom", modelId: "local-llama", contextLimit: 8192, pricing: { known: false } });
  expect(r.getModelCapabilities("acme/thing")).toMatchObject({ provider: "acme", modelId: "thing", contextLimit: 0, outputLimit: 0, pricing: { known: false } });
});

test("available = known and reachable now: a key where one is needed, an endpoint for other providers", () => {
  const r = resolution();
  expect(r.checkModelAvailable("anthropic/claude-sonnet-4-5")).toBe(true);
  expect(r.checkModelAvailable("openai/gpt-5.5")).toBe(false); // no OPENAI_API_KEY
  expect(r.checkModelAvailable("custom/local-llama")).toBe(true);
  expect(r.checkModelAvailable("anthropic/claude-nonexistent-9")).toBe(false);
  expect(r.checkModelAvailable("not a spec")).toBe(false);
});

test("resolveModelChain: the first available model, alias resolved, with its capabilities", () => {
  const r = resolution();
  const picked = r.resolveModelChain(["openai/gpt-5.5", "anthropic/claude-opus-latest", "anthropic/claude-haiku-4-5"]);
  expect(picked.model).toMatch(/^anthropic\/claude-opus-/);
  expect(picked.attempted).toEqual(["openai/gpt-5.5", "anthropic/claude-opus-latest"]);
  expect(picked.capabilities).toMatchObject({ provider: "anthropic", modelId: picked.model.slice("anthropic/".length) });
  expect(r.resolveModelChain(["openai/gpt-5.5", "x/y"])).toEqual({ model: "", attempted: ["openai/gpt-5.5", "x/y"], error: "none of these models is available: openai/gpt-5.5, x/y" });
  expect(r.resolveModelChain([]).error).toBe("no models given");
});

test("the models offered (/model picker, getAvailableModels) are those of the providers kit can reach now, not the whole catalogue", () => {
  const home = tempDir();
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".data"), DEEPSEEK_API_KEY: "d" };
  const runtime = new ModelRuntime(loadConfig({ cwd: tempDir(), env, flags: {} }), env);
  expect(runtime.spec).toBe("deepseek/deepseek-reasoner");
  const providers = new Set(runtime.reachableModels().map((m) => m.provider));
  // LM Studio's listed models too: a local server needs no key.
  expect([...providers].sort()).toEqual(["deepseek", "lmstudio"]);
  const withAnthropic = { ...env, ANTHROPIC_API_KEY: "k" };
  const both = new ModelRuntime(loadConfig({ cwd: tempDir(), env: withAnthropic, flags: {} }), withAnthropic);
  expect(new Set(both.reachableModels().map((m) => m.provider))).toEqual(new Set(["anthropic", "deepseek", "lmstudio"]));
});
