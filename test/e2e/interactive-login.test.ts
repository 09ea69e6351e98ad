/**
 * The first start in a pseudo-terminal (issue 23): `kit` with no usable key opens the UI with a
 * welcome (what was looked for, /login, --provider-url, a local server found on its port), and after
 * /login a turn works without restarting; /logout forgets the key; /model marks what needs a login.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { isolatedHome, kitEnv } from "../support/kit-process.ts";
import { startMockLLM, text, type MockLLM } from "../support/mock-llm.ts";
import { tempDir } from "../support/temp-dir.ts";
import { KEY, KitTerminal } from "./interactive-support.ts";

setDefaultTimeout(60_000);
const KEY_OK = "sk-ant-first-start-0123";
const OPENAI_KEY = "sk-openai-model-pick-0123";
let mock: MockLLM;
/** A stand-in for a local server, which takes no key. */
let local: MockLLM;

beforeAll(async () => {
  mock = await startMockLLM({ acceptKeys: [KEY_OK, OPENAI_KEY] });
  local = await startMockLLM();
});
afterAll(async () => {
  await mock.close();
  await local.close();
});

/** A new user: no key variable, no config; Anthropic's endpoint is the mock. `extra` adds variables. */
function firstStart(extra: Record<string, string> = {}) {
  const home = isolatedHome();
  const env = kitEnv(home, { TERM: "xterm-256color", ANTHROPIC_BASE_URL: mock.url, OPENAI_BASE_URL: `${mock.url}/v1`, ...extra });
  const t = new KitTerminal({ cwd: tempDir("kit-first-start-"), env, cols: 120, rows: 36 });
  return { t, env };
}

describe("first start without a key", () => {
  test("the welcome says what was looked for and the ways out; /login stores the key and the next turn works", async () => {
    const { t, env } = firstStart();
    await t.ready();
    const welcome = await t.waitFor("the welcome", (s) => s.includes("Welcome to kit"));
    expect(welcome).toContain("kit looked for ANTHROPIC_API_KEY, OPENAI_API_KEY");
    expect(welcome).toContain("/login");
    expect(welcome).toContain("--provider-url URL");

    // A prompt before any login is answered with what to do, and kit stays.
    await t.type("hello before login");
    await t.waitFor("the no-key message", (s) => s.includes("no API key found") && s.includes("/login in kit"));

    await t.type("/login anthropic");
    await t.waitFor("the masked key input", (s) => s.includes("API key for anthropic"));
    t.keys(KEY_OK);
    const masked = await t.waitFor("the typed key, masked", (s) => s.includes("•".repeat(KEY_OK.length)));
    expect(masked).not.toContain(KEY_OK);
    t.keys(KEY.enter);
    await t.waitFor("the login", (s) => s.includes("The key for anthropic works and is stored. Model: anthropic/"));
    const file = join(env.XDG_DATA_HOME!, "kit", "credentials.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);

    mock.push(text("Answer after logging in."));
    const before = mock.requests.length;
    await t.type("now it works");
    await t.waitFor("the answer", (s) => s.includes("Answer after logging in.") && !s.includes("Working…"));
    const sent = mock.requests.slice(before).find((r) => r.method === "POST")!;
    expect(sent.headers["x-api-key"] ?? sent.headers.authorization?.replace(/^Bearer /, "")).toBe(KEY_OK);
    expect((await t.lines()).join("\n")).not.toContain(KEY_OK);

    await t.type("/logout anthropic");
    await t.waitFor("the confirmation", (s) => s.includes("Forget the stored credential for anthropic?"));
    t.keys("y");
    await t.waitFor("the logout", (s) => s.includes("Logged out of anthropic."));
    expect(existsSync(file)).toBe(false);
    expect(await t.quit()).toBe(0);
  });

  test("a wrong key is reported at /login and not stored; the run stays without a key", async () => {
    const { t, env } = firstStart();
    await t.ready();
    await t.type("/login anthropic");
    await t.waitFor("the masked key input", (s) => s.includes("API key for anthropic"));
    t.keys("sk-wrong-000");
    await t.waitFor("the typed key, masked", (s) => s.includes("•".repeat(12)));
    t.keys(KEY.enter);
    await t.waitFor("the rejection", (s) => s.includes("anthropic rejected the key") && s.includes("it was not saved"));
    expect(existsSync(join(env.XDG_DATA_HOME!, "kit", "credentials.json"))).toBe(false);
    expect(await t.quit()).toBe(0);
  });

  test("a local server answering on its port is offered in the welcome and as a /login choice, and works without a key", async () => {
    // The mock stands in for Ollama: OLLAMA_HOST moves Ollama's default port, as it does for Ollama itself.
    const { t } = firstStart({ OLLAMA_HOST: `127.0.0.1:${local.port}` });
    await t.ready();
    await t.waitFor("the local server notice", (s) => s.includes(`Ollama is running at http://127.0.0.1:${local.port}/v1 (1 model(s))`));
    await t.type("/login");
    await t.waitFor("the picker with the local server first", (s) => s.includes(`Ollama on 127.0.0.1:${local.port}`) && s.includes("no key needed"));
    t.keys(KEY.enter);
    await t.waitFor("the switch", (s) => s.includes("Model: ollama/mock-model"));
    local.push(text("Local answer."));
    await t.type("hi local");
    await t.waitFor("the answer", (s) => s.includes("Local answer.") && !s.includes("Working…"));
    expect(await t.quit()).toBe(0);
  });

});

describe("/model and logins", () => {
  test("/model marks the models of providers without a key \"needs login\"; choosing one logs in, then switches", async () => {
    // Anthropic's key is set: its models work now; OpenAI's need a login.
    const { t } = firstStart({ ANTHROPIC_API_KEY: KEY_OK });
    await t.ready();
    await t.type("/model");
    const picker = await t.waitFor("the model picker", (s) => s.includes("Model (now anthropic/"));
    const rows = picker.split("\n").filter((l) => l.includes("anthropic/claude"));
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row).not.toContain("needs login");
    t.keys("openai/gpt-4.1");
    await t.waitFor("a model that needs a login", (s) => /openai\/gpt-4\.1 .*needs login/.test(s));
    t.keys(KEY.enter);
    await t.waitFor("the key input for its provider", (s) => s.includes("API key for openai"));
    t.keys(OPENAI_KEY);
    await t.waitFor("the key, masked", (s) => s.includes("•".repeat(OPENAI_KEY.length)));
    t.keys(KEY.enter);
    await t.waitFor("the switch", (s) => s.includes("Model: openai/gpt-4.1"));
    mock.push(text("OpenAI answer."));
    const before = mock.requests.length;
    await t.type("through openai");
    await t.waitFor("the answer", (s) => s.includes("OpenAI answer.") && !s.includes("Working…"));
    expect(mock.requests.slice(before).find((r) => r.method === "POST")!.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(await t.quit()).toBe(0);
  });
});
