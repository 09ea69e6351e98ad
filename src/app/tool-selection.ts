import type { Config } from "../config/config.ts";
import { UsageError } from "../errors.ts";
import type { Tool } from "../tools/types.ts";

/**
 * Applies --no-core-tools, --include-core-tools and --exclude-core-tools (the last two exclude each
 * other). Unknown names are a usage error listing the real ones, so a typo never silently drops a tool.
 */
export function selectCoreTools(all: Tool[], config: Config): Tool[] {
  const include = config.list("include-core-tools");
  const exclude = config.list("exclude-core-tools");
  if (include.length && exclude.length) {
    throw new UsageError("--include-core-tools and --exclude-core-tools cannot be used together: pick one");
  }
  if (config.bool("no-core-tools")) return [];
  const names = new Set(all.map((t) => t.name));
  for (const name of [...include, ...exclude]) {
    if (!names.has(name)) throw new UsageError(`unknown core tool "${name}": the core tools are ${[...names].join(", ")}`);
  }
  if (include.length) return all.filter((t) => include.includes(t.name));
  if (exclude.length) return all.filter((t) => !exclude.includes(t.name));
  return all;
}

/**
 * The allow-list of ctx.setActiveTools: which of the session's tools the model is offered. None
 * (null, or an empty list) offers every tool; the turn asks at every model call, so a change
 * applies from the next call on.
 */
export class ToolAllowList {
  private names: string[] | null = null;

  set(names: string[] | null): void {
    this.names = names && names.length ? [...names] : null;
  }

  /** The tools of `all` offered now. */
  offered(all: Tool[]): Tool[] {
    return this.names ? all.filter((t) => this.names!.includes(t.name)) : all;
  }

  /** ctx.getAllTools: each tool, whether it is a core tool, an MCP server's or an extension's, and whether it is offered. */
  describe(all: Tool[], coreTools: Tool[], mcpTools: Tool[] = []) {
    const core = new Set(coreTools.map((t) => t.name));
    const mcp = new Set(mcpTools.map((t) => t.name));
    return all.map((t) => ({
      name: t.name,
      description: t.description,
      source: core.has(t.name) ? ("core" as const) : mcp.has(t.name) ? ("mcp" as const) : ("extension" as const),
      enabled: !this.names || this.names.includes(t.name),
    }));
  }
}
