import type { GetPromptResult, ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { UsageError } from "../errors.ts";
import type { ImagePart, Part } from "../llm/types.ts";
import type { McpHub } from "../mcp/hub.ts";

/** `@mcp:<server>:<uri>` at the start of the text or after whitespace: an MCP resource to attach. */
export const MCP_RESOURCE_REFERENCE = /(^|\s)@mcp:([A-Za-z0-9_-]+):(\S+)/g;

/** `/<server>:<prompt> args`: the name of an MCP prompt as a slash command. */
const PROMPT_COMMAND = /^\/([A-Za-z0-9_-]+):(\S+)(?:\s+([\s\S]*))?$/;

export interface McpExpansion {
  text: string;
  /** The resources attached (text as <resource uri="…">…</resource>, images as image parts), before the text. */
  attachments: Part[];
}

/**
 * The MCP parts of an input: `/<server>:<prompt> args` becomes the prompt's messages, and each
 * `@mcp:<server>:<uri>` attaches that resource. A prompt or resource that cannot be had is a
 * UsageError naming it, so nothing is sent to the model with a hole in it.
 */
export async function expandMcpInput(text: string, hub: McpHub): Promise<McpExpansion> {
  const command = text.match(PROMPT_COMMAND);
  if (command && hub.has(command[1]!)) text = await runPrompt(hub, command[1]!, command[2]!, command[3] ?? "");
  const attachments: Part[] = [];
  for (const match of text.matchAll(MCP_RESOURCE_REFERENCE)) {
    const [, , server, uri] = match;
    if (!hub.has(server!)) throw new UsageError(`@mcp:${server}:${uri}: there is no MCP server "${server}" (see kit mcp list)`);
    let resource: ReadResourceResult;
    try {
      resource = await hub.readResource(server!, uri!);
    } catch (err) {
      throw new UsageError(`@mcp:${server}:${uri}: ${(err as Error).message}`);
    }
    attachments.push(...resourceParts(resource));
  }
  return { text, attachments };
}

async function runPrompt(hub: McpHub, server: string, name: string, rest: string): Promise<string> {
  const prompt = hub.prompts().find((p) => p.server === server && p.name === name);
  if (!prompt) {
    const names = hub.prompts().filter((p) => p.server === server).map((p) => `/${server}:${p.name}`);
    throw new UsageError(`MCP server ${server} has no prompt "${name}"${names.length ? `; its prompts are ${names.join(", ")}` : " (it may not have started: see kit mcp list)"}`);
  }
  const args = promptArguments(prompt.arguments, rest);
  const missing = prompt.arguments.filter((a) => a.required && args[a.name] === undefined).map((a) => a.name);
  if (missing.length) {
    const usage = prompt.arguments.map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`)).join(" ");
    throw new UsageError(`/${server}:${name} needs ${missing.join(", ")}: /${server}:${name} ${usage} (or name=value)`);
  }
  let result: GetPromptResult;
  try {
    result = await hub.getPrompt(server, name, args);
  } catch (err) {
    throw new UsageError(`/${server}:${name}: ${(err as Error).message}`);
  }
  return result.messages.map((m) => messageText(m.content)).join("\n\n");
}

/**
 * The arguments of a prompt command: `name=value` words by name; otherwise the words in the order the
 * prompt declares its arguments, the last one taking the rest of the line.
 */
function promptArguments(declared: { name: string }[], rest: string): Record<string, string> {
  const words = rest.trim() === "" ? [] : rest.trim().split(/\s+/);
  if (words.length && words.every((w) => /^[A-Za-z0-9_-]+=/.test(w))) {
    return Object.fromEntries(words.map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]));
  }
  const args: Record<string, string> = {};
  declared.forEach((a, i) => {
    const value = i === declared.length - 1 ? words.slice(i).join(" ") : words[i];
    if (value) args[a.name] = value;
  });
  return args;
}

function messageText(content: GetPromptResult["messages"][number]["content"]): string {
  switch (content.type) {
    case "text":
      return content.text;
    case "resource":
      return "text" in content.resource ? `<resource uri="${content.resource.uri}">\n${content.resource.text}\n</resource>` : `[resource ${content.resource.uri}]`;
    case "resource_link":
      return `[resource ${content.uri}]`;
    default:
      return `[${content.type}]`;
  }
}

function resourceParts(resource: ReadResourceResult): Part[] {
  return resource.contents.map((c): Part => {
    if ("text" in c && typeof c.text === "string") return { type: "text", text: `<resource uri="${c.uri}">\n${c.text.endsWith("\n") ? c.text : c.text + "\n"}</resource>` };
    const blob = "blob" in c && typeof c.blob === "string" ? c.blob : "";
    if (c.mimeType?.startsWith("image/")) return { type: "image", mediaType: c.mimeType, data: blob } satisfies ImagePart;
    return { type: "text", text: `<resource uri="${c.uri}" mimeType="${c.mimeType ?? "unknown"}">[binary, ${Math.floor((blob.length * 3) / 4)} bytes, not attached]</resource>` };
  });
}
