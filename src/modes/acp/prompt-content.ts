import { fileURLToPath } from "node:url";
import type { ContentBlock } from "@agentclientprotocol/sdk";
import { buildUserMessage, fileAttachment } from "../../app/prompt-input.ts";
import type { Part } from "../../llm/types.ts";

export interface PromptInput {
  text: string;
  /** Files and images, which go before the text (as `@file` attachments do). */
  attachments: Part[];
  /** Things the user should know (a linked file that could not be attached). */
  warnings: string[];
}

/**
 * A session/prompt's content blocks as a kit prompt: text joined, images as image parts, a resource
 * link to a file attached as `@file` is, an embedded resource (an editor's buffer or selection) as
 * that file's text. Links to anything but a file stay in the text, as a Markdown link.
 */
export function promptInput(blocks: readonly ContentBlock[], cwd: string): PromptInput {
  const text: string[] = [];
  const attachments: Part[] = [];
  const warnings: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "text":
        text.push(block.text);
        break;
      case "image":
        attachments.push({ type: "image", mediaType: block.mimeType, data: block.data });
        break;
      case "resource_link": {
        const path = filePath(block.uri);
        if (!path) {
          text.push(`[${block.name}](${block.uri})`);
          break;
        }
        const attached = buildUserMessage([`@${path}`], undefined, cwd);
        attachments.push(...attached.attachments);
        warnings.push(...attached.warnings);
        break;
      }
      case "resource": {
        const resource = block.resource;
        if ("text" in resource) attachments.push(fileAttachment(filePath(resource.uri) ?? resource.uri, resource.text));
        else if (resource.mimeType?.startsWith("image/")) attachments.push({ type: "image", mediaType: resource.mimeType, data: resource.blob });
        else warnings.push(`${resource.uri}: binary content (${resource.mimeType ?? "unknown type"}) was not attached`);
        break;
      }
      case "audio":
        warnings.push("audio in a prompt is not supported; it was left out");
        break;
    }
  }
  return { text: text.join("\n"), attachments, warnings };
}

function filePath(uri: string): string | undefined {
  if (uri.startsWith("/")) return uri;
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
