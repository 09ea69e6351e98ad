import type { AssistantResult, LLMError, Message, ToolCallPart, ToolResultPart, Usage } from "../llm/types.ts";
import type { Tool } from "../tools/types.ts";
import { runToolCalls } from "./tool-runner.ts";
import type { AgentEvent, AgentRunOptions, TurnAggregates, TurnResult, TurnStopReason } from "./types.ts";

/**
 * One agent turn: call the model, run the tools it asks for, feed the results back, and repeat until
 * the model stops, a limit is reached, or the signal aborts. Pure: it knows no files, UI or
 * sessions; everything it does is reported as events, and the last event is always `turn_end`.
 * Steering (hooks.steering) is its one input while it runs: the user messages it returns before a
 * model call are appended (a `message` event each, before that step's `step_start`), and when the
 * model stops without tool calls while some wait, the turn takes them and calls the model again.
 */
export async function* runAgent(opts: AgentRunOptions): AsyncGenerator<AgentEvent, TurnResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  const hooks = opts.hooks ?? {};
  const toolsByName = new Map<string, Tool>(opts.tools.map((t) => [t.name, t]));
  const schemasOf = (tools: Tool[]) => tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters }));
  const context: Message[] = [...opts.messages];
  const newMessages: Message[] = [];
  const agg: TurnAggregates = {
    toolCallCount: 0,
    toolNames: [],
    llmCallCount: 0,
    usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    cost: 0,
    costKnown: true,
    durationMs: 0,
  };
  let response = "";
  let rawStopReason = "";

  const finish = (stopReason: TurnStopReason, error?: LLMError, refusal?: string): TurnResult => {
    agg.durationMs = now() - started;
    return { stopReason, rawStopReason, response, aggregates: agg, newMessages, ...(error ? { error } : {}), ...(refusal ? { refusal } : {}) };
  };
  const append = (m: Message): AgentEvent => {
    context.push(m);
    newMessages.push(m);
    return { type: "message", message: m };
  };

  /** Appends the steering messages waiting now; how many there were. */
  async function* steer(): AsyncGenerator<AgentEvent, number> {
    const messages = (await hooks.steering?.()) ?? [];
    for (const m of messages) yield append(m);
    return messages.length;
  }

  for (let step = 0; ; step++) {
    if (opts.currentTools) refreshTools(toolsByName, opts.currentTools());
    yield* steer();
    yield { type: "step_start", step };
    // The hook gets a copy: whatever it does to the array, the turn's own context stays as it was.
    const prepared = (await hooks.prepareStep?.(step, [...context])) ?? context;

    let done: AssistantResult | undefined;
    let failure: { error: LLMError; usage: Usage; partial?: Message } | undefined;
    const tools = schemasOf(opts.offeredTools?.() ?? opts.tools);
    for await (const ev of opts.provider.stream({ ...opts.request, messages: prepared, tools }, opts.signal)) {
      if (ev.type === "done") done = ev;
      else if (ev.type === "error") failure = ev;
      // Passed through as they are: a copy per delta is measurable in the per-token cost of a turn.
      else if (ev.type !== "start") yield ev;
    }

    const callUsage = done?.usage ?? failure!.usage;
    const model = done?.model ?? opts.request.target.model;
    const cost = opts.costOf(callUsage, model);
    agg.llmCallCount++;
    addUsage(agg.usage, callUsage);
    if (cost === undefined) agg.costKnown = false;
    else agg.cost += cost;
    rawStopReason = done?.rawStopReason ?? "";
    yield {
      type: "llm_usage",
      info: {
        step,
        usage: callUsage,
        cost,
        model,
        provider: opts.request.target.provider,
        finishReason: done?.stopReason ?? (failure?.error.kind === "aborted" ? "aborted" : "error"),
        requestId: done?.requestId ?? failure?.error.requestId ?? "",
      },
    };

    if (!done) {
      const error = failure!.error;
      // What was already shown of the answer is kept (and so persisted): a cancel never loses it.
      if (failure!.partial) {
        yield append(failure!.partial);
        response = textOf(failure!.partial);
      }
      yield { type: "step_finish", step, hasToolCalls: false, finishReason: "error", usage: callUsage };
      const result = finish(error.kind === "aborted" ? "cancelled" : "error", error.kind === "aborted" ? undefined : error);
      yield { type: "turn_end", result };
      return result;
    }

    yield append(done.message);
    response = textOf(done.message);
    const calls = done.message.content.filter((p): p is ToolCallPart => p.type === "tool_call");
    yield { type: "step_finish", step, hasToolCalls: calls.length > 0, finishReason: done.stopReason, usage: callUsage };

    // The model had finished, but the user said more meanwhile: it answers that within this turn.
    if (calls.length === 0 && done.stopReason === "stop" && !opts.signal?.aborted && !limitReached(opts, agg, step) && (yield* steer()) > 0) continue;
    if (calls.length === 0) {
      const reason: TurnStopReason = done.stopReason === "length" ? "length" : done.stopReason === "content_filter" ? "refusal" : "stop";
      const result = finish(reason, undefined, done.refusal);
      yield { type: "turn_end", result };
      return result;
    }

    agg.toolCallCount += calls.length;
    agg.toolNames.push(...calls.map((c) => c.name));
    const limit = limitReached(opts, agg, step);
    let results: ToolResultPart[];
    if (limit) {
      // The model's calls must still get answers so the history stays valid for a later turn.
      results = calls.map((c) => notRun(c, limit === "max_steps" ? "the step limit (--max-steps) was reached" : "the cost limit (--max-cost) was reached"));
    } else {
      // Usage a tool caused (a subagent's model calls) counts in this turn's tokens and cost.
      results = yield* runToolCalls(calls, toolsByName, hooks, opts.signal, (u) => {
        addUsage(agg.usage, u.tokens);
        if (u.cost === undefined) agg.costKnown = false;
        else agg.cost += u.cost;
      });
    }
    yield append({ role: "tool", content: results });

    if (limit) {
      const result = finish(limit);
      yield { type: "turn_end", result };
      return result;
    }
    if (opts.signal?.aborted) {
      const result = finish("cancelled");
      yield { type: "turn_end", result };
      return result;
    }
  }
}

function limitReached(opts: AgentRunOptions, agg: TurnAggregates, step: number): "max_steps" | "max_cost" | undefined {
  if (opts.maxSteps && step + 1 >= opts.maxSteps) return "max_steps";
  if (opts.maxCost && (opts.spentBefore ?? 0) + agg.cost >= opts.maxCost) return "max_cost";
  return undefined;
}

function notRun(call: ToolCallPart, why: string): ToolResultPart {
  return { type: "tool_result", toolCallId: call.id, name: call.name, content: `Not run: ${why}.`, isError: true };
}

function addUsage(total: Usage, u: Usage): void {
  total.input += u.input;
  total.output += u.output;
  total.cacheRead += u.cacheRead;
  total.cacheWrite += u.cacheWrite;
}

/** The message's text; separate output messages (parts with a phase) stay separate paragraphs, as they streamed. */
export function textOf(m: Message): string {
  const texts = m.content.flatMap((p) => (p.type === "text" ? [p] : []));
  return texts.map((p, i) => (i > 0 && p.phase ? "\n\n" : "") + p.text).join("");
}

/** Brings a turn's index of tools up to date between steps (the map is shared, so it is changed in place). */
export function refreshTools(byName: Map<string, Tool>, tools: Tool[]): void {
  byName.clear();
  for (const t of tools) byName.set(t.name, t);
}
