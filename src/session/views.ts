import { partsText } from "../llm/message-text.ts";
import { entryText } from "./entry-text.ts";
import type { ExtensionDataEntry, MessageEntry, SessionEntry, SessionMessage, TreeNode, ExtensionEntry } from "./types.ts";

/** Entries as the shapes of the extension contract (types.ts): what the store hands to ctx.* calls. */

export function toTreeNode(e: SessionEntry, children: string[]): TreeNode {
  const node: TreeNode = { id: e.id, parentId: e.parentId, type: e.type, content: entryText(e), timestamp: e.timestamp, children };
  if (e.type === "message") {
    node.role = e.role;
    if (e.model !== undefined) node.model = e.model;
    if (e.provider !== undefined) node.provider = e.provider;
  } else if (e.type === "model_change") {
    node.model = e.model;
    node.provider = e.provider;
  }
  return node;
}

/** A message with its content as text. */
export function toSessionMessage(e: MessageEntry): SessionMessage {
  const m: SessionMessage = { id: e.id, parentId: e.parentId, role: e.role, content: partsText(e.content), timestamp: e.timestamp };
  if (e.model !== undefined) m.model = e.model;
  if (e.provider !== undefined) m.provider = e.provider;
  return m;
}

export function toExtensionEntry(e: ExtensionDataEntry): ExtensionEntry {
  return { id: e.id, entryType: e.extType, data: e.data, timestamp: e.timestamp };
}
