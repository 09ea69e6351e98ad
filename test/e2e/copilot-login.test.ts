/**
 * GitHub Copilot through the built binary (issue 23): `kit auth login github-copilot` runs the device
 * flow against a local stand-in for GitHub (code shown, polled until entered), stores the login, and
 * `copilot/<model>` then chats through the OpenAI-compatible wire with Copilot's headers; a Copilot
 * token about to expire is exchanged again before the call.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isolatedHome, kitEnv, runKit } from "../support/kit-process.ts";
import { startMockLLM, text, type MockLLM } from "../support/mock-llm.ts";
import { GITHUB_TOKEN, startCopilotOAuthServer, USER_CODE, type CopilotOAuthServer } from "./copilot-oauth-server.ts";
import { project } from "./headless-support.ts";
import { KitTerminal } from "./interactive-support.ts";

let chat: MockLLM;
let github: CopilotOAuthServer;

beforeAll(async () => {
  chat = await startMockLLM();
  github = startCopilotOAuthServer({ chatUrl: chat.url, pendingPolls: 2, tokenLifetimeSeconds: 1800 });
});
afterAll(async () => {
  github.stop();
  await chat.close();
});

async function ask(env: Record<string, string>) {
  const before = chat.requests.length;
  chat.push(text("copilot answer"));
  const r = await runKit(["-m", "copilot/gpt-4.1", "hi"], { cwd: project(), env });
  return { ...r, req: chat.requests[before] };
}

describe("GitHub Copilot login", () => {
  test("device flow, then copilot/<model> with Copilot's token and headers; a token near expiry is exchanged again first", async () => {
    const env = kitEnv(isolatedHome(), github.env);
    const login = await runKit(["auth", "login", "github-copilot"], { env });
    expect(login.stderr).toBe("");
    expect(login.exitCode).toBe(0);
    expect(login.stdout).toContain(`Open ${github.url}/login/device and enter the code ${USER_CODE}`);
    expect(login.stdout).toContain("Logged in to GitHub Copilot");
    // Polled until the code was entered: two pending answers, then the token.
    expect(github.polls).toEqual(["authorization_pending", "authorization_pending", "token"]);
    const file = join(env.XDG_DATA_HOME!, "kit", "credentials.json");
    const stored = JSON.parse(readFileSync(file, "utf8"))["github-copilot"];
    expect(stored).toMatchObject({ type: "oauth", refresh: GITHUB_TOKEN, access: "copilot-token-1", endpoint: chat.url });

    const first = await ask(env);
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain("copilot answer");
    expect(first.req!.path).toBe("/chat/completions");
    expect(first.req!.headers.authorization).toBe("Bearer copilot-token-1");
    expect(first.req!.headers["copilot-integration-id"]).toBe("vscode-chat");
    expect(first.req!.headers["editor-version"]).toStartWith("vscode/");
    expect(first.req!.body.model).toBe("gpt-4.1");
    expect(github.issued).toEqual(["copilot-token-1"]);

    // The token has a minute left: the run exchanges the login for a new one before calling.
    writeFileSync(file, JSON.stringify({ "github-copilot": { ...stored, expires: Date.now() + 60_000 } }), { mode: 0o600 });
    const second = await ask(env);
    expect(second.exitCode).toBe(0);
    expect(second.req!.headers.authorization).toBe("Bearer copilot-token-2");
    expect(JSON.parse(readFileSync(file, "utf8"))["github-copilot"].access).toBe("copilot-token-2");

    const status = await runKit(["auth", "status"], { env });
    expect(status.stdout).toMatch(/^github-copilot\s+stored, oauth, token expires \S+ \(renewed automatically\)$/m);
    expect(status.stdout).not.toContain("copilot-token");
    expect(status.stdout).not.toContain(GITHUB_TOKEN);
  });
});

describe("GitHub Copilot in the UI", () => {
  test("a subscription's cost shows as \"subscription\", not as dollars, in the status bar and /usage", async () => {
    const env = kitEnv(isolatedHome(), { ...github.env, TERM: "xterm-256color" });
    const dir = join(env.XDG_DATA_HOME!, "kit");
    mkdirSync(dir, { recursive: true });
    const login = { type: "oauth", refresh: GITHUB_TOKEN, access: "copilot-token-ui", expires: Date.now() + 3_600_000, endpoint: chat.url, saved: new Date().toISOString() };
    writeFileSync(join(dir, "credentials.json"), JSON.stringify({ "github-copilot": login }), { mode: 0o600 });
    const t = new KitTerminal({ args: ["-m", "copilot/gpt-4.1"], cwd: project(), env, cols: 120, rows: 30 });
    await t.ready();
    chat.push(text("answered by copilot"));
    await t.type("hello copilot");
    const screen = await t.waitFor("the answer", (s) => s.includes("answered by copilot") && !s.includes("Working…"));
    const bar = screen.split("\n").findLast((l) => l.includes("github-copilot/gpt-4.1 · thinking"))!;
    expect(bar).toContain("subscription");
    expect(bar).not.toContain("$");
    await t.type("/usage");
    await t.waitFor("the usage", (s) => /Cost +subscription/.test(s));
    expect(await t.quit()).toBe(0);
  });
});

describe("GitHub Copilot from /login", () => {
  test("a first start logs in with the device flow from the UI and the next turn goes to Copilot, without restarting", async () => {
    const env = kitEnv(isolatedHome(), { ...github.env, TERM: "xterm-256color" });
    const t = new KitTerminal({ cwd: project(), env, cols: 120, rows: 30 });
    await t.ready();
    await t.waitFor("the welcome", (s) => s.includes("Welcome to kit"));
    await t.type("/login github-copilot");
    await t.waitFor("the code and where to enter it", (s) => s.includes(`Open ${github.url}/login/device and enter the code ${USER_CODE}`));
    // A first start that named no model takes the default of the provider now logged in.
    await t.waitFor("the login and its model", (s) => s.includes("Logged in to GitHub Copilot") && s.includes("github-copilot/gpt-4.1 · thinking"));
    const before = chat.requests.length;
    chat.push(text("copilot after login"));
    await t.type("hello");
    await t.waitFor("the answer", (s) => s.includes("copilot after login") && !s.includes("Working…"));
    expect(chat.requests[before]!.headers.authorization).toStartWith("Bearer copilot-token-");
    expect(await t.quit()).toBe(0);
  });
});
