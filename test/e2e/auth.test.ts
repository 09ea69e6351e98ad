/**
 * `kit auth login|logout|status` through the built binary against the scripted provider (issue 23):
 * a key is checked with the provider before it is stored (0600), a rejected one is not stored, the
 * stored key is used by runs with --provider-api-key > stored > environment, status says where the
 * key comes from and never shows it, logout asks (or takes --yes), a readable file is refused.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isolatedHome, kitEnv, runKit } from "../support/kit-process.ts";
import { startMockLLM, text, type MockLLM } from "../support/mock-llm.ts";
import { project } from "./headless-support.ts";
import { KEY, KitTerminal } from "./interactive-support.ts";

const GOOD = "sk-good-0123456789";
const ENV_KEY = "sk-env-0123456789";
const FLAG_KEY = "sk-flag-0123456789";
let mock: MockLLM;

beforeAll(async () => {
  mock = await startMockLLM({ acceptKeys: [GOOD, ENV_KEY, FLAG_KEY] });
});
afterAll(() => mock.close());

/** A user with no key variable but OpenAI's endpoint pointed at the mock. */
function user(vars: Record<string, string> = {}): Record<string, string> {
  return kitEnv(isolatedHome(), { OPENAI_BASE_URL: `${mock.url}/v1`, ...vars });
}
const credentialsFile = (env: Record<string, string>) => join(env.XDG_DATA_HOME!, "kit", "credentials.json");
const login = (env: Record<string, string>, key: string, provider = "openai") => runKit(["auth", "login", provider], { env, stdin: `${key}\n` });

/** A headless run's request: which key it carried. */
async function keyOfRun(env: Record<string, string>, args: string[] = []): Promise<string | undefined> {
  const before = mock.requests.length;
  mock.push(text("ok"));
  const r = await runKit(["-m", "openai/gpt-4.1", ...args, "hi"], { cwd: project(), env });
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  return mock.requests.slice(before).find((q) => q.method === "POST")?.headers.authorization?.replace(/^Bearer /, "");
}

describe("kit auth login", () => {
  test("a working key is checked with the provider (its model list), stored with mode 0600, and used by the next run", async () => {
    const env = user();
    const before = mock.requests.length;
    const r = await login(env, GOOD);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("The key for openai works; stored in");
    expect(r.stdout).not.toContain(GOOD);
    const check = mock.requests.slice(before);
    expect(check.map((q) => `${q.method} ${q.path}`)).toEqual(["GET /v1/models"]);
    expect(check[0]!.headers.authorization).toBe(`Bearer ${GOOD}`);
    const file = credentialsFile(env);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8")).openai).toMatchObject({ type: "api_key", key: GOOD });
    expect(await keyOfRun(env)).toBe(GOOD);
    const models = await runKit(["models"], { env });
    expect(models.stdout).toMatch(/^openai\s.*✓ stored$/m);
    expect((await runKit(["models", "openai"], { env })).stdout).toContain("key stored (kit auth status)");
  });

  test("a key the provider rejects is reported (exit 3), not stored, and not printed", async () => {
    const env = user();
    const r = await login(env, "sk-wrong-key-000");
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("openai rejected the key");
    expect(r.stderr).toContain("it was not saved");
    expect(r.stderr + r.stdout).not.toContain("sk-wrong-key-000");
    expect(r.stderr).not.toContain("    at ");
    expect(existsSync(credentialsFile(env))).toBe(false);
  });

  test("in a cloned project that redirects the provider, the key is checked with the real provider, never sent to the redirect", async () => {
    const trap = await startMockLLM({ acceptKeys: [GOOD] });
    try {
      const env = user();
      const cwd = project({ ".kit.yml": `provider-url: ${trap.url}/v1\n` });
      const r = await runKit(["auth", "login", "openai"], { cwd, env, stdin: `${GOOD}\n` });
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toContain("kit trust");
      expect(trap.requests).toHaveLength(0);
      expect(JSON.parse(readFileSync(credentialsFile(env), "utf8")).openai).toMatchObject({ key: GOOD });
    } finally {
      trap.close();
    }
  });

  test("at a terminal: a searchable picker of providers, then the key read masked", async () => {
    const env = user({ TERM: "xterm-256color" });
    const t = new KitTerminal({ args: ["auth", "login"], cwd: project(), env });
    await t.waitFor("the picker, most used first", (s) => s.includes("Log in to which provider?") && s.indexOf("anthropic") < s.indexOf("openai"));
    t.keys("opena");
    await t.waitFor("the list filtered", (s) => s.includes("opena") && !s.includes("anthropic"));
    t.keys(KEY.enter);
    await t.waitFor("the key prompt", (s) => s.includes("API key for openai"));
    t.keys(GOOD);
    await t.waitFor("the key typed, masked", (s) => /▪{8,}|•{8,}/.test(s));
    expect((await t.screen()).join("\n")).not.toContain(GOOD);
    t.keys(KEY.enter);
    expect(await t.proc.exited).toBe(0);
    expect((await t.lines()).join("\n")).toContain("The key for openai works");
    expect(JSON.parse(readFileSync(credentialsFile(env), "utf8")).openai.key).toBe(GOOD);
  });

  test("an unknown provider is a usage error naming the likely one; no provider in a script says how to name it", async () => {
    const typo = await login(user(), GOOD, "opnai");
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('unknown provider "opnai" (did you mean openai?)');
    const none = await runKit(["auth", "login"], { env: user(), stdin: "" });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain("kit auth login <provider>");
  });
});

describe("precedence: --provider-api-key > stored > environment", () => {
  test("each source wins over the ones after it, and status says which one a run uses without showing it", async () => {
    const env = user({ OPENAI_API_KEY: ENV_KEY });
    expect(await keyOfRun(env)).toBe(ENV_KEY);
    expect((await login(env, GOOD)).exitCode).toBe(0);
    expect(await keyOfRun(env)).toBe(GOOD);
    expect(await keyOfRun(env, ["--provider-api-key", FLAG_KEY])).toBe(FLAG_KEY);

    const status = await runKit(["auth", "status"], { env });
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/^openai\s+stored, api key \(used before env OPENAI_API_KEY\)$/m);
    for (const secret of [GOOD, ENV_KEY]) expect(status.stdout + status.stderr).not.toContain(secret);
    const flagged = await runKit(["auth", "status"], { env: { ...env, KIT_PROVIDER_API_KEY: FLAG_KEY } });
    expect(flagged.stdout).toMatch(/^openai\s+--provider-api-key, api key \(used before stored, env OPENAI_API_KEY\)$/m);
    expect(flagged.stdout).not.toContain(FLAG_KEY);
  });

  test("a stored key picks the default model's provider as a key variable does", async () => {
    const env = user();
    expect((await login(env, GOOD)).exitCode).toBe(0);
    const status = await runKit(["auth", "status"], { env });
    expect(status.stdout).toContain("A run with no -m uses openai/");
  });
});

describe("kit auth logout and the stored file", () => {
  test("logout asks first (a script passes --yes), then forgets the key; status then shows the variable again", async () => {
    const env = user({ OPENAI_API_KEY: ENV_KEY });
    expect((await login(env, GOOD)).exitCode).toBe(0);
    const unasked = await runKit(["auth", "logout", "openai"], { env });
    expect(unasked.exitCode).toBe(2);
    expect(unasked.stderr).toContain("pass --yes");
    const out = await runKit(["auth", "logout", "openai", "--yes"], { env });
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("Logged out of openai. OPENAI_API_KEY is still set in the environment");
    expect((await runKit(["auth", "status"], { env })).stdout).toMatch(/^openai\s+env OPENAI_API_KEY, api key$/m);
    const again = await runKit(["auth", "logout", "openai", "--yes"], { env });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain("nothing is stored for openai");
  });

  test("a credentials file other users can read is refused with the fix", async () => {
    const env = user();
    expect((await login(env, GOOD)).exitCode).toBe(0);
    chmodSync(credentialsFile(env), 0o644);
    const r = await runKit(["-m", "openai/gpt-4.1", "hi"], { cwd: project(), env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`is readable by other users (mode 644): run 'chmod 600 ${credentialsFile(env)}'`);
    expect(r.stderr).not.toContain(GOOD);
  });
});

describe("headless with no key", () => {
  test("exit 3 naming the variables looked for, kit auth login and --provider-url", async () => {
    const r = await runKit(["hi"], { cwd: project(), env: kitEnv(isolatedHome()) });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("ANTHROPIC_API_KEY");
    expect(r.stderr).toContain("OPENAI_API_KEY");
    expect(r.stderr).toContain("kit auth login");
    expect(r.stderr).toContain("--provider-url");
  });
});

describe("credential-store: keychain", () => {
  /**
   * secret-tool needs a D-Bus session with a Secret Service, which test machines lack: a stand-in
   * with the same command line (store reads the secret from stdin, lookup prints it or exits 1, clear)
   * keeps the item in a file, so what kit asks of the real tool is checked.
   */
  function fakeSecretTool(): { dir: string; item: string } {
    const dir = isolatedHome();
    const item = join(dir, "item");
    const script = `#!/bin/sh
case "$*" in
  "store --label=kit credentials service kit account credentials") cat > ${item} ;;
  "lookup service kit account credentials") [ -f ${item} ] || exit 1; cat ${item} ;;
  "clear service kit account credentials") rm -f ${item} ;;
  *) echo "secret-tool: unexpected arguments: $*" >&2; exit 2 ;;
esac
`;
    writeFileSync(join(dir, "secret-tool"), script, { mode: 0o755 });
    return { dir, item };
  }

  test("the key goes to the Secret Service through secret-tool, not to a file, and runs read it from there", async () => {
    const fake = fakeSecretTool();
    const env = user({ KIT_CREDENTIAL_STORE: "keychain" });
    env.PATH = `${fake.dir}:${env.PATH}`;
    const r = await login(env, GOOD);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("stored in the Secret Service keychain (secret-tool)");
    expect(existsSync(credentialsFile(env))).toBe(false);
    expect(JSON.parse(readFileSync(fake.item, "utf8")).openai.key).toBe(GOOD);
    expect(await keyOfRun(env)).toBe(GOOD);
    expect((await runKit(["auth", "logout", "openai", "--yes"], { env })).exitCode).toBe(0);
    expect(existsSync(fake.item)).toBe(false);
  });

  test("without secret-tool: a clear error saying what to do", async () => {
    const env = user({ KIT_CREDENTIAL_STORE: "keychain", PATH: "/nonexistent" });
    const r = await runKit(["auth", "status"], { env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("secret-tool is not installed");
    expect(r.stderr).toContain("credential-store: file");
  });
});
