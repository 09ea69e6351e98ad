import type { McpServer } from "@agentclientprotocol/sdk";
import { parseServerEntry, type McpServerConfig } from "../../mcp/config.ts";

/**
 * The MCP servers an ACP client passes with session/new or session/load, as kit's server entries (the
 * shapes of a Claude Code .mcp.json, which kit's config already reads), so they connect as configured
 * ones do. A bad entry is a UsageError naming it.
 */
export function clientMcpServers(servers: readonly McpServer[]): McpServerConfig[] {
  const origin = "the ACP client's session";
  return servers.flatMap((server) => {
    const byName = (pairs: readonly { name: string; value: string }[]) => Object.fromEntries(pairs.map((p) => [p.name, p.value]));
    const raw =
      "type" in server && (server.type === "http" || server.type === "sse")
        ? { type: server.type, url: server.url, headers: byName(server.headers) }
        : { type: "stdio", command: server.command, args: server.args, env: byName(server.env) };
    const parsed = parseServerEntry(server.name, raw, origin);
    return parsed ? [parsed] : [];
  });
}
