/**
 * The in-memory session behind a MockContext: the entries an extension appends (a tree like a real
 * session's: each new entry's parent is the current leaf, navigation moves the leaf) and the
 * session-scoped key-value state. It holds no conversation: getMessages() is empty.
 */
import type { ExtensionEntry, TreeNode } from "../contract.ts";

interface Node extends TreeNode {
  entryType: string;
}

export class MockSession {
  /** Every appendEntry call, in order (what `MockContext.entries` shows). */
  readonly appended: { entryType: string; data: string }[] = [];
  readonly state = new Map<string, string>();
  private readonly nodes = new Map<string, Node>();
  private leaf: string | null = null;
  private counter = 0;

  constructor(public id: string) {}

  /** A new, empty session (ctx.newSession): entries and state start over, records kept by reference. */
  switchTo(id: string): void {
    this.id = id;
    this.appended.length = 0;
    this.state.clear();
    this.nodes.clear();
    this.leaf = null;
  }

  append(entryType: string, data: string, type = "extension_data"): string {
    if (typeof entryType !== "string") throw new TypeError("appendEntry: entryType must be a string");
    const id = `entry-${++this.counter}`;
    const node: Node = {
      id,
      parentId: this.leaf,
      type,
      entryType,
      content: String(data),
      timestamp: new Date().toISOString(),
      children: [],
    };
    if (this.leaf) this.nodes.get(this.leaf)!.children.push(id);
    this.nodes.set(id, node);
    this.leaf = id;
    if (type === "extension_data") this.appended.push({ entryType, data: String(data) });
    return id;
  }

  /** Extension entries of that type ("" = all) on the current branch, root to leaf. */
  entries(entryType: string): ExtensionEntry[] {
    return this.branchNodes()
      .filter((n) => n.type === "extension_data" && (entryType === "" || n.entryType === entryType))
      .map((n) => ({ id: n.id, entryType: n.entryType, data: n.content, timestamp: n.timestamp }));
  }

  node(id: string): TreeNode | undefined {
    const n = this.nodes.get(id);
    return n ? publicNode(n) : undefined;
  }

  branch(): TreeNode[] {
    return this.branchNodes().map(publicNode);
  }

  /** As in the app, "" lists the roots. */
  children(id: string): string[] {
    if (id === "") return [...this.nodes.values()].filter((n) => n.parentId === null).map((n) => n.id);
    return [...(this.nodes.get(id)?.children ?? [])];
  }

  navigateTo(id: string): { success: boolean; error?: string } {
    if (!this.nodes.has(id)) return { success: false, error: `no entry "${id}" in this session` };
    this.leaf = id;
    return { success: true };
  }

  /** Moves the leaf to an existing entry, or before the first one (null). */
  moveTo(id: string | null): void {
    if (id !== null && !this.nodes.has(id)) throw new Error(`no entry "${id}" in this session`);
    this.leaf = id;
  }

  /** Checks that `fromId` is an ancestor of (or is) `toId`; an error text when not. */
  checkRange(fromId: string, toId: string): string | undefined {
    if (!this.nodes.has(fromId)) return `no entry "${fromId}" in this session`;
    if (!this.nodes.has(toId)) return `no entry "${toId}" in this session`;
    for (let at: string | null = toId; at !== null; at = this.nodes.get(at)!.parentId) if (at === fromId) return undefined;
    return `entry "${fromId}" is not on the path to "${toId}"`;
  }

  private branchNodes(): Node[] {
    const path: Node[] = [];
    for (let at = this.leaf; at !== null; at = this.nodes.get(at)!.parentId) path.push(this.nodes.get(at)!);
    return path.reverse();
  }
}

function publicNode(n: Node): TreeNode {
  return { id: n.id, parentId: n.parentId, type: n.type, content: n.content, timestamp: n.timestamp, children: [...n.children] };
}
