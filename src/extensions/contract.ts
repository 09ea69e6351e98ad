/**
 * The extension contract (module `kit/ext`) as the rest of kit sees it.
 *
 * The types are not restated here: they are re-exported from `kit-ext.d.ts`, an exact copy of
 * spec/kit-ext.d.ts whose `declare module "kit/ext"` block the TypeScript project includes. So the
 * code is checked against the normative text itself and cannot drift from it. The runtime values of
 * the contract (API_VERSION and the event list) live here; test/extensions/contract.test.ts checks
 * them, and this list of re-exports, against the text.
 */
import type { EventName, ExtensionAPI, Handler, Results } from "kit/ext";

export type {
  ArgumentPattern,
  CommandDef,
  CompleteRequest,
  CompleteResponse,
  Context,
  ContextMessage,
  EditorConfig,
  EditorKeyAction,
  EventName,
  Events,
  ExtensionAPI,
  ExtensionEntry,
  Handler,
  HeaderFooterConfig,
  MessageRendererConfig,
  ModelCapabilities,
  ModelInfo,
  McpServerInfo,
  ModelPricing,
  OptionDef,
  OverlayConfig,
  PromptTemplate,
  Results,
  SessionMessage,
  ShortcutDef,
  Skill,
  SubagentConfig,
  SubagentEventType,
  SubagentHandle,
  SubagentResult,
  ThemeColor,
  ThemeColorConfig,
  ThemeColors,
  ThemeSlot,
  ThinkingLevel,
  ToolContext,
  ToolDef,
  ToolKind,
  ToolRenderConfig,
  ToolResult,
  TreeNode,
  UIVisibility,
  WidgetConfig,
  WidgetContent,
  WidgetStyle,
} from "kit/ext";

/** Version of the contract this runtime implements. */
export const API_VERSION = 1 as const satisfies typeof import("kit/ext").API_VERSION;

/** Every ToolKind, for checking the kind a registerTool definition declares. */
export const TOOL_KINDS: readonly import("kit/ext").ToolKind[] = ["execute", "edit", "read", "search", "agent"];

/** Every event of the contract (37), in the order the contract lists them. */
export const EVENT_NAMES = [
  "session_start",
  "session_shutdown",
  "input",
  "before_agent_start",
  "agent_start",
  "agent_end",
  "message_start",
  "message_update",
  "message_end",
  "tool_call",
  "tool_call_input_start",
  "tool_call_input_delta",
  "tool_call_input_end",
  "tool_execution_start",
  "tool_output",
  "tool_execution_end",
  "tool_result",
  "model_change",
  "thinking_level_change",
  "terminal_resize",
  "turn_state_change",
  "context_prepare",
  "prepare_step",
  "before_fork",
  "before_session_switch",
  "before_compact",
  "subagent_start",
  "subagent_chunk",
  "subagent_end",
  "step_start",
  "step_finish",
  "llm_usage",
  "reasoning_start",
  "warnings",
  "source",
  "error",
  "retry",
] as const satisfies readonly EventName[];

// Compile-time: the list names every event of the contract (the `satisfies` above checks the converse).
type MissingEvents = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
const _allEventsListed: [MissingEvents] extends [never] ? true : MissingEvents = true;
void _allEventsListed;

const EVENT_SET: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isEventName(name: unknown): name is EventName {
  return typeof name === "string" && EVENT_SET.has(name);
}

/** Events whose handlers may return a result (Results[K] is not `never`). */
export type ResultEventName = { [K in EventName]: [Results[K]] extends [never] ? never : K }[EventName];
/** Events that only inform: handlers return nothing and the emitter never waits for them. */
export type NotificationEventName = Exclude<EventName, ResultEventName>;

/** The typed `on*` methods of ExtensionAPI (everything but `on`, `onCustomEvent` and `register*`). */
export type OnMethodName = Exclude<keyof ExtensionAPI, "on" | "onCustomEvent" | `register${string}`>;
type EventOfMethod<M extends OnMethodName> = ExtensionAPI[M] extends (h: Handler<infer K>) => void ? K : never;

/** Which event each `on*` method registers for; the type makes the compiler check every pairing. */
export const ON_METHODS: { readonly [M in OnMethodName]: EventOfMethod<M> } = {
  onSessionStart: "session_start",
  onSessionShutdown: "session_shutdown",
  onInput: "input",
  onBeforeAgentStart: "before_agent_start",
  onAgentStart: "agent_start",
  onAgentEnd: "agent_end",
  onMessageStart: "message_start",
  onMessageUpdate: "message_update",
  onMessageEnd: "message_end",
  onToolCall: "tool_call",
  onToolCallInputStart: "tool_call_input_start",
  onToolCallInputDelta: "tool_call_input_delta",
  onToolCallInputEnd: "tool_call_input_end",
  onToolExecutionStart: "tool_execution_start",
  onToolOutput: "tool_output",
  onToolExecutionEnd: "tool_execution_end",
  onToolResult: "tool_result",
  onModelChange: "model_change",
  onThinkingLevelChange: "thinking_level_change",
  onTerminalResize: "terminal_resize",
  onTurnStateChange: "turn_state_change",
  onContextPrepare: "context_prepare",
  onPrepareStep: "prepare_step",
  onBeforeFork: "before_fork",
  onBeforeSessionSwitch: "before_session_switch",
  onBeforeCompact: "before_compact",
  onSubagentStart: "subagent_start",
  onSubagentChunk: "subagent_chunk",
  onSubagentEnd: "subagent_end",
  onStepStart: "step_start",
  onStepFinish: "step_finish",
  onLLMUsage: "llm_usage",
  onReasoningStart: "reasoning_start",
  onWarnings: "warnings",
  onSource: "source",
  onError: "error",
  onRetry: "retry",
};

/** What `import ... from "kit/ext"` yields at run time. */
export function kitExtRuntimeExports(): Record<string, unknown> {
  return { API_VERSION, EVENT_NAMES };
}
