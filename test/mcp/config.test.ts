import { beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/config.ts";
import { UsageError } from "../../src/errors.ts";
import { mcpServersOf, parseServerEntry } from "../../src/mcp/config.ts";
import { tempDir } from "../support/temp-dir.ts";

let home: string;
let project: string;
beforeEach(() => {
  home = tempDir("kit-home-");
  project = tempDir("kit-proj-");
});
const env = (extra: Record<string, string> = {}) => ({ HOME: home, XDG_CONFIG_HOME: join(home, ".config"), ...extra });
function servers(flags: Record<string, any> = {}, extraEnv: Record<string, string> = {}) {
  const config = loadConfig({ cwd: project, env: env(extraEnv), flags });
  return mcpServersOf(config, project, env(extraEnv));
}
function writeGlobal(text: string) {
  mkdirSync(join(home, ".config", "kit"), { recursive: true });
  writeFileSync(join(home, ".config", "kit", "config.yml"), text);
}

describe("mcpServers entries", () => {
  test("kit's form: local argv with environment and cwd; remote with headers; allowed/excluded tools, timeout", () => {
    expect(parseServerEntry("db", { type: "local", command: ["npx", "-y", "db-mcp"], environment: { TOKEN: "t" }, cwd: "/srv", timeout: 30 }, "f")).toEqual({
      name: "db",
      origin: "f",
      type: "local",
      command: ["npx", "-y", "db-mcp"],
      environment: { TOKEN: "t" },
      cwd: "/srv",
      timeout: 30,
    });
    expect(parseServerEntry("api", { type: "remote", url: "https://x.test/mcp", headers: { A: "b" }, allowedTools: ["q"], excludedTools: ["w"] }, "f")).toEqual({
      name: "api",
      origin: "f",
      type: "remote",
      url: "https://x.test/mcp",
      headers: { A: "b" },
      allowedTools: ["q"],
      excludedTools: ["w"],
    });
  });

  test("kit's legacy form (transport, command string, args, env) and Claude Code's .mcp.json form are read", () => {
    expect(parseServerEntry("old", { transport: "stdio", command: "python", args: ["srv.py"], env: { K: "v" } }, "f")).toMatchObject({ type: "local", command: ["python", "srv.py"], environment: { K: "v" } });
    expect(parseServerEntry("cc", { command: "node", args: ["s.js"] }, "f")).toMatchObject({ type: "local", command: ["node", "s.js"] });
    expect(parseServerEntry("h", { type: "http", url: "http://127.0.0.1:1/mcp" }, "f")).toMatchObject({ type: "remote" });
    expect(parseServerEntry("s", { type: "sse", url: "http://127.0.0.1:1/sse" }, "f")).toMatchObject({ type: "sse" });
    expect(parseServerEntry("off", { command: "x", enabled: false }, "f")).toBeUndefined();
  });

  test("bad entries are usage errors naming the entry and what to write", () => {
    const bad: [string, unknown, string][] = [
      ["a", { type: "local" }, "mcpServers.a.command must be the server's command line"],
      ["b", { type: "remote", url: "ftp://x" }, "mcpServers.b.url must be an http:// or https:// URL"],
      ["c", { type: "pipe", command: "x" }, "mcpServers.c.type must be local"],
      ["d", { command: "x", timeout: -1 }, "mcpServers.d.timeout must be a positive number"],
      ["bad name", { command: "x" }, "a server name may use only letters"],
      ["e", "npx server", "mcpServers.e must be a mapping"],
    ];
    for (const [name, raw, message] of bad) {
      expect(() => parseServerEntry(name, raw, "f")).toThrow(UsageError);
      expect(() => parseServerEntry(name, raw, "f")).toThrow(message);
    }
  });
});

describe("the servers of a run", () => {
  test("the project's entry of a name replaces the global one, enabled: false drops it, --no-mcp drops all", () => {
    writeGlobal("mcpServers:\n  a: { command: [global-a] }\n  b: { command: [global-b] }\n");
    writeFileSync(join(project, ".kit.yml"), "mcpServers:\n  a: { command: [project-a] }\n  b: { command: [x], enabled: false }\n");
    expect(servers().map((s) => [s.name, s.type === "local" ? s.command[0] : ""])).toEqual([["a", "project-a"]]);
    expect(servers({ "no-mcp": true })).toEqual([]);
  });

  test("--mcp-config adds the servers of a Claude Code .mcp.json; header values may use ${env://VAR}", () => {
    writeFileSync(join(project, ".mcp.json"), JSON.stringify({ mcpServers: { web: { type: "http", url: "http://127.0.0.1:9/mcp", headers: { Authorization: "Bearer ${env://TOKEN}" } } } }));
    const [web] = servers({ "mcp-config": [".mcp.json"] }, { TOKEN: "s3cret" });
    expect(web).toMatchObject({ name: "web", type: "remote", headers: { Authorization: "Bearer s3cret" }, origin: "--mcp-config .mcp.json" });
  });

  test("an --mcp-config file without mcpServers says what it should hold", () => {
    writeFileSync(join(project, "x.json"), "{}");
    expect(() => servers({ "mcp-config": ["x.json"] })).toThrow('the file has no "mcpServers" mapping');
  });
});
