import { toolResultText } from "../llm/message-text.ts";
import type { AgentHooks } from "../agent/types.ts";
import type { ExtensionRunner } from "../extensions/runner.ts";
import type { Tool, ToolKind } from "../tools/types.ts";
import { fromContextMessages, toContextMessages } from "./context-messages.ts";
import type { Permissions } from "./permissions.ts";
import type { ToolSchemas } from "./tool-schemas.ts";
import { toolCallEvent } from "./turn-events.ts";
import { withoutSecretsIn } from "./tool-output-secrets.ts";

export interface TurnHookDeps {
  runner: ExtensionRunner | undefined;
  /** Every tool of the turn, by name. */
  byName: ReadonlyMap<string, Tool>;
  /** The tools offered right now (the allow-list may change mid-turn). */
  offered(): Tool[];
  kindOf(name: string): ToolKind;
  /** The schema check every call passes before anything else sees it. */
  schemas: ToolSchemas;
  /** The permission mode and rules (permissions.ts); none = every call allowed. */
  permissions?: Permissions;
  /** What no tool result may carry (ModelRuntime.secretValues): replaced by "***" before anyone sees it. */
  secrets(): readonly string[];
}

/**
 * The agent hooks through which extensions act on a turn: context_prepare (first call) and
 * prepare_step (every call) may replace the context of that call. Before a tool runs, the tool gate:
 * arguments that break the tool's schema are refused, a tool outside the allow-list is refused, the
 * permission mode and rules may refuse or ask the user, then tool_call may still block the call (an
 * extension can block what a rule allows). tool_execution_end announces a call's end; every result has
 * the run's secrets masked (tool-output-secrets.ts), then tool_result may rewrite it, and what it
 * rewrites is masked again.
 */
export function turnHooks({ runner, byName, offered, kindOf, schemas, permissions, secrets }: TurnHookDeps): AgentHooks {
  return {
    prepareStep: async (step, messages) => {
      if (!runner) return;
      let current = messages;
      if (step === 0 && runner.hasHandlers("context_prepare")) {
        const r = await runner.emitResult("context_prepare", { messages: toContextMessages(current) });
        if (r?.messages) current = fromContextMessages(r.messages, current);
      }
      if (runner.hasHandlers("prepare_step")) {
        const r = await runner.emitResult("prepare_step", { stepNumber: step, messages: toContextMessages(current) });
        if (r?.messages) current = fromContextMessages(r.messages, current);
      }
      return current === messages ? undefined : current;
    },
    beforeToolCall: async (call, parsed) => {
      const tool = byName.get(call.name);
      // Unparseable arguments and unknown tools reach tool_call as they are; the loop answers them after it.
      let args = parsed;
      if (tool && parsed) {
        const verdict = await schemas.check(tool, parsed);
        if ("invalid" in verdict) return verdict;
        args = verdict.args;
      }
      const active = offered();
      if (byName.has(call.name) && !active.some((t) => t.name === call.name)) {
        return { block: true, reason: `the tool ${call.name} is disabled right now (active tools: ${active.map((t) => t.name).join(", ")})` };
      }
      if (tool && args && permissions) {
        const refusal = await permissions.check(tool, call.id, args);
        if (refusal) return refusal;
      }
      const r = await runner?.emitResult("tool_call", toolCallEvent(call, args, kindOf(call.name)));
      if (r?.block) return { block: true, reason: r.reason || "blocked by an extension" };
      return args && args !== parsed ? { args } : undefined;
    },
    // The contract's order: tool_execution_end, then tool_result.
    toolExecuted: (call) => runner?.emitNotification("tool_execution_end", { toolCallId: call.id, toolName: call.name, toolKind: kindOf(call.name) }),
    afterToolResult: async (call, unmasked) => {
      const result = withoutSecretsIn(unmasked, secrets());
      if (!runner?.hasHandlers("tool_result")) return result;
      const content = toolResultText(result.content, { images: "omit" });
      const r = await runner.emitResult("tool_result", {
        toolCallId: call.id,
        toolName: call.name,
        toolKind: kindOf(call.name),
        input: call.input,
        content,
        isError: result.isError,
        ...(result.details !== undefined ? { details: result.details } : {}),
      });
      if (!r) return result;
      const rewritten = { ...result, ...(r.content !== undefined ? { content: r.content } : {}), ...(r.isError !== undefined ? { isError: r.isError } : {}) };
      return withoutSecretsIn(rewritten, secrets());
    },
  };
}
