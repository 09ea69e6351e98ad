/**
 * OAuth login of a remote MCP server, against a local authorisation server: a headless run never
 * starts a login (exit 3 with the command to run), `kit mcp get` logs in (the URL printed, the
 * browser's return caught on 127.0.0.1, tokens stored 0600), later runs use the tokens, and
 * `kit mcp logout` forgets them.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { KIT_BIN, runKit } from "../support/kit-process.ts";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import { lastToolResults, runWith, tempDir, userEnv } from "./extension-runs.ts";
import { LiveOutput } from "./headless-support.ts";
import { mcpConfig } from "./mcp-support.ts";
import { startOAuthMcpServer, type OAuthMcpServer } from "./mcp-oauth-server.ts";

let mock: MockLLM;
let secure: OAuthMcpServer;
beforeAll(async () => {
  mock = await startMockLLM();
  secure = startOAuthMcpServer();
});
afterAll(async () => {
  secure.stop();
  await mock.close();
});

test("headless runs exit 3 naming the login command; kit mcp get logs in; the tokens are used, then forgotten by logout", async () => {
  const env = userEnv();
  const cwd = tempDir({ ".kit.yml": mcpConfig({ secure: { type: "remote", url: secure.url } }) });
  const tokenFile = join(env.XDG_DATA_HOME!, "kit", "mcp-auth", "secure.json");

  const refused = await runWith(mock, { exts: [], cwd, env, args: ["hi"] });
  expect(refused.exitCode).toBe(3);
  expect(refused.stderr).toContain("MCP server secure needs you to log in: run 'kit mcp get secure'");
  expect(refused.requests).toHaveLength(0);

  const login = Bun.spawn([KIT_BIN, "mcp", "get", "secure", "--trust-project"], { cwd, env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const stderr = new LiveOutput(login.stderr);
  const stdout = new LiveOutput(login.stdout);
  await stderr.waitFor("the login URL", (t) => /http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+/.test(t), 30_000);
  // The browser: the authorisation server approves at once and sends it back to kit's callback.
  const page = await fetch(stderr.text.match(/http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+/)![0]);
  expect(await page.text()).toContain("logged in");
  expect(await login.exited).toBe(0);
  await stdout.done;
  expect(stdout.text).toContain("state: connected");
  expect(stdout.text).toContain("secure__whoami  Says who is logged in");
  expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
  expect(secure.grants).toContain("authorization_code");

  const used = await runWith(mock, { exts: [], cwd, env, args: ["who am I"], steps: [toolCall("secure__whoami", {}), text("you are kit")] });
  expect(used.exitCode).toBe(0);
  expect(lastToolResults(used.requests[1]!)).toEqual([{ content: "logged in as kit-test-client", is_error: false }]);

  const logout = await runKit(["mcp", "logout", "secure"], { cwd, env });
  expect(logout.stdout).toContain("Logged out of MCP server secure");
  expect(existsSync(tokenFile)).toBe(false);
  expect((await runWith(mock, { exts: [], cwd, env, args: ["hi"] })).exitCode).toBe(3);
}, 90_000);
