/**
 * `kit mcp add|list|get|remove` through the built binary: entries round-trip through the user's YAML
 * file without losing its comments or other keys, list and get start the servers to show their state
 * and tools, and secrets (header and environment values) are never printed.
 */
import { expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isolatedHome, kitEnv, runKit } from "../support/kit-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { EVERYTHING, exitsAtOnce } from "./mcp-support.ts";

function setup() {
  const home = isolatedHome();
  const env = kitEnv(home, { EXAMPLE_SECRET: "hunter2-from-env" });
  const cwd = tempDir("kit-mcp-cmd-");
  const globalFile = join(home, ".config", "kit", "config.yml");
  return { env, cwd, globalFile, kit: (...args: string[]) => runKit(["mcp", ...args], { cwd, env }) };
}

test("add and remove keep the file's comments and other keys; -l writes the project file", async () => {
  const { cwd, globalFile, kit, env } = setup();
  const project = join(cwd, ".kit.yml");
  writeFileSync(project, "# team settings\nmodel: anthropic/claude-haiku-4-5 # cheap\nmax-steps: 7\n");
  const added = await kit("add", "-l", "ev", "--env", "TOKEN=abc123", "--", "node", EVERYTHING, "stdio");
  expect(added.stderr).toBe("");
  expect(added.exitCode).toBe(0);
  expect(added.stdout).toContain(`Added MCP server ev in ${project}`);
  const withServer = readFileSync(project, "utf8");
  expect(withServer).toStartWith("# team settings\nmodel: anthropic/claude-haiku-4-5 # cheap\nmax-steps: 7\nmcpServers:\n");

  const remote = await kit("add", "api", "--url", "https://mcp.example.com/mcp?api_key=topsecret", "--header", "Authorization: Bearer ${env://EXAMPLE_SECRET}");
  expect(remote.exitCode).toBe(0);
  expect(readFileSync(globalFile, "utf8")).toContain("Authorization: Bearer ${env://EXAMPLE_SECRET}");

  const got = await runKit(["mcp", "get", "api"], { cwd, env });
  expect(got.stdout).toContain("url: https://mcp.example.com/mcp?api_key=***");
  expect(got.stdout).toContain("header: Authorization: ****");
  expect(got.stdout + got.stderr).not.toContain("hunter2");
  expect(got.stdout + got.stderr).not.toContain("topsecret");

  expect((await kit("remove", "ev")).stdout).toContain(`Removed MCP server ev from ${project}`);
  expect(readFileSync(project, "utf8")).toBe("# team settings\nmodel: anthropic/claude-haiku-4-5 # cheap\nmax-steps: 7\n");
  expect((await kit("remove", "api")).exitCode).toBe(0);
  expect(readFileSync(globalFile, "utf8")).not.toContain("api");
  const again = await kit("remove", "api");
  expect(again.exitCode).toBe(2);
  expect(again.stderr).toContain('no MCP server "api"');
}, 60_000);

test("list starts the servers and shows state, transport and counts; a failed one with its error, exit 1", async () => {
  const { cwd, kit, env } = setup();
  expect((await kit("add", "-l", "ev", "--env", "TOKEN=abc123", "--", "node", EVERYTHING, "stdio")).exitCode).toBe(0);
  expect((await kit("add", "-l", "broken", "--", ...exitsAtOnce())).exitCode).toBe(0);
  // The servers were added to the project by the user (-l): trusted as written, they start.
  const r = await runKit(["mcp", "list"], { cwd, env });
  expect(r.exitCode).toBe(1);
  expect(r.stdout).toMatch(/^ev +connected +stdio: node .*server-everything.* +\d+ tools, 4 prompts, \d+ resources$/m);
  expect(r.stdout).toMatch(/^broken +failed +stdio: /m);
  expect(r.stderr).toContain("MCP server broken could not start");
  expect(r.stderr).toContain("fatal: EXAMPLE_TOKEN is not set");
  expect(r.stdout + r.stderr).not.toContain("abc123");

  const got = await kit("get", "ev");
  expect(got.exitCode).toBe(0);
  expect(got.stdout).toContain("environment: TOKEN=****");
  expect(got.stdout).toMatch(/^  ev__get-sum  Returns the sum of two numbers$/m);
  expect(got.stdout).toContain("/ev:args-prompt");
  expect(got.stdout).not.toContain("abc123");
}, 60_000);

test("add without a command or URL, and an unknown server for get, are usage errors that say what to do", async () => {
  const { kit, globalFile } = setup();
  const bare = await kit("add", "x");
  expect(bare.exitCode).toBe(2);
  expect(bare.stderr).toContain("missing the server's command (after --) or --url");
  expect(existsSync(globalFile)).toBe(false);
  const unknown = await kit("get", "nope");
  expect(unknown.exitCode).toBe(2);
  expect(unknown.stderr).toContain('no MCP server "nope"');
});
