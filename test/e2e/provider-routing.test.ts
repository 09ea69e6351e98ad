/**
 * Every catalogue provider by name (issue 19), through the built binary against the mock provider:
 * the wire, base URL and key come from the catalogue (the embedded one, or a models.dev file stored
 * by `kit update-models`), Ollama and LM Studio need no key, an unknown model of a known provider is
 * warned about and still sent, and a run that names no model picks the provider whose key is set.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isolatedHome, kitEnv, runKit } from "../support/kit-process.ts";
import { text } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project } from "./headless-support.ts";

const mock = useMockLLM();

/** A user with only these variables set (no Anthropic key unless given), and a models.json when `table` is given. */
function env(vars: Record<string, string> = {}, table?: object): Record<string, string> {
  const e = kitEnv(isolatedHome(), vars);
  if (table) {
    const dataDir = join(e.XDG_DATA_HOME!, "kit");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, "models.json"), JSON.stringify(table));
  }
  return e;
}

/** A models.dev provider entry whose `api` is the mock, as `kit update-models` would store it. */
function providerAt(id: string, npm: string, api: string, model: string): object {
  return { [id]: { id, name: id.toUpperCase(), npm, api, env: [`${id.toUpperCase()}_API_KEY`], models: { [model]: { id: model, name: model, tool_call: true, limit: { context: 100_000, output: 8_000 } } } } };
}

async function ask(args: string[], e: Record<string, string>) {
  const before = mock.requests.length;
  mock.push(text("routed"));
  const r = await runKit([...args, "hi"], { cwd: project(), env: e });
  return { ...r, req: mock.requests[before] };
}

describe("each routed family: wire, base URL and key variable from the catalogue", () => {
  test("an openai-compatible provider: Chat Completions at its `api`, its own key variable", async () => {
    const e = env({ ZEN_API_KEY: "sk-zen" }, providerAt("zen", "@ai-sdk/openai-compatible", `${mock.url}/v1`, "zen-coder"));
    const { exitCode, stdout, req } = await ask(["-m", "zen/zen-coder"], e);
    expect(exitCode).toBe(0);
    expect(stdout).toBe("routed\n");
    expect(req!.path).toBe("/v1/chat/completions");
    expect(req!.headers.authorization).toBe("Bearer sk-zen");
    expect(req!.body.model).toBe("zen-coder");
  });

  test("a provider of @ai-sdk/anthropic: the Messages API at its `api`", async () => {
    const e = env({ CLAUDEISH_API_KEY: "sk-c" }, providerAt("claudeish", "@ai-sdk/anthropic", mock.url, "c-1"));
    const { exitCode, req } = await ask(["-m", "claudeish/c-1"], e);
    expect(exitCode).toBe(0);
    expect(req!.path).toBe("/v1/messages");
    expect(req!.headers.authorization).toBe("Bearer sk-c");
    expect(req!.headers["anthropic-version"]).toBeDefined();
    expect(req!.body.model).toBe("c-1");
  });

  test("a provider of @ai-sdk/openai: the Responses API at its `api`", async () => {
    const e = env({ OAILIKE_API_KEY: "sk-o" }, providerAt("oailike", "@ai-sdk/openai", `${mock.url}/v1`, "o-1"));
    const { exitCode, req } = await ask(["-m", "oailike/o-1"], e);
    expect(exitCode).toBe(0);
    expect(req!.path).toBe("/v1/responses");
    expect(req!.headers.authorization).toBe("Bearer sk-o");
  });

  const embedded: { provider: string; model: string; key: string }[] = [
    { provider: "deepseek", model: "deepseek-chat", key: "DEEPSEEK_API_KEY" },
    { provider: "groq", model: "llama-3.3-70b-versatile", key: "GROQ_API_KEY" },
    { provider: "openrouter", model: "anthropic/claude-sonnet-4", key: "OPENROUTER_API_KEY" },
    { provider: "xai", model: "grok-4", key: "XAI_API_KEY" },
    { provider: "mistral", model: "mistral-large-latest", key: "MISTRAL_API_KEY" },
    { provider: "togetherai", model: "moonshotai/Kimi-K2-Instruct", key: "TOGETHER_API_KEY" },
    { provider: "fireworks-ai", model: "accounts/fireworks/models/kimi-k2-instruct", key: "FIREWORKS_API_KEY" },
    { provider: "cerebras", model: "qwen-3-coder-480b", key: "CEREBRAS_API_KEY" },
  ];
  for (const c of embedded) {
    test(`${c.provider} from the embedded catalogue: its key variable, Chat Completions, the model id as written`, async () => {
      const { exitCode, stderr, req } = await ask(["-m", `${c.provider}/${c.model}`, "--provider-url", `${mock.url}/v1`], env({ [c.key]: `key-of-${c.provider}` }));
      expect(stderr).toBe("");
      expect(exitCode).toBe(0);
      expect(req!.path).toBe("/v1/chat/completions");
      expect(req!.headers.authorization).toBe(`Bearer key-of-${c.provider}`);
      expect(req!.body.model).toBe(c.model);
    });
  }

  test("a catalogue provider without its key is exit 3 naming the variable", async () => {
    const r = await runKit(["-m", "groq/llama-3.3-70b-versatile", "hi"], { cwd: project(), env: env({ OPENAI_API_KEY: "sk-o" }) });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("no API key for groq: run 'kit auth login groq' (or /login in kit), set GROQ_API_KEY, or pass --provider-api-key");
  });

  test("an unknown model of a known provider is warned about with close matches, and still sent", async () => {
    const { exitCode, stderr, req } = await ask(["-m", "deepseek/deepseek-chatt", "--provider-url", `${mock.url}/v1`], env({ DEEPSEEK_API_KEY: "k" }));
    expect(exitCode).toBe(0);
    expect(stderr).toContain("deepseek/deepseek-chatt is not in kit's model table; sending it as written");
    expect(stderr).toContain("Did you mean deepseek/deepseek-chat");
    expect(req!.body.model).toBe("deepseek-chatt");
  });
});

describe("local servers need no key", () => {
  test("ollama/<model> goes to OLLAMA_HOST's OpenAI-compatible endpoint, with no key set at all", async () => {
    const { exitCode, stderr, req } = await ask(["-m", "ollama/llama3.2"], env({ OLLAMA_HOST: `127.0.0.1:${mock.port}` }));
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    expect(req!.path).toBe("/v1/chat/completions");
    expect(req!.body.model).toBe("llama3.2");
  });

  test("lmstudio/<model> needs no key; its base URL can be set in the config", async () => {
    const e = env();
    mkdirSync(join(e.XDG_CONFIG_HOME!, "kit"), { recursive: true });
    writeFileSync(join(e.XDG_CONFIG_HOME!, "kit", "config.yml"), `providers:\n  lmstudio:\n    baseUrl: ${mock.url}/v1\n`);
    const { exitCode, req } = await ask(["-m", "lmstudio/qwen/qwen3-coder-30b"], e);
    expect(exitCode).toBe(0);
    expect(req!.path).toBe("/v1/chat/completions");
    expect(req!.body.model).toBe("qwen/qwen3-coder-30b");
  });
});

describe("the model of a run that names none", () => {
  test("with an Anthropic key: the newest Claude Sonnet, and no deprecation warning", async () => {
    const { exitCode, stderr, req } = await ask(["--provider-url", mock.url], env({ ANTHROPIC_API_KEY: "sk-a" }));
    expect(exitCode).toBe(0);
    expect(stderr).toBe("");
    expect(req!.body.model).toBe("claude-sonnet-5-5");
  });

  test("with only OPENAI_API_KEY: OpenAI's default model instead of a missing-key error", async () => {
    const { exitCode, stderr, req } = await ask([], env({ OPENAI_API_KEY: "sk-o", OPENAI_BASE_URL: `${mock.url}/v1` }));
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    expect(req!.path).toBe("/v1/responses");
    expect(req!.body.model).toBe("gpt-6.2-sol");
  });

  test("with only another provider's key: that provider's newest model", async () => {
    const e = env({ DEEPSEEK_API_KEY: "sk-d" });
    mkdirSync(join(e.XDG_CONFIG_HOME!, "kit"), { recursive: true });
    writeFileSync(join(e.XDG_CONFIG_HOME!, "kit", "config.yml"), `providers:\n  deepseek:\n    baseUrl: ${mock.url}/v1\n`);
    const { exitCode, req } = await ask([], e);
    expect(exitCode).toBe(0);
    expect(req!.headers.authorization).toBe("Bearer sk-d");
    expect(req!.body.model).toBe("deepseek-reasoner");
  });

  test("with no key at all: exit 3 listing the variables kit looked for and how to use a local server", async () => {
    const r = await runKit(["hi"], { cwd: project(), env: env({ GITHUB_TOKEN: "not-a-model-key" }) });
    expect(r.exitCode).toBe(3);
    for (const name of ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY", "DEEPSEEK_API_KEY", "OPENROUTER_API_KEY"]) {
      expect(r.stderr).toContain(name);
    }
    expect(r.stderr).toContain("-m ollama/<model>");
    expect(r.stderr).toContain("--provider-url URL");
    expect(r.stderr).not.toContain("    at ");
  });
});

describe("kit models through the binary", () => {
  test("lists every provider and marks the one whose key is set; kit models <provider> works", async () => {
    const all = await runKit(["models"], { env: env({ XAI_API_KEY: "sk-x" }) });
    expect(all.exitCode).toBe(0);
    const rows = all.stdout.split("\n").map((l) => l.trim().split(/\s{2,}/));
    expect(rows.find((r) => r[0] === "xai")).toEqual(["xai", "xAI", "17", "openai-compat", "XAI_API_KEY", "✓ set"]);
    expect(rows.find((r) => r[0] === "groq")?.at(-1)).toBe("-");
    const groq = await runKit(["models", "groq"], { env: env() });
    expect(groq.exitCode).toBe(0);
    expect(groq.stdout).toStartWith("groq\n  wire openai-compat · key: set GROQ_API_KEY\n");
    expect(groq.stdout).toContain("llama-3.3-70b-versatile");
  });
});

test("--help tells how to reach any catalogue provider and a local Ollama, and where the key variables are listed", async () => {
  const r = await runKit(["--help"], { env: env() });
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toContain("default anthropic/claude-sonnet-latest");
  expect(r.stdout).toContain('kit -m ollama/llama3.2 "hello"');
  expect(r.stdout).toContain("'kit models' lists them and marks those set");
});
