import type { GetPromptResult, ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import type { Tool } from "../tools/types.ts";
import type { McpServerConfig } from "./config.ts";
import { McpConnection, type ConnectionDeps, type ServerStatus } from "./connection.ts";
import { templateArgument, templateHead } from "./resource-templates.ts";
import { mcpTool, toolAllowed, toolOutput } from "./tools.ts";

export type HubDeps = Omit<ConnectionDeps, "toolsChanged">;

/** Default seconds a headless run waits for its servers before it goes on without the late ones. */
export const STARTUP_TIMEOUT_SECONDS = 10;

/**
 * The run's MCP servers: started together, in the background, when the run starts; their tools offered
 * as `<server>__<tool>` (rebuilt when a server's list changes), their prompts and resources reachable
 * by server name, and all of them closed at shutdown.
 */
export class McpHub {
  private readonly connections: McpConnection[];
  private cachedTools: Tool[] | undefined;

  constructor(servers: McpServerConfig[], deps: HubDeps) {
    this.connections = servers.map((s) => new McpConnection(s, { ...deps, toolsChanged: () => (this.cachedTools = undefined) }));
  }

  /** Starts every server at once; resolves when each has connected or failed. */
  startAll(): Promise<void> {
    return Promise.all(this.connections.map((c) => c.start())).then(() => {});
  }

  /** Waits for the servers to start, for at most `seconds`; the names of those still starting then. */
  async waitForStartup(seconds: number): Promise<string[]> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, seconds * 1000)));
    await Promise.race([this.startAll(), timeout]);
    clearTimeout(timer);
    return this.connections.filter((c) => c.state === "starting").map((c) => c.name);
  }

  /** Why each server that needs an OAuth login failed to start (its message names the command to run). */
  loginsNeeded(): string[] {
    return this.connections.filter((c) => c.loginNeeded).map((c) => c.error!.split("\n")[0]!);
  }

  /** Whether a server waits for a browser login (then a startup timeout would cut the user off). */
  loggingIn(): boolean {
    return this.connections.some((c) => c.loggingIn);
  }

  statuses(): ServerStatus[] {
    return this.connections.map((c) => c.status());
  }

  /** The tools of the connected servers, minus those their config leaves out. */
  tools(): Tool[] {
    this.cachedTools ??= this.connections.flatMap((c) => (c.state === "connected" ? c.tools.filter((t) => toolAllowed(c, t.name)).map((t) => mcpTool(c, t)) : []));
    return this.cachedTools;
  }

  /** ctx.callMcpTool: one call outside the agent loop, its result mapped as for the model. */
  async callTool(server: string, tool: string, args: Record<string, unknown>, signal?: AbortSignal) {
    const conn = this.connection(server);
    const out = toolOutput(await conn.callTool(tool, args, signal ?? new AbortController().signal, () => {}));
    return out;
  }

  /** Every prompt of the connected servers, with its server. */
  prompts(): { server: string; name: string; description?: string; arguments: { name: string; required?: boolean }[] }[] {
    return this.connections.flatMap((c) =>
      c.state === "connected" ? c.prompts.map((p) => ({ server: c.name, name: p.name, ...(p.description ? { description: p.description } : {}), arguments: p.arguments ?? [] })) : [],
    );
  }

  async getPrompt(server: string, name: string, args: Record<string, string>): Promise<GetPromptResult> {
    const client = await this.connection(server).ready();
    return client.getPrompt({ name, arguments: args });
  }

  async readResource(server: string, uri: string): Promise<ReadResourceResult> {
    const client = await this.connection(server).ready();
    return client.readResource({ uri });
  }

  /** The resources of the connected servers as `@mcp:` references take them: `mcp:<server>:<uri>`. */
  resourceRefs(): string[] {
    return this.connections.flatMap((c) => (c.state === "connected" ? c.resources.map((r) => `mcp:${c.name}:${r.uri}`) : []));
  }

  /** The resource templates of the connected servers, as `mcp:<server>:<uriTemplate>`, each with its reference up to its first parameter. */
  resourceTemplateRefs(): { ref: string; head: string }[] {
    return this.connections.flatMap((c) =>
      c.state === "connected" ? c.resourceTemplates.map((t) => ({ ref: `mcp:${c.name}:${t.uriTemplate}`, head: `mcp:${c.name}:${templateHead(t.uriTemplate)}` })) : [],
    );
  }

  /**
   * A typed `mcp:<server>:<uri>` that fills a parameter of one of the server's resource templates:
   * the whole references the server's completion/complete suggests for that parameter; undefined
   * when it fills none.
   */
  completeResourceRef(typed: string): Promise<string[]> | undefined {
    const ref = /^mcp:([A-Za-z0-9_-]+):(.*)$/s.exec(typed);
    const conn = ref && this.connections.find((c) => c.name === ref[1]);
    if (!conn || conn.state !== "connected" || !conn.completions) return undefined;
    for (const template of conn.resourceTemplates) {
      const argument = templateArgument(template.uriTemplate, ref[2]!);
      if (!argument) continue;
      return conn.ready().then(async (client) => {
        const result = await client.complete({
          ref: { type: "ref/resource", uri: template.uriTemplate },
          argument: { name: argument.name, value: argument.value },
          context: { arguments: argument.earlier },
        });
        return result.completion.values.map((v) => `mcp:${conn.name}:${argument.head}${v}`);
      });
    }
    return undefined;
  }

  /** completion/complete for a prompt argument: the server's suggestions for `value`; [] when it has none. */
  async completePromptArgument(server: string, prompt: string, argument: string, value: string, earlier: Record<string, string>): Promise<string[]> {
    const conn = this.connection(server);
    if (conn.state !== "connected" || !conn.completions) return [];
    const client = await conn.ready();
    const result = await client.complete({ ref: { type: "ref/prompt", name: prompt }, argument: { name: argument, value }, context: { arguments: earlier } });
    return result.completion.values;
  }

  has(server: string): boolean {
    return this.connections.some((c) => c.name === server);
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close()));
  }

  private connection(server: string): McpConnection {
    const conn = this.connections.find((c) => c.name === server);
    if (!conn) throw new Error(`no MCP server "${server}"; the servers are ${this.connections.map((c) => c.name).join(", ") || "none (see kit mcp list)"}`);
    return conn;
  }
}
