import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runModelsCommand } from "../../src/cli/models-command.ts";
import { runUpdateModelsCommand } from "../../src/cli/update-models-command.ts";
import { ModelRegistry, modelsFilePath } from "../../src/llm/models/registry.ts";
import { tempDir } from "../support/temp-dir.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, opts: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

/** The columns of a table line, split where two or more spaces separate them. */
const cells = (line: string) => line.trim().split(/\s{2,}/);

const TABLE = {
  anthropic: {
    id: "anthropic",
    models: {
      "claude-sonnet-5-5": {
        id: "claude-sonnet-5-5", name: "Claude Sonnet 5.5", reasoning: true,
        cost: { input: 2, output: 10, cache_read: 0.1, cache_write: 2.5 }, limit: { context: 1_000_000, output: 128_000 },
      },
    },
  },
  mistral: {
    id: "mistral",
    models: {
      "mistral-large": { id: "mistral-large", name: "Mistral Large", cost: { input: 2, output: 6 }, limit: { context: 128_000, output: 8_192 } },
      "codestral": { id: "codestral", name: "Codestral", cost: { input: 0.3, output: 0.9 }, limit: { context: 256_000, output: 8_192 } },
    },
  },
};
const TABLE_TEXT = JSON.stringify(TABLE);
const OLD_TEXT = JSON.stringify({ openai: { models: { "gpt-old": { id: "gpt-old", limit: { context: 1000, output: 100 } } } } });

describe("kit models", () => {
  test("lists every catalogue provider with its wire and key variable, marking those whose key is set", async () => {
    const c = capture();
    const env = { DEEPSEEK_API_KEY: "sk-d", ANTHROPIC_API_KEY: "" };
    expect(await runModelsCommand({ registry: new ModelRegistry(), env, color: false, ...c.opts })).toBe(0);
    const rows = new Map(c.out.slice(1).filter((l) => l.trim() !== "").map((l) => [cells(l)[0]!, cells(l)]));
    expect(cells(c.out[0]!)).toEqual(["provider", "name", "models", "wire", "key variable", "key"]);
    expect(rows.size).toBeGreaterThan(45);
    expect(rows.get("deepseek")).toEqual(["deepseek", "DeepSeek", "2", "openai-compat", "DEEPSEEK_API_KEY", "✓ set"]);
    expect(rows.get("anthropic")?.slice(3)).toEqual(["anthropic", "ANTHROPIC_API_KEY", "-"]);
    expect(rows.get("openai")?.slice(3)).toEqual(["openai", "OPENAI_API_KEY", "-"]);
    expect(rows.get("google")?.slice(3)).toEqual(["gemini", "GOOGLE_GENERATIVE_AI_API_KEY", "-"]);
    expect(rows.get("groq")?.slice(3)).toEqual(["openai-compat", "GROQ_API_KEY", "-"]);
    expect(rows.get("ollama")?.slice(3)).toEqual(["openai-compat", "-", "not needed"]);
    expect(rows.get("lmstudio")?.slice(3)).toEqual(["openai-compat", "LMSTUDIO_API_KEY", "not needed"]);
    for (const id of ["openrouter", "xai", "mistral", "togetherai", "fireworks-ai", "cerebras", "custom"]) expect(rows.has(id)).toBe(true);
    expect(c.out.join("\n")).toContain("kit models <provider> lists a provider's models and prices");
  });

  test("kit models <provider> works for every provider: how it is reached, then its models", async () => {
    const registry = new ModelRegistry();
    for (const provider of registry.providers()) {
      const c = capture();
      expect(await runModelsCommand({ registry, provider, env: {}, color: false, ...c.opts })).toBe(0);
      expect(c.out[0]).toBe(provider);
      expect(c.out[1]).toStartWith("  wire ");
    }
    const c = capture();
    await runModelsCommand({ registry, provider: "deepseek", env: { DEEPSEEK_API_KEY: "sk-d" }, color: false, ...c.opts });
    expect(c.out[1]!.trim()).toBe("wire openai-compat · at https://api.deepseek.com · key from DEEPSEEK_API_KEY");
    expect(cells(c.out.find((l) => l.trim().startsWith("deepseek-chat "))!)).toEqual([
      "deepseek-chat", "DeepSeek Chat", "128k", "8.2k", "no", "$0.57", "$1.68", "$0.07", "-",
    ]);
  });

  test("--all prints a table per provider with limits, reasoning, prices and aliases", async () => {
    const c = capture();
    const code = await runModelsCommand({ registry: new ModelRegistry(), all: true, env: {}, color: false, ...c.opts });
    expect(code).toBe(0);
    const text = c.out.join("\n");
    expect(c.out[0]).toBe("anthropic");
    expect(text).not.toContain("\x1b[");
    const sonnet = c.out.find((l) => l.trim().startsWith("claude-sonnet-4-5 "))!;
    expect(cells(sonnet)).toEqual([
      "claude-sonnet-4-5", "Claude Sonnet 4.5", "200k", "64k", "yes", "$3*", "$15*", "$0.30*", "$3.75*",
    ]);
    const mini = c.out.find((l) => l.trim().startsWith("gpt-4o-mini "))!;
    expect(cells(mini)).toEqual(["gpt-4o-mini", "GPT-4o mini", "128k", "16.4k", "no", "$0.15", "$0.60", "$0.075", "-"]);
    expect(text).toMatch(/claude-sonnet-latest\s+→ claude-sonnet-5-5/);
    expect(text).toMatch(/gpt-latest\s+→ gpt-6\.2-sol/);
    expect(text).toContain("custom\n  wire openai-compat · no key needed\n  no custom models");
    expect(text).toContain("* a prompt over 272k tokens makes the whole request pay higher rates");
    expect(text).toContain("\nopenrouter\n");
  });

  test("a custom model without cost shows unknown prices", async () => {
    const registry = new ModelRegistry({ customModels: { llama3: { limit: { context: 8192 } } } });
    const c = capture();
    expect(await runModelsCommand({ registry, provider: "custom", env: {}, color: false, ...c.opts })).toBe(0);
    expect(c.out[0]).toBe("custom");
    expect(cells(c.out[3]!)).toEqual([
      "llama3", "llama3", "8.2k", "?", "no", "unknown", "unknown", "unknown", "unknown",
    ]);
  });

  test("an unknown provider is exit 2 with the known providers listed", async () => {
    const c = capture();
    const code = await runModelsCommand({ registry: new ModelRegistry(), provider: "antropic", env: {}, color: false, ...c.opts });
    expect(code).toBe(2);
    expect(c.out).toEqual([]);
    expect(c.err.join("\n")).toContain('unknown provider "antropic". Known providers: anthropic, openai, custom, alibaba,');
  });

  test("a downloaded table replaces the lists of its providers and adds its new ones", async () => {
    const dataDir = tempDir("kit-models-cmd-");
    writeFileSync(modelsFilePath(dataDir), TABLE_TEXT);
    const registry = new ModelRegistry({ dataDir });

    const all = capture();
    await runModelsCommand({ registry, all: true, env: {}, color: false, ...all.opts });
    const text = all.out.join("\n");
    expect(text).toContain("anthropic (downloaded table)");
    expect(text).toContain("mistral (downloaded table)");
    expect(text).toMatch(/mistral-large\s+Mistral Large\s+128k\s+8\.2k\s+no\s+\$2\s+\$6/);
    // The downloaded entry has no url or key variables: the embedded catalogue's still apply.
    expect(text).toContain("mistral (downloaded table)\n  wire openai-compat · key: set MISTRAL_API_KEY");
  });

  test("colour only when asked", async () => {
    const c = capture();
    await runModelsCommand({ registry: new ModelRegistry(), provider: "openai", env: {}, color: true, ...c.opts });
    expect(c.out[0]).toContain("\x1b[1m");
  });
});

describe("kit update-models", () => {
  let server: ReturnType<typeof Bun.serve>;
  let base: string;
  beforeAll(() => {
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(req) {
        const path = new URL(req.url).pathname;
        if (path === "/api.json") return new Response(TABLE_TEXT, { headers: { "content-type": "application/json" } });
        if (path === "/broken") return new Response("upstream exploded", { status: 500 });
        if (path === "/not-json") return new Response("<html>maintenance</html>");
        if (path === "/wrong-shape") return Response.json([{ id: "gpt-5" }]);
        if (path === "/slow") {
          await Bun.sleep(2_000);
          return new Response(TABLE_TEXT);
        }
        return new Response("not found", { status: 404 });
      },
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.stop(true));

  test("downloads, validates and stores the table; the registry then uses it", async () => {
    const dataDir = tempDir("kit-models-cmd-");
    const c = capture();
    const code = await runUpdateModelsCommand({ source: `${base}/api.json`, dataDir, ...c.opts });
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    expect(c.out[0]).toBe(
      `Stored 2 providers and 3 models from ${base}/api.json in ${modelsFilePath(dataDir)} (anthropic: 1).`,
    );
    expect(readFileSync(modelsFilePath(dataDir), "utf8")).toBe(TABLE_TEXT);
    expect(readdirSync(dataDir)).toEqual(["models.json"]);
    expect(new ModelRegistry({ dataDir }).resolve("mistral/codestral").info?.pricing.input).toBe(0.3);
  });

  test("reads a local file and creates the data dir if needed", async () => {
    const dir = tempDir("kit-models-cmd-");
    const file = join(dir, "api.json");
    writeFileSync(file, TABLE_TEXT);
    const dataDir = join(dir, "data", "kit");
    const c = capture();
    expect(await runUpdateModelsCommand({ source: file, dataDir, ...c.opts })).toBe(0);
    expect(c.out[0]).toStartWith("Stored 2 providers and 3 models from");
    expect(existsSync(modelsFilePath(dataDir))).toBe(true);
  });

  test.each([
    ["/broken", "HTTP 500 Internal Server Error. Check the URL, or try again later."],
    ["/not-json", "invalid model catalogue"],
    ["/wrong-shape", "not a JSON object; expected the models.dev api.json format"],
    ["/missing", "HTTP 404"],
  ])("a failed update from %s is exit 1 and leaves the existing file intact", async (path, message) => {
    const dataDir = tempDir("kit-models-cmd-");
    writeFileSync(modelsFilePath(dataDir), OLD_TEXT);
    const c = capture();
    const code = await runUpdateModelsCommand({ source: `${base}${path}`, dataDir, ...c.opts });
    expect(code).toBe(1);
    expect(c.out).toEqual([]);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toContain(message);
    expect(c.err[0]).toContain("The model table in use is unchanged.");
    expect(readFileSync(modelsFilePath(dataDir), "utf8")).toBe(OLD_TEXT);
    expect(readdirSync(dataDir)).toEqual(["models.json"]);
  });

  test("a download that does not answer in time fails with the timeout named", async () => {
    const dataDir = tempDir("kit-models-cmd-");
    const c = capture();
    const code = await runUpdateModelsCommand({ source: `${base}/slow`, dataDir, timeoutMs: 200, ...c.opts });
    expect(code).toBe(1);
    expect(c.err[0]).toContain("no answer within 200 ms");
    expect(existsSync(modelsFilePath(dataDir))).toBe(false);
  });

  test("a connection refused is a clear failure", async () => {
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    const url = `http://127.0.0.1:${closed.port}/api.json`;
    closed.stop(true);
    const c = capture();
    expect(await runUpdateModelsCommand({ source: url, dataDir: tempDir("kit-models-cmd-"), ...c.opts })).toBe(1);
    expect(c.err[0]).toContain(`could not download ${url}`);
    expect(c.err[0]).toContain("Check your network");
  });

  test("a missing file is exit 1, an unsupported scheme exit 2", async () => {
    const c = capture();
    expect(await runUpdateModelsCommand({ source: "/no/such/api.json", dataDir: tempDir("kit-models-cmd-"), ...c.opts })).toBe(1);
    expect(c.err[0]).toContain("cannot read /no/such/api.json: no such file");
    const d = capture();
    expect(await runUpdateModelsCommand({ source: "ftp://example.com/api.json", dataDir: tempDir("kit-models-cmd-"), ...d.opts })).toBe(2);
    expect(d.err[0]).toContain('give an http:// or https:// URL, a file path, or "embedded"');
  });

  test("embedded removes the downloaded table so the built-in one is used again", async () => {
    const dataDir = tempDir("kit-models-cmd-");
    writeFileSync(modelsFilePath(dataDir), TABLE_TEXT);
    expect(new ModelRegistry({ dataDir }).get("anthropic", "claude-opus-4-1")).toBeUndefined();

    const c = capture();
    expect(await runUpdateModelsCommand({ source: "embedded", dataDir, ...c.opts })).toBe(0);
    expect(c.out[0]).toBe(`Removed ${modelsFilePath(dataDir)}; kit uses its embedded model table again.`);
    expect(existsSync(modelsFilePath(dataDir))).toBe(false);
    expect(new ModelRegistry({ dataDir }).get("anthropic", "claude-opus-4-1")).toBeDefined();

    const again = capture();
    expect(await runUpdateModelsCommand({ source: "embedded", dataDir, ...again.opts })).toBe(0);
    expect(again.out[0]).toContain("kit already uses its embedded table");
  });
});
