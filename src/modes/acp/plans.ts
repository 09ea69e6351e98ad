import type { PlanEntry, PlanEntryPriority, PlanEntryStatus } from "@agentclientprotocol/sdk";

const STATUSES: Readonly<Record<string, PlanEntryStatus>> = {
  pending: "pending",
  todo: "pending",
  in_progress: "in_progress",
  "in-progress": "in_progress",
  active: "in_progress",
  completed: "completed",
  complete: "completed",
  done: "completed",
};

/**
 * A todo list as ACP's plan: the `todos` of a tool call's arguments (a model's todo tool, as in
 * Claude Code's TodoWrite) or of its result's details (an extension's tool that keeps the list), each
 * `{ content (or title, text), status, priority? }`. Undefined when there is no such list.
 */
export function planOf(source: unknown): PlanEntry[] | undefined {
  const todos = typeof source === "object" && source !== null ? (source as { todos?: unknown }).todos : undefined;
  if (!Array.isArray(todos)) return undefined;
  const entries: PlanEntry[] = [];
  for (const todo of todos) {
    if (typeof todo !== "object" || todo === null) return undefined;
    const t = todo as Record<string, unknown>;
    const content = [t.content, t.title, t.text].find((v): v is string => typeof v === "string");
    const status = typeof t.status === "string" ? STATUSES[t.status.toLowerCase()] : "pending";
    if (content === undefined || status === undefined) return undefined;
    const priority: PlanEntryPriority = t.priority === "high" || t.priority === "low" ? t.priority : "medium";
    entries.push({ content, status, priority });
  }
  return entries;
}
