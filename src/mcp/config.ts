import { resolve } from "node:path";
import type { Config } from "../config/config.ts";
import { readConfigFile } from "../config/file.ts";
import { UsageError } from "../errors.ts";
import { redactUrl } from "../llm/base-url.ts";

interface ServerCommon {
  name: string;
  /** Only these tools of the server are offered (names as the server gives them). */
  allowedTools?: string[];
  excludedTools?: string[];
  /** Seconds one tool call may take before it is cancelled; undefined = the SDK's default (60 s, reset by progress). */
  timeout?: number;
  /** Where the entry was written, for messages ("/home/u/.config/kit/config.yml", "--mcp-config .mcp.json"). */
  origin: string;
}

/** A server kit starts as a child process and speaks to over stdio. */
export interface LocalServer extends ServerCommon {
  type: "local";
  command: string[];
  environment: Record<string, string>;
  cwd?: string;
}

/** A server at a URL: streamable HTTP, falling back to SSE for old servers (`sse` skips the first try). */
export interface RemoteServer extends ServerCommon {
  type: "remote" | "sse";
  url: string;
  headers: Record<string, string>;
}

export type McpServerConfig = LocalServer | RemoteServer;

/**
 * The MCP servers of a run: `mcpServers` of the config files (the project's entry of a name replaces
 * the global one), then each `--mcp-config FILE`; none with `--no-mcp`. Disabled entries are left out.
 */
export function mcpServersOf(config: Config, cwd: string, env: NodeJS.ProcessEnv): McpServerConfig[] {
  if (config.bool("no-mcp")) return [];
  const byName = new Map<string, McpServerConfig>();
  const add = (entries: Record<string, unknown>, origin: string) => {
    for (const [name, raw] of Object.entries(entries)) {
      const server = parseServerEntry(name, raw, origin);
      if (server) byName.set(name, server);
      else byName.delete(name);
    }
  };
  add(config.mcpServers, "mcpServers");
  for (const file of config.list("mcp-config")) {
    const path = resolve(cwd, file);
    const values = readConfigFile(path, env).values;
    const servers = values.mcpServers;
    if (typeof servers !== "object" || servers === null || Array.isArray(servers)) {
      throw new UsageError(`--mcp-config ${file}: the file has no "mcpServers" mapping (expected { "mcpServers": { "name": { "command": …, "args": […] } } })`);
    }
    add(servers as Record<string, unknown>, `--mcp-config ${file}`);
  }
  return [...byName.values()];
}

/** A server name is part of every tool name (`<server>__<tool>`), so it is kept to what tool names allow. */
const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * One `mcpServers` entry in any of the accepted shapes: kit's (`type: local|remote`, `command: [argv…]`,
 * `environment`), kit's legacy one (`transport`, `command` string, `args`, `env`) and Claude Code's
 * `.mcp.json` (`command`, `args`, `env`; `type: http|sse|stdio`, `url`, `headers`). Undefined for
 * `enabled: false`; a UsageError naming the entry for anything malformed.
 */
export function parseServerEntry(name: string, raw: unknown, origin: string): McpServerConfig | undefined {
  const where = `${origin}: mcpServers.${name}`;
  if (!SERVER_NAME.test(name)) throw new UsageError(`${where}: a server name may use only letters, digits, "-" and "_" (it prefixes the tool names)`);
  if (!isRecord(raw)) throw new UsageError(`${where} must be a mapping (e.g. { type: local, command: [npx, -y, my-server] })`);
  if (raw.enabled === false) return undefined;
  const common: ServerCommon = { name, origin };
  const allowed = stringList(raw.allowedTools, `${where}.allowedTools`);
  const excluded = stringList(raw.excludedTools, `${where}.excludedTools`);
  if (allowed) common.allowedTools = allowed;
  if (excluded) common.excludedTools = excluded;
  if (raw.timeout !== undefined) {
    if (typeof raw.timeout !== "number" || !(raw.timeout > 0)) throw new UsageError(`${where}.timeout must be a positive number of seconds`);
    common.timeout = raw.timeout;
  }
  const kind = String(raw.type ?? raw.transport ?? (raw.url !== undefined ? "remote" : "local"));
  if (kind === "local" || kind === "stdio") {
    const command = commandOf(raw, where);
    const environment = stringMap(raw.environment ?? raw.env, `${where}.environment`);
    const server: LocalServer = { ...common, type: "local", command, environment };
    if (raw.cwd !== undefined) {
      if (typeof raw.cwd !== "string") throw new UsageError(`${where}.cwd must be a directory path`);
      server.cwd = raw.cwd;
    }
    return server;
  }
  if (kind === "remote" || kind === "http" || kind === "streamable-http" || kind === "streamableHttp" || kind === "sse") {
    if (typeof raw.url !== "string" || !/^https?:\/\//.test(raw.url)) throw new UsageError(`${where}.url must be an http:// or https:// URL`);
    return { ...common, type: kind === "sse" ? "sse" : "remote", url: raw.url, headers: stringMap(raw.headers, `${where}.headers`) };
  }
  throw new UsageError(`${where}.type must be local (a command kit starts) or remote (a URL), not "${kind}"`);
}

function commandOf(raw: Record<string, unknown>, where: string): string[] {
  const args = stringList(raw.args, `${where}.args`) ?? [];
  if (typeof raw.command === "string" && raw.command.trim() !== "") return [raw.command, ...args];
  const argv = stringList(raw.command, `${where}.command`);
  if (!argv || argv.length === 0) throw new UsageError(`${where}.command must be the server's command line, e.g. [npx, -y, @modelcontextprotocol/server-everything]`);
  return [...argv, ...args];
}

function stringList(v: unknown, where: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s === "object")) throw new UsageError(`${where} must be a list of strings`);
  return v.map(String);
}

function stringMap(v: unknown, where: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isRecord(v) || Object.values(v).some((s) => typeof s === "object")) throw new UsageError(`${where} must be a mapping of names to strings`);
  return Object.fromEntries(Object.entries(v).map(([k, s]) => [k, String(s)]));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** How a server is reached, for lists: "stdio: npx -y server" or "http: https://…" (header and env values, and a URL's key, never shown). */
export function describeTransport(server: McpServerConfig): string {
  return server.type === "local" ? `stdio: ${server.command.join(" ")}` : `${server.type === "sse" ? "sse" : "http"}: ${redactUrl(server.url)}`;
}
