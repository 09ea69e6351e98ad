import type { HostUI } from "../extensions/host.ts";
import type { ElicitAnswer, ElicitQuestion } from "../mcp/client-requests.ts";

type Field = { type?: string; title?: string; description?: string; enum?: unknown[]; default?: unknown };

/**
 * An MCP server's elicitation/create as prompts of the interactive UI: one per field of the form it
 * sends (a yes/no for a boolean, a choice for an enum, a line of text otherwise, numbers checked).
 * Cancelling any prompt cancels the request; without a UI (headless) it is declined, never waited on.
 */
export async function elicitThroughUi(ui: HostUI | undefined, q: ElicitQuestion): Promise<ElicitAnswer> {
  if (!ui || !q.schema) return { action: "decline" };
  const required = new Set(q.schema.required ?? []);
  const content: Record<string, string | number | boolean> = {};
  for (const [key, raw] of Object.entries(q.schema.properties ?? {})) {
    const field = raw as Field;
    const message = `MCP server ${q.server}: ${q.message}\n${field.title ?? key}${field.description ? ` (${field.description})` : ""}`;
    if (field.type === "boolean") {
      const answer = await ui.promptConfirm({ message, defaultValue: field.default === true });
      if (answer.cancelled) return { action: "cancel" };
      content[key] = answer.value;
    } else if (Array.isArray(field.enum)) {
      const options = field.enum.map(String);
      const answer = await ui.promptSelect({ message, options });
      if (answer.cancelled) return { action: "cancel" };
      content[key] = answer.value;
    } else if (field.type === "string" || field.type === "number" || field.type === "integer") {
      const answer = await ui.promptInput({ message, ...(field.default !== undefined ? { default: String(field.default) } : {}) });
      if (answer.cancelled) return { action: "cancel" };
      const text = answer.value.trim();
      if (text === "" && !required.has(key)) continue;
      const numeric = field.type !== "string";
      if (numeric && !Number.isFinite(Number(text))) return { action: "decline" };
      content[key] = numeric ? Number(text) : answer.value;
    }
  }
  return { action: "accept", content };
}
