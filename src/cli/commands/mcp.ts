/**
 * `kit mcp list|get|add|remove` (spec/cli.md, Subcommands): the MCP servers of the config files.
 * list and get start the servers as a run does, so the state and counts they show are what a run gets.
 */
import { defineCommand } from "citty";
import type { FlagValues } from "../../config/coerce.ts";
import { loadConfig } from "../../config/config.ts";
import { configSkippingUntrusted, trustProjectServer } from "../../app/project-trust.ts";
import { EXIT } from "../../errors.ts";
import { countOf } from "../../plural.ts";
import { mcpServersOf, parseServerEntry, type McpServerConfig } from "../../mcp/config.ts";
import { addServerEntry, globalConfigPath, hasServerEntry, projectConfigPath, removeServerEntry } from "../../mcp/config-edit.ts";
import { McpHub, STARTUP_TIMEOUT_SECONDS } from "../../mcp/hub.ts";
import { forgetLogin } from "../../mcp/oauth.ts";
import { redactUrl } from "../../llm/base-url.ts";
import { version } from "../../../package.json";

const out = (line: string) => process.stdout.write(line + "\n");
const err = (line: string) => process.stderr.write(line + "\n");

const CONFIG_ARGS = {
  config: { type: "string", valueHint: "FILE", description: "use only this config file" },
  "mcp-config": { type: "string", valueHint: "FILE", description: "also read the servers of this file (kit config or .mcp.json)" },
  "trust-project": { type: "boolean", description: "start this project's servers although it is not trusted (see 'kit trust')" },
} as const;

/** The configured servers started together (as a run starts them), for at most the startup timeout. */
async function startedHub(servers: McpServerConfig[], timeout: number, dataDir: string, canLogIn = false): Promise<McpHub> {
  const hub = new McpHub(servers, {
    cwd: process.cwd(),
    env: process.env,
    version,
    dataDir,
    canLogIn,
    showLoginUrl: (server, url) => err(`MCP server ${server} needs a login: open this URL in a browser (kit waits for it):\n${url}`),
    // A failure is shown in the table; reporting it as it happens too would say it twice.
    report: () => {},
    requests: {
      sample: async () => {
        throw new Error("kit mcp answers no sampling requests; run kit to use the model");
      },
    },
  });
  await hub.waitForStartup(timeout);
  if (hub.loggingIn()) await hub.startAll();
  return hub;
}

function configured(args: { config?: string; "mcp-config"?: string; "trust-project"?: boolean }): { servers: McpServerConfig[]; timeout: number; dataDir: string } {
  const flags: FlagValues = args["mcp-config"] ? { "mcp-config": [args["mcp-config"]] } : {};
  const load = { cwd: process.cwd(), env: process.env, flags, ...(args.config ? { explicitFile: args.config } : {}) };
  // Starting a server runs its command: an untrusted project's servers are skipped, as in a run.
  const config = configSkippingUntrusted(load, err, args["trust-project"] === true);
  return { servers: mcpServersOf(config, process.cwd(), process.env), timeout: config.number("mcp-startup-timeout") ?? STARTUP_TIMEOUT_SECONDS, dataDir: config.paths.dataDir };
}

/** Columns padded to their widest cell; the last column is not padded. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]! + 2))).join("").trimEnd());
}

const list = defineCommand({
  meta: { name: "list", description: "Each configured MCP server: state, transport, tool/prompt/resource counts, the error if it failed; exit 1 if one failed" },
  args: CONFIG_ARGS,
  run: async ({ args }) => {
    const { servers, timeout, dataDir } = configured(args);
    if (servers.length === 0) {
      out("No MCP servers configured. Add one with: kit mcp add <name> -- <command…>  or  kit mcp add <name> --url URL");
      return EXIT.ok;
    }
    const hub = await startedHub(servers, timeout, dataDir);
    const statuses = hub.statuses();
    out(table(statuses.map((s) => [s.name, s.state === "starting" ? `not started within ${timeout} s` : s.state, s.transport, `${countOf(s.tools, "tool")}, ${countOf(s.prompts, "prompt")}, ${countOf(s.resources, "resource")}`])).join("\n"));
    for (const s of statuses) if (s.error) err(s.error);
    await hub.closeAll();
    return statuses.every((s) => s.state === "connected") ? EXIT.ok : EXIT.runFailed;
  },
});

const get = defineCommand({
  meta: { name: "get", description: "One MCP server: its config (secrets masked), state, and its tools with their descriptions, prompts and resources" },
  args: { name: { type: "positional", required: true, description: "the server's name" }, ...CONFIG_ARGS },
  run: async ({ args }) => {
    const { servers, timeout, dataDir } = configured(args);
    const server = servers.find((s) => s.name === args.name);
    if (!server) {
      err(`kit mcp get: no MCP server "${args.name}"; ${servers.length ? `the servers are ${servers.map((s) => s.name).join(", ")}` : "none is configured (kit mcp add)"}`);
      return EXIT.usage;
    }
    for (const line of describeConfig(server)) out(line);
    // The command a user runs to log in to a remote server: it may show a login URL and wait for the browser.
    const hub = await startedHub([server], timeout, dataDir, true);
    const [status] = hub.statuses();
    out(`state: ${status!.state}`);
    if (status!.error) err(status!.error);
    const conn = hub.tools();
    if (conn.length) out(`tools:\n${conn.map((t) => `  ${t.name}  ${firstLine(t.description)}`).join("\n")}`);
    const prompts = hub.prompts();
    if (prompts.length) out(`prompts:\n${prompts.map((p) => `  /${p.server}:${p.name}  ${firstLine(p.description ?? "")}`).join("\n")}`);
    await hub.closeAll();
    return status!.state === "connected" ? EXIT.ok : EXIT.runFailed;
  },
});

function firstLine(text: string): string {
  return text.split("\n")[0]!.trim();
}

/** A server's config as `kit mcp get` prints it: header and environment values masked, never shown. */
function describeConfig(s: McpServerConfig): string[] {
  const lines = [`${s.name}`];
  if (s.type === "local") {
    lines.push(`  type: local`, `  command: ${s.command.join(" ")}`);
    if (s.cwd) lines.push(`  cwd: ${s.cwd}`);
    for (const key of Object.keys(s.environment)) lines.push(`  environment: ${key}=****`);
  } else {
    lines.push(`  type: ${s.type}`, `  url: ${redactUrl(s.url)}`);
    for (const key of Object.keys(s.headers)) lines.push(`  header: ${key}: ****`);
  }
  if (s.allowedTools) lines.push(`  allowedTools: ${s.allowedTools.join(", ")}`);
  if (s.excludedTools) lines.push(`  excludedTools: ${s.excludedTools.join(", ")}`);
  if (s.timeout) lines.push(`  timeout: ${s.timeout} s`);
  return lines;
}

const ADD_USAGE = "kit mcp add <name> [-l] [--env K=V] -- <command…>   or   kit mcp add <name> [-l] --url URL [--header 'K: V']";

/** `add`'s words, read by hand: everything after `--` is the server's command line, flags included. */
function parseAddArgs(raw: string[]): { name: string; local: boolean; entry: Record<string, unknown> } | { error: string } {
  const dash = raw.indexOf("--");
  const own = dash >= 0 ? raw.slice(0, dash) : raw;
  const command = dash >= 0 ? raw.slice(dash + 1) : [];
  let name: string | undefined;
  let url: string | undefined;
  let local = false;
  const headers: Record<string, string> = {};
  const environment: Record<string, string> = {};
  for (let i = 0; i < own.length; i++) {
    const word = own[i]!;
    const value = () => own[++i] ?? "";
    if (word === "-l" || word === "--local") local = true;
    else if (word === "--url") url = value();
    else if (word === "--header" || word === "-H") {
      const header = value();
      const colon = header.indexOf(":");
      if (colon <= 0) return { error: `--header takes "Name: value", got "${header.slice(0, 40)}"` };
      headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
    } else if (word === "--env") {
      const pair = value();
      const eq = pair.indexOf("=");
      if (eq <= 0) return { error: `--env takes NAME=value, got "${pair.split("=")[0]}"` };
      environment[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (word.startsWith("-")) return { error: `unknown option ${word}` };
    else if (name === undefined) name = word;
    else return { error: `unexpected "${word}" (put the server's command after --)` };
  }
  if (!name) return { error: "missing the server's name" };
  if (url && command.length) return { error: "give either --url or a command after --, not both" };
  if (!url && command.length === 0) return { error: "missing the server's command (after --) or --url" };
  const entry: Record<string, unknown> = url ? { type: "remote", url } : { type: "local", command };
  if (Object.keys(headers).length) entry.headers = headers;
  if (Object.keys(environment).length) entry.environment = environment;
  return { name, local, entry };
}

const add = defineCommand({
  meta: { name: "add", description: `Add an MCP server to the global config (-l: the project's .kit.yml): ${ADD_USAGE}` },
  args: {
    name: { type: "positional", required: true, description: "the server's name (prefixes its tools: <name>__<tool>)" },
    local: { type: "boolean", alias: "l", description: "write the project config (./.kit.yml) instead of the global one" },
    url: { type: "string", valueHint: "URL", description: "a remote server (streamable HTTP, SSE for old servers)" },
    header: { type: "string", valueHint: "'K: V'", description: "an HTTP header of a remote server (repeatable; ${env://VAR} allowed)" },
    env: { type: "string", valueHint: "K=V", description: "an environment variable of a local server (repeatable)" },
  },
  run: ({ rawArgs }) => {
    const parsed = parseAddArgs(rawArgs);
    if ("error" in parsed) {
      err(`kit mcp add: ${parsed.error}. Usage: ${ADD_USAGE}`);
      return EXIT.usage;
    }
    // The entry is checked as a run would read it, so what is written is what runs.
    parseServerEntry(parsed.name, parsed.entry, "kit mcp add");
    const path = parsed.local ? projectConfigPath(process.cwd()) : globalConfigPath(loadConfig({ cwd: process.cwd(), env: process.env, flags: {} }).paths);
    const replaced = addServerEntry(path, parsed.name, parsed.entry);
    // The user wrote this server into the project: it starts without asking (the rest of the project keeps its trust).
    if (parsed.local) trustProjectServer(process.cwd(), process.env, parsed.name);
    out(`${replaced ? "Replaced" : "Added"} MCP server ${parsed.name} in ${path}`);
    return EXIT.ok;
  },
});

const remove = defineCommand({
  meta: { name: "remove", description: "Remove an MCP server from the project config (-l) or, if it is not there, the global one" },
  args: {
    name: { type: "positional", required: true, description: "the server's name" },
    local: { type: "boolean", alias: "l", description: "only from the project config" },
  },
  run: ({ args }) => {
    const project = projectConfigPath(process.cwd());
    const global = globalConfigPath(loadConfig({ cwd: process.cwd(), env: process.env, flags: {} }).paths);
    const candidates = args.local ? [project] : [project, global];
    const path = candidates.find((p) => hasServerEntry(p, args.name));
    if (!path) {
      err(`kit mcp remove: no MCP server "${args.name}" in ${candidates.join(" or ")} (kit mcp list shows the configured ones)`);
      return EXIT.usage;
    }
    removeServerEntry(path, args.name);
    out(`Removed MCP server ${args.name} from ${path}`);
    return EXIT.ok;
  },
});

const logout = defineCommand({
  meta: { name: "logout", description: "Forget the OAuth login (tokens and client registration) of a remote MCP server" },
  args: { name: { type: "positional", required: true, description: "the server's name" } },
  run: ({ args }) => {
    const { dataDir } = loadConfig({ cwd: process.cwd(), env: process.env, flags: {} }).paths;
    if (!forgetLogin(dataDir, args.name)) {
      out(`MCP server ${args.name} has no stored login.`);
      return EXIT.ok;
    }
    out(`Logged out of MCP server ${args.name}: its tokens were deleted.`);
    return EXIT.ok;
  },
});

export const mcpCommand = defineCommand({
  meta: { name: "kit mcp", description: "List, inspect, add and remove MCP servers (config key mcpServers); log out of one" },
  subCommands: { list, get, add, remove, logout },
});
