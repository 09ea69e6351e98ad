import type { CallToolResult, Tool as McpTool } from "@modelcontextprotocol/sdk/types.js";
import type { ToolResultBlock } from "../llm/types.ts";
import { cutLine, LIMITS_TEXT, truncateHead } from "../tools/truncate.ts";
import type { Tool, ToolOutput } from "../tools/types.ts";
import type { McpConnection } from "./connection.ts";

/** `<server>__<tool>`: the name the model sees; characters providers refuse in tool names become "_". */
export function mcpToolName(server: string, tool: string): string {
  return `${server}__${tool}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
}

/** Whether the server's config lets the model see this tool (allowedTools, then excludedTools). */
export function toolAllowed(conn: McpConnection, tool: string): boolean {
  const { allowedTools, excludedTools } = conn.config;
  if (allowedTools && !allowedTools.includes(tool)) return false;
  return !excludedTools?.includes(tool);
}

/**
 * An MCP server's tool as kit runs it: the server's JSON Schema as parameters (checked by the same
 * tool gate as every tool), `readOnlyHint` letting it run in parallel like kit's read-only tools,
 * progress notifications streamed as tool output, and the abort signal cancelling the request
 * (the SDK sends notifications/cancelled).
 */
export function mcpTool(conn: McpConnection, tool: McpTool): Tool {
  const readOnly = tool.annotations?.readOnlyHint === true;
  return {
    name: mcpToolName(conn.name, tool.name),
    description: tool.description ?? tool.title ?? `${tool.name} (MCP server ${conn.name})`,
    parameters: tool.inputSchema as Record<string, unknown>,
    kind: readOnly ? "read" : "execute",
    readOnly,
    async execute(args, run) {
      const result = await conn.callTool(tool.name, args, run.signal, (line) => run.onOutput(line + "\n", false));
      return toolOutput(result);
    },
  };
}

/**
 * A tools/call result as a tool result: text as text, images as images, resource links and embedded
 * resources as text naming them (embedded text included), `structuredContent` as JSON when there is no
 * content to carry it, and `isError` as an error. Text is truncated like the built-in tools' output.
 */
export function toolOutput(result: CallToolResult): ToolOutput {
  const texts: string[] = [];
  const images: ToolResultBlock[] = [];
  for (const block of result.content ?? []) {
    switch (block.type) {
      case "text":
        texts.push(block.text);
        break;
      case "image":
        images.push({ type: "image", mediaType: block.mimeType, data: block.data });
        break;
      case "audio":
        texts.push(`[audio ${block.mimeType}, not shown]`);
        break;
      case "resource_link":
        texts.push(`[resource ${block.uri}${block.name ? ` "${block.name}"` : ""}${block.description ? `: ${block.description}` : ""}]`);
        break;
      case "resource": {
        const r = block.resource;
        texts.push("text" in r && typeof r.text === "string" ? `[resource ${r.uri}]\n${r.text}` : `[resource ${r.uri}${r.mimeType ? ` (${r.mimeType})` : ""}, binary, not shown]`);
        break;
      }
    }
  }
  if (result.structuredContent !== undefined && texts.length === 0) texts.push(JSON.stringify(result.structuredContent, null, 2));
  const text = truncated(texts.join("\n"));
  const details = result.structuredContent !== undefined ? { structuredContent: result.structuredContent } : undefined;
  const content: string | ToolResultBlock[] = images.length ? [...(text ? [{ type: "text" as const, text }] : []), ...images] : text;
  return { content, isError: result.isError === true, ...(details ? { details } : {}) };
}

function truncated(text: string): string {
  const lines = text.split("\n").map(cutLine);
  const head = truncateHead(lines);
  if (!head.truncated) return head.text;
  return `${head.text}\n\n[Output truncated at ${LIMITS_TEXT}: showing ${head.keptLines} of ${lines.length} lines.]`;
}
