/**
 * Subagents: a child agent run in process, for the `subagent` tool and ctx.spawnSubagent.
 *
 * A child gets a task as its only user message, its own session (a file next to the parent's whose
 * header names the parent and the task; in memory with --no-session or `noSession`), the parent's
 * provider settings (ModelRuntime.derive), no extensions, and the parent's active tools minus
 * `subagent` unless a named agent or the caller gives an allow-list. It stops at its timeout (default
 * 5 minutes), when killed, or when the parent's turn is cancelled (tool calls). Its events go to the
 * extensions as subagent_start, subagent_chunk (every chunk type) and subagent_end, and its usage
 * goes back to the caller (the tool reports it, so it counts in the parent turn's aggregates).
 */
import { toolResultText } from "../llm/message-text.ts";
import type { AgentEvent, TurnResult } from "../agent/types.ts";
import type { SubagentConfig, SubagentEventType, SubagentHandle, SubagentResult } from "../extensions/contract.ts";
import type { ExtensionRunner } from "../extensions/runner.ts";
import type { Usage } from "../llm/types.ts";
import { BUILTIN_AGENTS, type NamedAgent } from "../resources/agents.ts";
import { dirname } from "node:path";
import { EXIT } from "../errors.ts";
import { SessionStore } from "../session/store.ts";
import type { SubagentToolArgs } from "../tools/subagent.ts";
import type { Tool, ToolOutput, ToolRunContext } from "../tools/types.ts";
import { exitCodeOf } from "./exit-status.ts";
import type { ModelRuntime } from "./runtime.ts";
import type { Permissions } from "./permissions.ts";
import type { ToolSchemas } from "./tool-schemas.ts";
import { runAgentTurn } from "./turn-runner.ts";

export const DEFAULT_SUBAGENT_TIMEOUT_MS = 5 * 60_000;

/** What a subagent reports as it works (kit/ext SubagentConfig.onEvent). */
export interface SubagentEvent {
  type: SubagentEventType;
  content: string;
  toolCallId?: string;
  toolName?: string;
  toolArgs?: string;
  toolResult?: string;
  isError?: boolean;
}

export interface SubagentRequest {
  task: string;
  model?: string;
  systemPrompt?: string;
  agent?: string;
  tools?: string[];
  timeoutMs?: number;
  noSession?: boolean;
  /** The id the subagent_* events carry: the tool call's, or the handle's for ctx.spawnSubagent. */
  eventId: string;
  /** Stops the subagent when aborted (the parent's turn was cancelled). */
  signal?: AbortSignal;
  onEvent?(ev: SubagentEvent): void;
}

/** A finished subagent: the contract's result plus its usage in full, for the parent's aggregates. */
export interface SubagentOutcome extends SubagentResult {
  tokens: Usage;
  /** USD; undefined when a price was unknown. */
  cost: number | undefined;
}

/** What the parent app gives its subagents. */
export interface SubagentHost {
  cwd: string;
  runtime: ModelRuntime;
  session: SessionStore;
  agents: readonly NamedAgent[];
  /** --max-steps of the run (0 = unlimited). */
  maxSteps: number;
  /** Every tool of the parent (allow-lists pick from these), and those offered right now. */
  allTools(): Tool[];
  activeTools(): Tool[];
  /** The child's stable system prompt around its instructions. */
  systemPrompt(instructions: string, tools: Tool[]): string;
  runner(): ExtensionRunner | undefined;
  /** A callback of an extension failed: reported, never thrown into the subagent. */
  report(message: string): void;
  /** The parent's schema check: a subagent's calls are checked like the parent's. */
  schemas: ToolSchemas;
  /** The parent's permission mode and rules: a subagent's calls need the same permission. */
  permissions?: Permissions;
  /** Told when a background subagent starts or ends (the interactive UI shows how many run). */
  backgroundChanged?(): void;
}

const ZERO: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

export class Subagents {
  private readonly background = new Map<string, { done: Promise<unknown>; kill(): void }>();
  private counter = 0;

  constructor(private readonly host: SubagentHost) {}

  /** The tool's run: waits for the subagent; its answer is the result, its usage goes to the parent's turn. */
  async runTool(args: SubagentToolArgs, rc: ToolRunContext): Promise<ToolOutput> {
    const o = await this.start({
      task: args.task,
      agent: args.agent,
      model: args.model,
      tools: args.tools,
      eventId: rc.toolCallId,
      signal: rc.signal,
      // The child's steps are the tool's live output: the UI shows a running subagent's work in its
      // tool block, and stream-json carries it as tool_output.
      onEvent: (ev) => {
        if (ev.type === "tool_call") rc.onOutput(`→ ${ev.toolName ?? "tool"} ${oneLine(ev.toolArgs ?? "")}\n`, false);
        else if (ev.type === "tool_result" && ev.isError) rc.onOutput(`  ✗ ${oneLine(ev.toolResult ?? ev.content)}\n`, true);
      },
    }).done;
    const content = o.error
      ? `The subagent failed: ${o.error}${o.response ? `\n\nWhat it had answered when it stopped:\n${o.response}` : ""}`
      : o.response || "(the subagent finished without an answer)";
    return {
      content,
      isError: o.error !== undefined,
      details: { sessionId: o.sessionId, exitCode: o.exitCode, elapsedMs: o.elapsedMs, usage: o.usage },
      usage: { tokens: o.tokens, cost: o.cost },
    };
  }

  /** ctx.spawnSubagent: starts at once in the background; the handle waits for it or kills it. */
  spawn(cfg: SubagentConfig): SubagentHandle {
    if (!cfg || typeof cfg.prompt !== "string" || cfg.prompt.trim() === "") throw new TypeError("spawnSubagent: `prompt` must be a non-empty string");
    const id = `subagent-${++this.counter}`;
    const safely = (what: string, fn: () => void) => {
      try {
        fn();
      } catch (err) {
        this.host.report(`${id}: the ${what} callback failed: ${(err as Error)?.message ?? String(err)}`);
      }
    };
    const started = this.start({
      task: cfg.prompt,
      ...(cfg.model ? { model: cfg.model } : {}),
      ...(cfg.systemPrompt ? { systemPrompt: cfg.systemPrompt } : {}),
      ...(cfg.agent ? { agent: cfg.agent } : {}),
      ...(cfg.tools ? { tools: cfg.tools } : {}),
      ...(cfg.timeoutMs ? { timeoutMs: cfg.timeoutMs } : {}),
      ...(cfg.noSession ? { noSession: true } : {}),
      eventId: id,
      onEvent: (ev) => {
        if (cfg.onEvent) safely("onEvent", () => cfg.onEvent!(ev));
        if (ev.type === "text" && cfg.onOutput) safely("onOutput", () => cfg.onOutput!(ev.content));
      },
    });
    const result = started.done.then((o) => {
      const r = publicResult(o);
      if (cfg.onComplete) safely("onComplete", () => cfg.onComplete!(r));
      return r;
    });
    const entry = { done: result, kill: started.kill };
    this.background.set(id, entry);
    this.host.backgroundChanged?.();
    void result.finally(() => {
      this.background.delete(id);
      this.host.backgroundChanged?.();
    });
    return { id, wait: () => result, kill: started.kill };
  }

  /** Background subagents still running. */
  get running(): number {
    return this.background.size;
  }

  /** Resolves once no background subagent runs (those started meanwhile included). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background.values()].map((b) => b.done));
  }

  killAll(): void {
    for (const b of this.background.values()) b.kill();
  }

  /** Starts one subagent; `done` resolves (never rejects) when it has ended and subagent_end was sent. */
  start(req: SubagentRequest): { done: Promise<SubagentOutcome>; kill(): void } {
    const control = new AbortController();
    let why: "timeout" | "killed" | "cancelled" | undefined;
    const stop = (reason: NonNullable<typeof why>) => {
      why ??= reason;
      control.abort();
    };
    const onParentAbort = () => stop("cancelled");
    if (req.signal?.aborted) stop("cancelled");
    req.signal?.addEventListener("abort", onParentAbort, { once: true });
    const runner = this.host.runner();
    const emit = (ev: SubagentEvent) => {
      // toolCallId names the subagent (the parent's call); the child's own call ids stay in onEvent.
      runner?.emitNotification("subagent_chunk", { ...chunkFields(ev), toolCallId: req.eventId, task: req.task, chunkType: ev.type });
      req.onEvent?.(ev);
    };
    runner?.emitNotification("subagent_start", { toolCallId: req.eventId, task: req.task });
    const started = Date.now();
    // Never synchronously: the caller holds its handle before the first event arrives.
    const done = Promise.resolve()
      .then(() => this.execute(req, control, stop, () => why, emit))
      .catch((err: unknown): SubagentOutcome => failed(started, (err as Error)?.message ?? String(err), exitOf(err)))
      .then((o) => {
        req.signal?.removeEventListener("abort", onParentAbort);
        runner?.emitNotification("subagent_end", { toolCallId: req.eventId, task: req.task, response: o.response, errorMsg: o.error ?? "" });
        return o;
      });
    return { done, kill: () => stop("killed") };
  }

  private async execute(
    req: SubagentRequest,
    control: AbortController,
    stop: (why: "timeout") => void,
    why: () => "timeout" | "killed" | "cancelled" | undefined,
    emit: (ev: SubagentEvent) => void,
  ): Promise<SubagentOutcome> {
    const started = Date.now();
    const preset = req.agent ? this.host.agents.find((a) => a.name === req.agent) : undefined;
    if (req.agent && !preset) {
      const names = this.host.agents.map((a) => a.name);
      return failed(started, `unknown agent "${req.agent}"; ${names.length ? `the named agents are ${names.join(", ")}` : "no named agents are loaded"}`, EXIT.usage);
    }
    const runtime = this.host.runtime.derive(req.model || preset?.model || this.host.runtime.spec, preset?.temperature !== undefined ? { temperature: preset.temperature } : {});
    const tools = this.pickTools(req.tools, preset?.tools);
    const instructions = req.systemPrompt || preset?.systemPrompt || BUILTIN_AGENTS[0]!.systemPrompt;
    const timeoutMs = req.timeoutMs && req.timeoutMs > 0 ? req.timeoutMs : (preset?.timeoutMs ?? DEFAULT_SUBAGENT_TIMEOUT_MS);
    const session = this.childSession(req);
    const timer = setTimeout(() => stop("timeout"), timeoutMs);
    try {
      session.appendMessage({ role: "user", content: [{ type: "text", text: req.task }] });
      emit({ type: "turn_start", content: req.task });
      // The parent's turn loop, without extensions: a child's tool calls are not the parent's events.
      const result = await runAgentTurn({
        session,
        runtime,
        runner: undefined,
        systemPrompt: this.host.systemPrompt(instructions, tools),
        extraSystem: undefined,
        tools,
        offered: () => tools,
        schemas: this.host.schemas,
        ...(this.host.permissions ? { permissions: this.host.permissions } : {}),
        maxSteps: this.host.maxSteps,
        maxCost: 0,
        spentBefore: 0,
        onEvent: (ev) => {
          for (const chunk of chunksOf(ev)) emit(chunk);
        },
        signal: control.signal,
      });
      emit({ type: "turn_end", content: result.response });
      return outcomeOf(result, started, session.id, why(), timeoutMs);
    } finally {
      clearTimeout(timer);
      session.close();
    }
  }

  /** An allow-list picks from every tool of the parent (unknown names are an error); else the active tools. Never `subagent`. */
  private pickTools(explicit: string[] | undefined, preset: string[] | undefined): Tool[] {
    const all = this.host.allTools().filter((t) => t.name !== "subagent");
    if (explicit) {
      const unknown = explicit.filter((n) => !all.some((t) => t.name === n));
      if (unknown.length > 0) throw new Error(`unknown tool${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `"${n}"`).join(", ")} for the subagent; the tools are ${all.map((t) => t.name).join(", ")}`);
      return all.filter((t) => explicit.includes(t.name));
    }
    if (preset) return all.filter((t) => preset.includes(t.name));
    return this.host.activeTools().filter((t) => t.name !== "subagent");
  }

  private childSession(req: SubagentRequest): SessionStore {
    const parent = this.host.session;
    if (req.noSession || parent.inMemory) return SessionStore.inMemory({ cwd: this.host.cwd, subagentTask: req.task });
    return SessionStore.create({ cwd: this.host.cwd, dir: dirname(parent.path), parentSession: parent.path, parentSessionId: parent.id, subagentTask: req.task });
  }
}

/** The subagent events one agent event stands for. */
function chunksOf(ev: AgentEvent): SubagentEvent[] {
  switch (ev.type) {
    case "text_delta":
      return [{ type: "text", content: ev.text }];
    case "reasoning_delta":
      return [{ type: "reasoning", content: ev.text }];
    case "message":
      if (ev.message.role !== "assistant") return [];
      return ev.message.content.flatMap((p) => (p.type === "tool_call" ? [{ type: "tool_call" as const, content: p.input, toolCallId: p.id, toolName: p.name, toolArgs: p.input }] : []));
    case "tool_execution_start":
      return [{ type: "tool_execution_start", content: "", toolCallId: ev.call.id, toolName: ev.call.name }];
    case "tool_execution_end": {
      const text = toolResultText(ev.result.content);
      return [
        { type: "tool_result", content: text, toolCallId: ev.call.id, toolName: ev.call.name, toolResult: text, isError: ev.result.isError },
        { type: "tool_execution_end", content: "", toolCallId: ev.call.id, toolName: ev.call.name },
      ];
    }
    default:
      return [];
  }
}

/** The fields of a subagent_chunk event an event fills (content, tool name, arguments, result, error flag). */
function chunkFields(ev: SubagentEvent): Omit<SubagentEvent, "type" | "toolCallId"> {
  const { type: _type, toolCallId: _id, ...rest } = ev;
  return rest;
}

function outcomeOf(result: TurnResult, started: number, sessionId: string, why: string | undefined, timeoutMs: number): SubagentOutcome {
  const u = result.aggregates.usage;
  const base = {
    response: result.response,
    elapsedMs: Date.now() - started,
    usage: { inputTokens: u.input + u.cacheRead + u.cacheWrite, outputTokens: u.output },
    sessionId,
    tokens: { ...u },
    cost: result.aggregates.costKnown ? result.aggregates.cost : undefined,
  };
  if (why === "timeout") return { ...base, error: `timed out after ${formatSeconds(timeoutMs)} and was stopped`, exitCode: EXIT.limit };
  if (why === "killed") return { ...base, error: "killed", exitCode: EXIT.interrupted };
  if (why === "cancelled") return { ...base, error: "cancelled: the turn that started it was interrupted", exitCode: EXIT.interrupted };
  const exitCode = exitCodeOf(result);
  if (exitCode === EXIT.ok) return { ...base, exitCode };
  const error =
    result.stopReason === "error" && result.error
      ? `${result.error.kind}: ${result.error.message}`
      : result.stopReason === "max_steps"
        ? "stopped at the step limit (--max-steps)"
        : `stopped: ${result.stopReason}`;
  return { ...base, error, exitCode };
}

function failed(started: number, error: string, exitCode: number): SubagentOutcome {
  return { response: "", error, exitCode, elapsedMs: Date.now() - started, tokens: { ...ZERO }, cost: 0 };
}

function exitOf(err: unknown): number {
  const code = (err as { exitCode?: unknown })?.exitCode;
  return typeof code === "number" ? code : EXIT.runFailed;
}

/** The contract's SubagentResult (without the internal usage fields). */
export function publicResult(o: SubagentOutcome): SubagentResult {
  const { tokens: _tokens, cost: _cost, ...result } = o;
  return result;
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${Math.round(ms / 1000)} s`;
}

/** A step of the child on one short line. */
function oneLine(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}
