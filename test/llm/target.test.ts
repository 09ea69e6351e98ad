/** resolveTarget: endpoint, wire and key for a model, from flags, config, environment and defaults. */
import { describe, expect, test } from "bun:test";
import { AuthError, EXIT, UsageError } from "../../src/errors.ts";
import { ModelRegistry } from "../../src/llm/models/registry.ts";
import { wireForNpm } from "../../src/llm/routing.ts";
import { defaultWire, resolveTarget, type TargetSettings } from "../../src/llm/target.ts";

interface Setup {
  providers?: Record<string, unknown>;
  customModels?: Record<string, unknown>;
  flags?: TargetSettings;
  env?: Record<string, string>;
}

function target(spec: string, s: Setup = {}) {
  const registry = new ModelRegistry({ providers: s.providers, customModels: s.customModels });
  return resolveTarget(registry.resolve(spec), s.flags ?? {}, s.env ?? {});
}

/** The error `fn` throws, failing the test when it throws none. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

test("default wire per provider", () => {
  expect(defaultWire("anthropic")).toBe("anthropic");
  expect(defaultWire("openai")).toBe("openai");
  expect(defaultWire("custom")).toBe("openai-compat");
  expect(defaultWire("groq")).toBe("openai-compat");
});

test("anthropic with only its key: the SDK's default endpoint, the Anthropic wire", () => {
  expect(target("anthropic/claude-sonnet-4-5", { env: { ANTHROPIC_API_KEY: "sk-ant" } })).toEqual({
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    wire: "anthropic",
    baseUrl: undefined,
    apiKey: "sk-ant",
    headers: undefined,
  });
});

describe("base URL precedence: flag > customModels > providers > env > default", () => {
  const full: Setup = {
    flags: { providerUrl: "http://flag.test" },
    customModels: { "anthropic/claude-sonnet-4-5": { baseUrl: "http://custom.test" } },
    providers: { anthropic: { baseUrl: "http://provider.test" } },
    env: { ANTHROPIC_BASE_URL: "http://env.test", ANTHROPIC_API_KEY: "k" },
  };
  const without = (...keys: (keyof Setup)[]): Setup => {
    const s: Setup = { ...full, env: { ...full.env } };
    for (const k of keys) {
      if (k === "env") delete s.env!.ANTHROPIC_BASE_URL;
      else delete s[k];
    }
    return s;
  };
  const url = (s: Setup) => target("anthropic/claude-sonnet-4-5", s).baseUrl;

  test("each source wins over all below it", () => {
    expect(url(full)).toBe("http://flag.test");
    expect(url(without("flags"))).toBe("http://custom.test");
    expect(url(without("flags", "customModels"))).toBe("http://provider.test");
    expect(url(without("flags", "customModels", "providers"))).toBe("http://env.test");
    expect(url(without("flags", "customModels", "providers", "env"))).toBeUndefined();
  });

  test("a blank flag or variable does not count", () => {
    expect(url({ ...without("customModels", "providers"), flags: { providerUrl: "  " } })).toBe("http://env.test");
    expect(url({ env: { ANTHROPIC_BASE_URL: "", ANTHROPIC_API_KEY: "k" } })).toBeUndefined();
  });

  test("each built-in provider reads its own variable", () => {
    const env = { ANTHROPIC_BASE_URL: "http://ant.test", OPENAI_BASE_URL: "http://oai.test/v1", ANTHROPIC_API_KEY: "a", OPENAI_API_KEY: "o" };
    expect(target("openai/gpt-5", { env }).baseUrl).toBe("http://oai.test/v1");
    expect(target("anthropic/claude-sonnet-4-5", { env }).baseUrl).toBe("http://ant.test");
    // Reaching OpenAI over Chat Completions is still OpenAI.
    expect(target("openai/gpt-5", { env, flags: { providerWire: "openai-compat" } }).baseUrl).toBe("http://oai.test/v1");
  });
});

describe("API key precedence: flag > customModels > apiKeyEnv > ANTHROPIC_API_KEY/OPENAI_API_KEY", () => {
  const full: Setup = {
    flags: { providerApiKey: "from-flag" },
    customModels: { "openai/gpt-5": { apiKey: "from-custom" } },
    providers: { openai: { apiKeyEnv: "WORK_OPENAI_KEY" } },
    env: { WORK_OPENAI_KEY: "from-key-env", OPENAI_API_KEY: "from-openai-env" },
  };
  const key = (s: Setup) => target("openai/gpt-5", s).apiKey;

  test("each source wins over all below it", () => {
    expect(key(full)).toBe("from-flag");
    expect(key({ ...full, flags: {} })).toBe("from-custom");
    expect(key({ ...full, flags: {}, customModels: {} })).toBe("from-key-env");
    expect(key({ ...full, flags: {}, customModels: {}, env: { OPENAI_API_KEY: "from-openai-env" } })).toBe("from-openai-env");
    expect(key({ env: { OPENAI_API_KEY: "from-openai-env" } })).toBe("from-openai-env");
  });

  test("the Anthropic key for anthropic, the OpenAI key for openai", () => {
    const env = { ANTHROPIC_API_KEY: "ant", OPENAI_API_KEY: "oai" };
    expect(target("anthropic/claude-sonnet-4-5", { env }).apiKey).toBe("ant");
    expect(target("openai/gpt-5", { env }).apiKey).toBe("oai");
  });
});

describe("missing keys", () => {
  test.each([
    ["anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY"],
    ["openai/gpt-5", "OPENAI_API_KEY"],
  ])("%s without a key is an AuthError (exit 3) naming %s and --provider-api-key", (spec, variable) => {
    const err = thrown(() => target(spec, { env: { ANTHROPIC_API_KEY: "", OPENAI_API_KEY: "  " } }));
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).exitCode).toBe(EXIT.auth);
    expect(err.message).toContain(variable);
    expect(err.message).toContain("--provider-api-key");
  });

  test("a provider with apiKeyEnv whose variable is unset names that variable", () => {
    const err = thrown(() =>
      target("groq/llama-3", { providers: { groq: { baseUrl: "https://api.groq.test/openai/v1", apiKeyEnv: "GROQ_API_KEY" } } }),
    );
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toContain("GROQ_API_KEY");
    expect(err.message).toContain("--provider-api-key");
  });

  test("a built-in provider with apiKeyEnv names both variables it tried", () => {
    const err = thrown(() => target("anthropic/claude-sonnet-4-5", { providers: { anthropic: { apiKeyEnv: "WORK_ANT_KEY" } } }));
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toContain("WORK_ANT_KEY or ANTHROPIC_API_KEY");
  });

  test("the other provider's key never stands in", () => {
    expect(() => target("openai/gpt-5", { env: { ANTHROPIC_API_KEY: "ant" } })).toThrow(AuthError);
    expect(() => target("anthropic/claude-sonnet-4-5", { env: { OPENAI_API_KEY: "oai" } })).toThrow(AuthError);
  });
});

describe("custom and configured providers", () => {
  test("a custom model without any URL is a usage error that says how to give one", () => {
    const err = thrown(() => target("custom/llama3", { env: { OPENAI_API_KEY: "oai" } }));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain("--provider-url");
    expect(err.message).toContain("customModels");
  });

  test("a local server needs no key; the built-in providers' keys are not sent to it", () => {
    const env = { ANTHROPIC_API_KEY: "sk-ant-secret", OPENAI_API_KEY: "sk-oai-secret" };
    expect(target("custom/llama3", { env, flags: { providerUrl: "http://localhost:11434/v1" } })).toEqual({
      provider: "custom",
      model: "llama3",
      wire: "openai-compat",
      baseUrl: "http://localhost:11434/v1",
      apiKey: "no-key",
      headers: undefined,
    });
    const proxied = target("myproxy/claude-sonnet-4-5", {
      env,
      providers: { myproxy: { baseUrl: "http://proxy.test", wire: "anthropic" } },
    });
    expect(proxied).toMatchObject({ wire: "anthropic", baseUrl: "http://proxy.test", apiKey: "no-key" });
  });

  test("customModels give a model its endpoint and key", () => {
    const t = target("custom/qwen", { customModels: { qwen: { baseUrl: "http://gpu.test:8000/v1", apiKey: "vllm-key" } } });
    expect(t).toMatchObject({ provider: "custom", model: "qwen", wire: "openai-compat", baseUrl: "http://gpu.test:8000/v1", apiKey: "vllm-key" });
  });

  test("providers config: wire, headers and apiKeyEnv", () => {
    const t = target("gateway/some-model", {
      providers: { gateway: { baseUrl: "https://gw.test/v1", wire: "openai", apiKeyEnv: "GW_KEY", headers: { "x-team": "kit" } } },
      env: { GW_KEY: "gw-secret" },
    });
    expect(t).toEqual({
      provider: "gateway",
      model: "some-model",
      wire: "openai",
      baseUrl: "https://gw.test/v1",
      apiKey: "gw-secret",
      headers: { "x-team": "kit" },
    });
  });

  test("the wire flag beats the configured wire; an unknown wire is a usage error", () => {
    const providers = { gateway: { baseUrl: "https://gw.test/v1", wire: "openai" } };
    expect(target("gateway/m", { providers, flags: { providerWire: "anthropic" } }).wire).toBe("anthropic");
    const err = thrown(() => target("gateway/m", { providers, flags: { providerWire: "grpc" } }));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain("anthropic, openai, openai-compat");
  });

  test("without their own URL, other providers take the base URL variable of their wire", () => {
    const env = { ANTHROPIC_BASE_URL: "http://ant.test", OPENAI_BASE_URL: "http://oai.test/v1" };
    expect(target("custom/m", { env }).baseUrl).toBe("http://oai.test/v1");
    expect(target("custom/m", { env, flags: { providerWire: "anthropic" } }).baseUrl).toBe("http://ant.test");
  });
});

describe("catalogue providers are routed by their models.dev entry", () => {
  const families: { spec: string; key: string; wire: string; baseUrl: string }[] = [
    // `api` in the catalogue
    { spec: "deepseek/deepseek-chat", key: "DEEPSEEK_API_KEY", wire: "openai-compat", baseUrl: "https://api.deepseek.com" },
    { spec: "openrouter/anthropic/claude-sonnet-4", key: "OPENROUTER_API_KEY", wire: "openai-compat", baseUrl: "https://openrouter.ai/api/v1" },
    { spec: "fireworks-ai/accounts/fireworks/models/kimi-k2-instruct", key: "FIREWORKS_API_KEY", wire: "openai-compat", baseUrl: "https://api.fireworks.ai/inference/v1/" },
    // no `api`: the default of the provider's AI SDK package
    { spec: "groq/llama-3.3-70b-versatile", key: "GROQ_API_KEY", wire: "openai-compat", baseUrl: "https://api.groq.com/openai/v1" },
    { spec: "xai/grok-4", key: "XAI_API_KEY", wire: "openai-compat", baseUrl: "https://api.x.ai/v1" },
    { spec: "mistral/mistral-large-latest", key: "MISTRAL_API_KEY", wire: "openai-compat", baseUrl: "https://api.mistral.ai/v1" },
    { spec: "togetherai/moonshotai/Kimi-K2-Instruct", key: "TOGETHER_API_KEY", wire: "openai-compat", baseUrl: "https://api.together.xyz/v1" },
    { spec: "cerebras/qwen-3-coder-480b", key: "CEREBRAS_API_KEY", wire: "openai-compat", baseUrl: "https://api.cerebras.ai/v1" },
  ];
  for (const f of families) {
    test(`${f.spec}: ${f.wire} at ${f.baseUrl} with ${f.key}`, () => {
      const t = target(f.spec, { env: { [f.key]: "k", OPENAI_API_KEY: "not-this", OPENAI_BASE_URL: "http://not-this.test/v1" } });
      expect(t).toMatchObject({ wire: f.wire, baseUrl: f.baseUrl, apiKey: "k", model: f.spec.slice(f.spec.indexOf("/") + 1) });
    });
  }

  test("the npm hint decides the wire: Anthropic's, OpenAI's (Responses), Google's (Gemini), any other Chat Completions", () => {
    expect(wireForNpm("@ai-sdk/anthropic")).toBe("anthropic");
    expect(wireForNpm("@ai-sdk/openai")).toBe("openai");
    expect(wireForNpm("@ai-sdk/google")).toBe("gemini");
    expect(wireForNpm("@ai-sdk/openai-compatible")).toBe("openai-compat");
    expect(wireForNpm("@ai-sdk/groq")).toBe("openai-compat");
    expect(wireForNpm("some-new-package")).toBe("openai-compat");
    expect(wireForNpm("@ai-sdk/amazon-bedrock")).toBe("bedrock");
    expect(wireForNpm("@ai-sdk/azure")).toBe("azure");
    expect(wireForNpm("workers-ai-provider")).toBeUndefined();
    const google = new ModelRegistry().resolve("google/gemini-2.5-pro");
    expect([google.npm, google.catalogue?.env]).toEqual(["@ai-sdk/google", ["GOOGLE_GENERATIVE_AI_API_KEY"]]);
  });

  test("the flag beats the config's wire, which beats the npm hint; the flag's URL and key beat the catalogue's", () => {
    const env = { DEEPSEEK_API_KEY: "k" };
    expect(target("deepseek/deepseek-chat", { env, providers: { deepseek: { wire: "anthropic" } } }).wire).toBe("anthropic");
    expect(target("deepseek/deepseek-chat", { env, providers: { deepseek: { wire: "anthropic" } }, flags: { providerWire: "openai" } }).wire).toBe("openai");
    const t = target("deepseek/deepseek-chat", { env, flags: { providerUrl: "http://127.0.0.1:9/v1", providerApiKey: "flag-key" } });
    expect([t.baseUrl, t.apiKey]).toEqual(["http://127.0.0.1:9/v1", "flag-key"]);
    expect(target("deepseek/deepseek-chat", { env: { MY_DS: "mine", DEEPSEEK_API_KEY: "k" }, providers: { deepseek: { apiKeyEnv: "MY_DS" } } }).apiKey).toBe("mine");
    expect(thrown(() => target("deepseek/deepseek-chat", { env: {}, providers: { deepseek: { apiKeyEnv: "MY_DS" } } })).message).toContain("set MY_DS or DEEPSEEK_API_KEY");
  });

  test("Ollama: OLLAMA_HOST or localhost:11434, its /v1 endpoint, no key; LM Studio: localhost:1234, no key", () => {
    expect(target("ollama/llama3.2")).toMatchObject({ wire: "openai-compat", baseUrl: "http://localhost:11434/v1", apiKey: "no-key" });
    expect(target("ollama/llama3.2", { env: { OLLAMA_HOST: "10.0.0.5:11500" } }).baseUrl).toBe("http://10.0.0.5:11500/v1");
    expect(target("ollama/llama3.2", { env: { OLLAMA_HOST: "https://ollama.lan/" } }).baseUrl).toBe("https://ollama.lan/v1");
    expect(target("lmstudio/qwen/qwen3-coder-30b")).toMatchObject({ wire: "openai-compat", baseUrl: "http://127.0.0.1:1234/v1", apiKey: "no-key" });
    expect(target("lmstudio/qwen/qwen3-coder-30b", { env: { LMSTUDIO_API_KEY: "lm" } }).apiKey).toBe("lm");
  });

  test("a cloud provider goes to its own wire, never to an OpenAI endpoint; Vertex's Claude speaks Anthropic's API", () => {
    const err = thrown(() => target("azure/gpt-5", { env: { AZURE_API_KEY: "k" } }));
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toContain("AZURE_OPENAI_ENDPOINT");
    expect(target("azure/gpt-5", { env: { AZURE_API_KEY: "k", AZURE_OPENAI_ENDPOINT: "https://r.openai.azure.com" } })).toMatchObject({ wire: "azure", baseUrl: "https://r.openai.azure.com", apiKey: "k" });
    // The catalogue names AWS_ACCESS_KEY_ID among Bedrock's variables: it is for the credential chain, never sent as a key.
    expect(target("amazon-bedrock/anthropic.claude-3-haiku-20240307-v1:0", { env: { AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "s" } })).toMatchObject({ wire: "bedrock", apiKey: "" });
    expect(target("google-vertex-anthropic/claude-3-5-haiku@20241022", { env: { GOOGLE_VERTEX_PROJECT: "p", GOOGLE_VERTEX_ACCESS_TOKEN: "t" } }).wire).toBe("vertex-anthropic");
    expect(thrown(() => target("cloudflare-workers-ai/llama"))).toBeInstanceOf(UsageError);
  });
});
