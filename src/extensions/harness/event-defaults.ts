/**
 * Neutral defaults for every event field, so a test names only the fields it cares about:
 * `h.emit("tool_call", { toolName: "bash", input: '{"command":"ls"}' })` gets a tool call id, the
 * tool kind of bash, the parsed `args` and `source: "llm"`. Fields that belong together are derived
 * from one another when only one is given (tool_call `input` ⇄ `args`, the tool kind from a built-in
 * tool name, turn_state_change `previous` from `state`, before_compact `usagePercent`, agent_end
 * `toolCallCount` from `toolNames`). What the test gives always wins; fields set to undefined count as
 * not given. Extra fields are passed on as they are.
 */
import type { EventName, Events, ThinkingLevel, ToolKind } from "../contract.ts";

/** What the defaults depend on: the harness's session and model. */
export interface DefaultsEnv {
  sessionId: string;
  /** "provider/model" */
  model: string;
  interactive: boolean;
  thinkingLevel: ThinkingLevel;
  /** Context window of the current model (0 when unknown). */
  contextLimit: number;
}

/** The id tool events get when the test gives none; the same for every event, so related ones line up. */
export const DEFAULT_TOOL_CALL_ID = "call_1";
export const DEFAULT_TERMINAL_SIZE = { width: 80, height: 24 } as const;

/** Kinds of the built-in tools (spec/cli.md); any other tool counts as "execute". */
const BUILTIN_TOOL_KINDS: Readonly<Record<string, ToolKind>> = {
  read: "read",
  ls: "read",
  write: "edit",
  edit: "edit",
  bash: "execute",
  grep: "search",
  find: "search",
  subagent: "agent",
};

export function toolKindOf(toolName: string): ToolKind {
  return Object.hasOwn(BUILTIN_TOOL_KINDS, toolName) ? BUILTIN_TOOL_KINDS[toolName]! : "execute";
}

type Partial_<K extends EventName> = Partial<Events[K]>;
type Filler<K extends EventName> = (given: Partial_<K>, env: DefaultsEnv) => Events[K];

const tool = (p: { toolCallId?: string; toolName?: string; toolKind?: ToolKind }) => {
  const toolName = p.toolName ?? "";
  return { toolCallId: p.toolCallId ?? DEFAULT_TOOL_CALL_ID, toolName, toolKind: p.toolKind ?? toolKindOf(toolName) };
};

/** tool_call: `input` is the raw JSON and `args` its parse; either one gives the other. */
function inputAndArgs(input: string | undefined, args: Record<string, unknown> | null | undefined) {
  if (input !== undefined && args !== undefined) return { input, args };
  if (input !== undefined) return { input, args: parseArgs(input) };
  if (args === null) return { input: "", args: null };
  return { input: JSON.stringify(args ?? {}), args: args ?? {} };
}

function parseArgs(input: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(input);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

/** One filler per event (the mapped type makes the compiler insist on all 37). */
export const EVENT_DEFAULTS: { readonly [K in EventName]: Filler<K> } = {
  session_start: (p, env) => ({ sessionId: env.sessionId, reason: "startup", ...p }),
  session_shutdown: (p) => ({ reason: "exit", ...p }),
  input: (p, env) => ({ text: "", source: env.interactive ? "interactive" : "cli", ...p }),
  before_agent_start: (p) => ({ prompt: "", ...p }),
  agent_start: (p) => ({ prompt: "", ...p }),
  agent_end: (p) => {
    const toolNames = p.toolNames ?? [];
    return {
      response: "",
      stopReason: "completed",
      providerStopReason: "end_turn",
      toolCallCount: toolNames.length,
      toolNames,
      llmCallCount: 0,
      inputTokensDelta: 0,
      outputTokensDelta: 0,
      cacheReadTokensDelta: 0,
      cacheWriteTokensDelta: 0,
      costDelta: 0,
      durationMs: 0,
      ...p,
    };
  },
  message_start: (p) => ({ ...p }),
  message_update: (p) => ({ chunk: "", ...p }),
  message_end: (p) => ({ content: "", ...p }),
  tool_call: (p) => ({ ...tool(p), source: "llm", ...p, ...inputAndArgs(p.input, p.args) }),
  tool_call_input_start: (p) => ({ ...tool(p), ...p }),
  tool_call_input_delta: (p) => ({ toolCallId: DEFAULT_TOOL_CALL_ID, delta: "", ...p }),
  tool_call_input_end: (p) => ({ toolCallId: DEFAULT_TOOL_CALL_ID, ...p }),
  tool_execution_start: (p) => ({ ...tool(p), ...p }),
  tool_output: (p) => ({ toolCallId: DEFAULT_TOOL_CALL_ID, toolName: "", chunk: "", isStderr: false, ...p }),
  tool_execution_end: (p) => ({ ...tool(p), ...p }),
  tool_result: (p) => ({ ...tool(p), input: "{}", content: "", isError: false, ...p }),
  model_change: (p, env) => ({ newModel: env.model, previousModel: env.model, source: "user", ...p }),
  thinking_level_change: (p, env) => ({ newLevel: env.thinkingLevel, previousLevel: env.thinkingLevel, source: "user", ...p }),
  terminal_resize: (p) => ({ ...DEFAULT_TERMINAL_SIZE, ...p }),
  turn_state_change: (p) => {
    const state = p.state ?? "working";
    return { state, previous: state === "working" ? "idle" : "working", ...p };
  },
  context_prepare: (p) => ({ messages: [], ...p }),
  prepare_step: (p) => ({ stepNumber: 0, messages: [], ...p }),
  before_fork: (p) => ({ targetId: "", isUserMessage: true, userText: "", ...p }),
  before_session_switch: (p) => ({ reason: "new", initialPrompt: "", ...p }),
  before_compact: (p, env) => {
    const estimatedTokens = p.estimatedTokens ?? 0;
    const contextLimit = p.contextLimit ?? env.contextLimit;
    return {
      estimatedTokens,
      contextLimit,
      usagePercent: contextLimit > 0 ? estimatedTokens / contextLimit : 0,
      messageCount: 0,
      isAutomatic: false,
      ...p,
    };
  },
  subagent_start: (p) => ({ toolCallId: DEFAULT_TOOL_CALL_ID, task: "", ...p }),
  subagent_chunk: (p) => ({ toolCallId: DEFAULT_TOOL_CALL_ID, task: "", chunkType: "text", content: "", ...p }),
  subagent_end: (p) => ({ toolCallId: DEFAULT_TOOL_CALL_ID, task: "", response: "", errorMsg: "", ...p }),
  step_start: (p) => ({ stepNumber: 0, ...p }),
  step_finish: (p) => ({ stepNumber: 0, hasToolCalls: false, finishReason: "stop", ...usage, ...p }),
  llm_usage: (p, env) => {
    const slash = env.model.indexOf("/");
    return {
      ...usage,
      cost: 0,
      model: env.model.slice(slash + 1),
      provider: slash > 0 ? env.model.slice(0, slash) : "",
      stepNumber: 0,
      finishReason: "stop",
      requestId: "",
      ...p,
    };
  },
  reasoning_start: (p) => ({ id: "", ...p }),
  warnings: (p) => ({ warnings: [], ...p }),
  source: (p) => ({ sourceType: "url", id: "", url: "", title: "", ...p }),
  error: (p) => ({ error: "", ...p }),
  retry: (p) => ({ attempt: 1, error: "", delayMs: 0, ...p }),
};

/** The full event: the test's fields over the defaults (undefined fields dropped first). */
export function withDefaults<K extends EventName>(event: K, given: Partial<Events[K]> | undefined, env: DefaultsEnv): Events[K] {
  const defined = Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) as Partial<Events[K]>;
  return (EVENT_DEFAULTS[event] as Filler<K>)(defined, env);
}
