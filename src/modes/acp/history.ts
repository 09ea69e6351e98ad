import type { ContentBlock, SessionUpdate } from "@agentclientprotocol/sdk";
import type { Message, Part, ToolResultPart } from "../../llm/types.ts";
import { acpKind, callArgs, callLocations, callTitle, resultContent } from "./tool-calls.ts";

/**
 * A stored conversation as the updates that replay it to the editor (session/load): the user's
 * messages, the model's text and thinking, and each tool call with its outcome, in order.
 */
export function historyUpdates(messages: readonly Message[], cwd: string): SessionUpdate[] {
  const results = new Map<string, ToolResultPart>();
  for (const m of messages) for (const part of m.content) if (part.type === "tool_result") results.set(part.toolCallId, part);
  const updates: SessionUpdate[] = [];
  for (const message of messages) {
    if (message.role === "user") {
      for (const part of message.content) {
        const content = contentOf(part);
        if (content) updates.push({ sessionUpdate: "user_message_chunk", content });
      }
    } else if (message.role === "assistant") {
      for (const part of message.content) {
        if (part.type === "reasoning" && part.text !== "") updates.push({ sessionUpdate: "agent_thought_chunk", content: { type: "text", text: part.text } });
        else if (part.type === "tool_call") {
          const args = callArgs(part.input);
          const result = results.get(part.id);
          updates.push({
            sessionUpdate: "tool_call",
            toolCallId: part.id,
            title: callTitle(part.name, args),
            kind: acpKind(part.name),
            status: result?.isError === false ? "completed" : "failed",
            locations: callLocations(part.name, args, cwd),
            rawInput: args,
            content: result ? resultContent(result) : [],
          });
        } else {
          const content = contentOf(part);
          if (content) updates.push({ sessionUpdate: "agent_message_chunk", content });
        }
      }
    }
  }
  return updates;
}

function contentOf(part: Part): ContentBlock | undefined {
  if (part.type === "text" && part.text !== "") return { type: "text", text: part.text };
  if (part.type === "image") return { type: "image", data: part.data, mimeType: part.mediaType };
  return undefined;
}
