import type { ToolCallPart, ToolResultPart } from "../llm/types.ts";
import type { Tool, ToolOutput } from "../tools/types.ts";
import { EventQueue } from "./event-queue.ts";
import type { AgentEvent, AgentHooks } from "./types.ts";

/** Model usage a tool reports (ToolOutput.usage), handed to whoever keeps the turn's aggregates. */
export type ToolUsageSink = (usage: NonNullable<ToolOutput["usage"]>) => void;

/**
 * Runs one step's tool calls. Consecutive read-only calls run in parallel; any other call runs
 * alone, in order. Results come back in call order whatever order they finished in.
 */
export async function* runToolCalls(
  calls: ToolCallPart[],
  tools: ReadonlyMap<string, Tool>,
  hooks: AgentHooks,
  signal: AbortSignal | undefined,
  onUsage?: ToolUsageSink,
): AsyncGenerator<AgentEvent, ToolResultPart[]> {
  const results: ToolResultPart[] = [];
  for (const batch of batches(calls, tools)) {
    const queue = new EventQueue<AgentEvent>();
    const done = Promise.all(batch.map((call) => runOne(call, tools.get(call.name), tools, hooks, signal, queue, onUsage))).finally(
      () => queue.close(),
    );
    yield* queue.drain();
    results.push(...(await done));
  }
  return results;
}

function batches(calls: ToolCallPart[], tools: ReadonlyMap<string, Tool>): ToolCallPart[][] {
  const out: ToolCallPart[][] = [];
  for (const call of calls) {
    const readOnly = tools.get(call.name)?.readOnly === true;
    const last = out[out.length - 1];
    if (readOnly && last && tools.get(last[0]!.name)?.readOnly === true) last.push(call);
    else out.push([call]);
  }
  return out;
}

function errorResult(call: ToolCallPart, message: string): ToolResultPart {
  return { type: "tool_result", toolCallId: call.id, name: call.name, content: message, isError: true };
}

async function runOne(
  call: ToolCallPart,
  tool: Tool | undefined,
  tools: ReadonlyMap<string, Tool>,
  hooks: AgentHooks,
  signal: AbortSignal | undefined,
  events: EventQueue<AgentEvent>,
  onUsage: ToolUsageSink | undefined,
): Promise<ToolResultPart> {
  const emit = (e: AgentEvent) => events.push(e);
  if (signal?.aborted) return errorResult(call, "Cancelled: the turn was interrupted before this tool ran.");
  let result: ToolResultPart;
  const decision = await decide(call, parseArgs(call.input), hooks);
  if ("refusal" in decision) {
    result = errorResult(call, decision.refusal);
  } else if (!tool) {
    result = errorResult(call, `Unknown tool "${call.name}". Available tools: ${[...tools.keys()].join(", ") || "none"}.`);
  } else if (decision.args === null) {
    result = errorResult(call, `Invalid arguments for ${call.name}: not a JSON object (${truncate(call.input, 200)}). Call the tool again with valid JSON arguments.`);
  } else {
    emit({ type: "tool_execution_start", call, tool });
    try {
      const out = await tool.execute(decision.args, {
        toolCallId: call.id,
        signal: signal ?? new AbortController().signal,
        onOutput: (chunk, isStderr) => emit({ type: "tool_output", call, chunk, isStderr }),
      });
      result = { type: "tool_result", toolCallId: call.id, name: call.name, content: out.content, isError: out.isError === true };
      if (out.details !== undefined) result.details = out.details;
      if (out.usage) onUsage?.(out.usage);
    } catch (err) {
      result = errorResult(call, err instanceof Error ? err.message : String(err));
    }
  }
  if (hooks.toolExecuted) {
    // The call's earlier events (its last output) are seen before it is announced as ended.
    await events.settled();
    hooks.toolExecuted(call, result);
  }
  if (hooks.afterToolResult) result = await rewrite(call, result, hooks.afterToolResult);
  emit({ type: "tool_execution_end", call, result });
  return result;
}

/**
 * The result as the afterToolResult hook rewrites it. A hook that throws withholds the result (it may
 * have been about to redact it) and the call becomes an error result: fail closed, and the turn goes on
 * with every call answered instead of ending in an exception.
 */
async function rewrite(call: ToolCallPart, result: ToolResultPart, hook: NonNullable<AgentHooks["afterToolResult"]>): Promise<ToolResultPart> {
  try {
    return (await hook(call, result)) ?? result;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return errorResult(call, `The result of ${call.name} was withheld because a hook failed on it: ${why}`);
  }
}

/**
 * The arguments the call runs with, or the error result's text when it may not run. A hook that
 * throws blocks the call: fail closed.
 */
async function decide(
  call: ToolCallPart,
  args: Record<string, unknown> | null,
  hooks: AgentHooks,
): Promise<{ args: Record<string, unknown> | null } | { refusal: string }> {
  if (!hooks.beforeToolCall) return { args };
  try {
    const d = await hooks.beforeToolCall(call, args);
    if (!d) return { args };
    if ("block" in d) return { refusal: `Blocked: ${d.reason || "blocked by a hook"}` };
    if ("invalid" in d) return { refusal: `Invalid arguments for ${call.name}: ${d.invalid}` };
    return { args: d.args };
  } catch (err) {
    return { refusal: `Blocked: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export function parseArgs(input: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(input.trim() === "" ? "{}" : input);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) + "…" : s;
}
