import type { AgentEvent, LLMUsageInfo, TurnResult } from "../agent/types.ts";
import type { ExtensionRunner } from "../extensions/runner.ts";
import type { Message, ToolCallPart } from "../llm/types.ts";
import type { SessionStore } from "../session/store.ts";
import type { Tool, ToolKind } from "../tools/types.ts";

/**
 * Follows one turn's agent events and does what each means beyond the mode's own rendering:
 * persisting every message as it completes, and firing the extension notifications of the
 * contract at their real sites (message_*, tool_call_input_*, tool_execution_start, tool_output,
 * step_*, llm_usage, reasoning_start, warnings, retry; tool_execution_end is turn-hooks.ts', as it
 * must come before tool_result).
 */
export class TurnEvents {
  private messageOpen = false;
  private text = "";
  private lastUsage: LLMUsageInfo | undefined;
  private readonly callNames = new Map<string, string>();

  constructor(
    private readonly session: SessionStore,
    private readonly runner: ExtensionRunner | undefined,
    private readonly tools: ReadonlyMap<string, Tool>,
  ) {}

  kindOf(name: string): ToolKind {
    return this.tools.get(name)?.kind ?? "execute";
  }

  handle(ev: AgentEvent): void {
    const r = this.runner;
    switch (ev.type) {
      case "step_start":
        this.messageOpen = false;
        this.text = "";
        r?.emitNotification("step_start", { stepNumber: ev.step });
        break;
      case "text_delta":
        if (!this.messageOpen) {
          this.messageOpen = true;
          r?.emitNotification("message_start", {});
        }
        this.text += ev.text;
        r?.emitNotification("message_update", { chunk: ev.text });
        break;
      case "reasoning_start":
        r?.emitNotification("reasoning_start", { id: ev.id });
        break;
      case "tool_call_start":
        this.callNames.set(ev.id, ev.name);
        r?.emitNotification("tool_call_input_start", { toolCallId: ev.id, toolName: ev.name, toolKind: this.kindOf(ev.name) });
        break;
      case "tool_call_delta":
        r?.emitNotification("tool_call_input_delta", { toolCallId: ev.id, delta: ev.delta });
        break;
      case "tool_call_end":
        r?.emitNotification("tool_call_input_end", { toolCallId: ev.id });
        break;
      case "warning":
        r?.emitNotification("warnings", { warnings: [ev.message] });
        break;
      case "retry":
        r?.emitNotification("retry", { attempt: ev.attempt, error: `${ev.error.kind}: ${ev.error.message}`, delayMs: ev.delayMs });
        break;
      case "llm_usage":
        this.lastUsage = ev.info;
        r?.emitNotification("llm_usage", llmUsagePayload(ev.info));
        break;
      case "message":
        this.persist(ev.message);
        if (ev.message.role === "assistant" && this.messageOpen) {
          r?.emitNotification("message_end", { content: this.text });
          this.messageOpen = false;
        }
        break;
      case "tool_execution_start":
        r?.emitNotification("tool_execution_start", { toolCallId: ev.call.id, toolName: ev.call.name, toolKind: this.kindOf(ev.call.name) });
        break;
      case "tool_output":
        r?.emitNotification("tool_output", { toolCallId: ev.call.id, toolName: ev.call.name, chunk: ev.chunk, isStderr: ev.isStderr });
        break;
      case "step_finish":
        r?.emitNotification("step_finish", {
          stepNumber: ev.step,
          hasToolCalls: ev.hasToolCalls,
          finishReason: ev.finishReason,
          inputTokens: ev.usage.input,
          outputTokens: ev.usage.output,
          cacheReadTokens: ev.usage.cacheRead,
          cacheWriteTokens: ev.usage.cacheWrite,
        });
        break;
    }
  }

  /** Each message is written as soon as it is complete, so a crash loses at most the one in flight. */
  private persist(message: Message): void {
    const u = this.lastUsage;
    if (message.role === "assistant" && u) {
      this.session.appendMessage(message, {
        model: u.model,
        provider: u.provider,
        usage: { ...u.usage, cost: u.cost ?? null },
        stopReason: u.finishReason,
      });
      this.lastUsage = undefined;
    } else {
      this.session.appendMessage(message);
    }
  }
}

/** The llm_usage event of the contract for one provider call (stream-json prints the same fields). */
export function llmUsagePayload(i: LLMUsageInfo) {
  return {
    inputTokens: i.usage.input,
    outputTokens: i.usage.output,
    cacheReadTokens: i.usage.cacheRead,
    cacheWriteTokens: i.usage.cacheWrite,
    /** USD; 0 when pricing is unknown. */
    cost: i.cost ?? 0,
    model: i.model,
    provider: i.provider,
    stepNumber: i.step,
    finishReason: i.finishReason,
    requestId: i.requestId,
  };
}

/** agent_end's stopReason: the same words for every provider (the wire's own is providerStopReason). */
const AGENT_END_STOP_REASON = {
  stop: "completed",
  length: "max_tokens",
  refusal: "refusal",
  max_steps: "limit",
  max_cost: "limit",
  cancelled: "cancelled",
  error: "error",
} as const satisfies Record<TurnResult["stopReason"], string>;

/** The agent_end event of the contract for a prompt's turn (after any retry on a smaller context). */
export function agentEndPayload(result: TurnResult) {
  const a = result.aggregates;
  return {
    response: result.response,
    stopReason: AGENT_END_STOP_REASON[result.stopReason],
    providerStopReason: result.rawStopReason,
    toolCallCount: a.toolCallCount,
    toolNames: a.toolNames,
    llmCallCount: a.llmCallCount,
    inputTokensDelta: a.usage.input,
    outputTokensDelta: a.usage.output,
    cacheReadTokensDelta: a.usage.cacheRead,
    cacheWriteTokensDelta: a.usage.cacheWrite,
    costDelta: a.cost,
    durationMs: a.durationMs,
  };
}

/** The tool_call event's payload for a call about to run. */
export function toolCallEvent(call: ToolCallPart, args: Record<string, unknown> | null, kind: ToolKind) {
  return { toolCallId: call.id, toolName: call.name, toolKind: kind, input: call.input, args, source: "llm" as const };
}

