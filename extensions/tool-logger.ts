// Logs every tool call and its result (tool, arguments, duration, error flag) as "tool-log" entries in the session; `/tool-log [n]` shows the last n (default 10).
import type { ExtensionAPI } from "kit/ext";

export interface ToolLogEntry {
  tool: string;
  args: unknown;
  /** null when the call was not seen starting (another extension blocked it first). */
  durationMs: number | null;
  isError: boolean;
  resultChars: number;
}

/** The arguments with long strings cut, so a `write` of a big file does not bloat the session. */
function abbreviate(value: unknown): unknown {
  if (typeof value === "string") return value.length > 200 ? `${value.slice(0, 200)}… (${value.length} chars)` : value;
  if (Array.isArray(value)) return value.map(abbreviate);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, abbreviate(v)]));
  return value;
}

function parse(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}

export default function toolLogger(kit: ExtensionAPI) {
  const started = new Map<string, number>();

  kit.onToolCall((event) => {
    started.set(event.toolCallId, performance.now());
  });
  // The tool really starts here: prompts of other extensions' tool_call handlers are not counted.
  kit.onToolExecutionStart((event) => {
    started.set(event.toolCallId, performance.now());
  });

  kit.onToolResult((event, ctx) => {
    const start = started.get(event.toolCallId);
    started.delete(event.toolCallId);
    const entry: ToolLogEntry = {
      tool: event.toolName,
      args: abbreviate(parse(event.input)),
      durationMs: start === undefined ? null : Math.round(performance.now() - start),
      isError: event.isError,
      resultChars: event.content.length,
    };
    ctx.appendEntry("tool-log", JSON.stringify(entry));
  });

  kit.registerCommand({
    name: "tool-log",
    description: "Show the last tool calls of this session: /tool-log [n] (default 10)",
    execute(args, ctx) {
      const n = args.trim() === "" ? 10 : Number.parseInt(args, 10);
      if (!Number.isInteger(n) || n < 1) return "usage: /tool-log [n]  (n ≥ 1, default 10)";
      const entries = ctx.getEntries("tool-log");
      if (entries.length === 0) return "No tool calls logged yet.";
      const lines = entries.slice(-n).map((e) => {
        const log = JSON.parse(e.data) as ToolLogEntry;
        const time = new Date(e.timestamp).toLocaleTimeString();
        const duration = log.durationMs === null ? "?" : `${log.durationMs} ms`;
        return `${time}  ${log.tool} ${JSON.stringify(log.args)}  ${duration}  ${log.isError ? "ERROR" : "ok"}`;
      });
      return [`Last ${lines.length} of ${entries.length} tool call(s):`, ...lines].join("\n");
    },
  });
}
