import type { Context, ToolResult } from "../extensions/contract.ts";
import type { RegisteredTool } from "../extensions/registry.ts";
import type { Tool } from "../tools/types.ts";

/**
 * A tool an extension registered, as the agent loop runs it. Extension tools may do anything, so they
 * count as "execute" unless they declare a kind; only "read" and "search" tools count as read-only
 * (they may run in parallel, and permission modes let them through). `onProgress` lines become tool output.
 */
export function extensionTool(reg: RegisteredTool, contextFor: (extPath: string) => Context): Tool {
  const kind = reg.def.kind ?? "execute";
  return {
    name: reg.name,
    description: reg.def.description,
    parameters: reg.parameters,
    kind,
    readOnly: kind === "read" || kind === "search",
    async execute(args, run) {
      const out: string | ToolResult = await reg.def.execute(args, {
        toolCallId: run.toolCallId,
        signal: run.signal,
        isCancelled: () => run.signal.aborted,
        onProgress: (text) => run.onOutput(text.endsWith("\n") ? text : text + "\n", false),
        ctx: contextFor(reg.extPath),
      });
      if (typeof out === "string") return { content: out };
      if (!out || typeof out.content !== "string") {
        throw new Error(`tool ${reg.name} (${reg.extPath}) returned neither text nor { content: string }`);
      }
      return { content: out.content, isError: out.isError === true, ...(out.details !== undefined ? { details: out.details } : {}) };
    },
  };
}
