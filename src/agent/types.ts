import type { LLMError, LLMRequest, Message, Provider, StreamEvent, ToolCallPart, ToolResultPart, Usage } from "../llm/types.ts";
import type { Tool } from "../tools/types.ts";

/**
 * What the app decides before a tool runs: block it (the model reads "Blocked: reason"), refuse its
 * arguments (the model reads "Invalid arguments for <tool>: invalid", so it can fix them and retry),
 * or run it with these arguments (the parsed ones as the app normalised them).
 */
export type ToolCallDecision = { block: true; reason: string } | { invalid: string } | { args: Record<string, unknown> };

/** Where the app (extensions, policies) steps into a turn. Every hook is optional and awaited. */
export interface AgentHooks {
  /**
   * Before every model call (after the tool calls in flight finished), and once more when the model
   * answered without tool calls: user messages sent into the running turn since the last call
   * (steering). They join the turn's context for good (each reported as a `message` event) and the
   * model sees them on its next call; when the model had finished, the turn goes on with them.
   */
  steering?(): Promise<Message[]> | Message[];
  /** Before every model call; may return a replacement context for that call only (not persisted). */
  prepareStep?(step: number, messages: Message[]): Promise<Message[] | void> | Message[] | void;
  /** Before a tool runs; `args` is null when the arguments do not parse. May block the call, refuse or replace its arguments. */
  beforeToolCall?(call: ToolCallPart, args: Record<string, unknown> | null): Promise<ToolCallDecision | void> | ToolCallDecision | void;
  /** A call is over (run, refused or failed), before afterToolResult; its earlier events are consumed. */
  toolExecuted?(call: ToolCallPart, result: ToolResultPart): void;
  /** After a tool produced its result (and toolExecuted); may return a rewritten result. */
  afterToolResult?(call: ToolCallPart, result: ToolResultPart): Promise<ToolResultPart | void> | ToolResultPart | void;
}

export interface AgentRunOptions {
  provider: Provider;
  /** Everything of the request but the conversation and tools, which the loop supplies. */
  request: Omit<LLMRequest, "messages" | "tools">;
  /** The context so far, ending with the new user message. Not mutated. */
  messages: Message[];
  /** Every tool the model may call. */
  tools: Tool[];
  /** Every tool now, asked at each step when the set may change within a turn (an MCP server's tools/list_changed). */
  currentTools?: () => Tool[];
  /** The tools offered on each model call (default all): an allow-list may change within a turn. */
  offeredTools?: () => Tool[];
  hooks?: AgentHooks;
  /** Model calls allowed in this turn; 0 = unlimited. */
  maxSteps?: number;
  /** USD this turn may spend (already spent in the run is `spentBefore`); 0 = unlimited. */
  maxCost?: number;
  spentBefore?: number;
  /** Cost of one call; undefined when the price is unknown. */
  costOf(usage: Usage, model: string): number | undefined;
  signal?: AbortSignal;
  now?: () => number;
}

/** "length": the output limit cut the answer; "refusal": the model declined (a refusal or content filter). */
export type TurnStopReason = "stop" | "length" | "refusal" | "max_steps" | "max_cost" | "cancelled" | "error";

export interface TurnAggregates {
  toolCallCount: number;
  /** In call order, duplicates kept. */
  toolNames: string[];
  llmCallCount: number;
  /** Tokens of the turn's model calls, plus those its tools report (a subagent's calls). */
  usage: Usage;
  /** USD of the calls with a known price (tools' reported usage included). */
  cost: number;
  /** False when any call's price was unknown. */
  costKnown: boolean;
  durationMs: number;
}

export interface TurnResult {
  stopReason: TurnStopReason;
  /** The provider's own finish word of the last call ("end_turn", "completed", …), "" if none. */
  rawStopReason: string;
  /** Text of the last assistant message. */
  response: string;
  /** With stopReason "refusal": the provider's explanation, when it gave one. */
  refusal?: string;
  error?: LLMError;
  aggregates: TurnAggregates;
  /** Messages this turn added (assistant and tool results), in order. */
  newMessages: Message[];
}

export interface LLMUsageInfo {
  step: number;
  usage: Usage;
  cost: number | undefined;
  model: string;
  provider: string;
  finishReason: string;
  requestId: string;
}

/** Everything a turn reports while it runs. Stream events pass through as they are; they belong to the step of the last step_start. */
export type AgentEvent =
  | { type: "step_start"; step: number }
  | Exclude<StreamEvent, { type: "done" } | { type: "error" } | { type: "start" }>
  | { type: "llm_usage"; info: LLMUsageInfo }
  | { type: "message"; message: Message }
  | { type: "tool_execution_start"; call: ToolCallPart; tool: Tool | undefined }
  | { type: "tool_output"; call: ToolCallPart; chunk: string; isStderr: boolean }
  | { type: "tool_execution_end"; call: ToolCallPart; result: ToolResultPart }
  | { type: "step_finish"; step: number; hasToolCalls: boolean; finishReason: string; usage: Usage }
  | { type: "turn_end"; result: TurnResult };
