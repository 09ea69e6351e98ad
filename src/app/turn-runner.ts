import { refreshTools, runAgent } from "../agent/loop.ts";
import type { AgentEvent, TurnResult } from "../agent/types.ts";
import type { ExtensionRunner } from "../extensions/runner.ts";
import type { Message } from "../llm/types.ts";
import { withoutValues } from "../secret-values.ts";
import type { SessionStore } from "../session/store.ts";
import type { Tool } from "../tools/types.ts";
import type { ModelRuntime } from "./runtime.ts";
import type { Permissions } from "./permissions.ts";
import type { ToolSchemas } from "./tool-schemas.ts";
import { TurnEvents } from "./turn-events.ts";
import { turnHooks } from "./turn-hooks.ts";

export interface TurnSetup {
  session: SessionStore;
  runtime: ModelRuntime;
  runner: ExtensionRunner | undefined;
  /** The session's stable system prompt. */
  systemPrompt: string;
  /** What before_agent_start added to the system prompt for this prompt. */
  extraSystem: string | undefined;
  /** Every tool of the turn. */
  tools: Tool[];
  /** Every tool now, asked at each step: the set may change within a turn (MCP tools/list_changed). */
  currentTools?: () => Tool[];
  /** The tools offered on a call, asked at every call (the allow-list may change mid-turn). */
  offered: () => Tool[];
  /** Checks every call's arguments against its tool's schema (the app's, so each schema compiles once). */
  schemas: ToolSchemas;
  /** The permission gate every call passes after the schema check and the allow-list; none = all allowed. */
  permissions?: Permissions;
  /** --max-steps and --max-cost; 0 = unlimited. */
  maxSteps: number;
  maxCost: number;
  /** What the session cost before this turn (--max-cost counts it). */
  spentBefore: number;
  /** What the caller does with every event (the mode renders it; a subagent reports it as chunks). */
  onEvent: (ev: AgentEvent) => void;
  signal: AbortSignal;
  /** User messages sent into the turn while it runs (app/steering.ts); none for a subagent. */
  steering?: () => Promise<Message[]>;
}

/**
 * One turn of the agent loop over the session's context: the extension hooks act on it
 * (turn-hooks.ts), and each event is persisted and announced to extensions (turn-events.ts) before
 * the caller gets it. The app's turns and subagents' turns (without extensions) run here. Aborting and making the session durable afterwards are the caller's.
 */
export async function runAgentTurn(t: TurnSetup): Promise<TurnResult> {
  const byName = new Map(t.tools.map((tool) => [tool.name, tool]));
  const events = new TurnEvents(t.session, t.runner, byName);
  const rt = t.runtime;
  // Looked up again at each step: a model switched mid-turn brings its own key.
  let secrets = rt.secretValues();
  const hooks = turnHooks({
    runner: t.runner,
    byName,
    offered: t.offered,
    kindOf: (name) => events.kindOf(name),
    schemas: t.schemas,
    ...(t.permissions ? { permissions: t.permissions } : {}),
    secrets: () => secrets,
  });
  const turn = runAgent({
    // Read at every call, so a model switched mid-turn (ctx.setModel) answers the following calls.
    provider: { stream: (req, signal) => rt.provider.stream(req, signal) },
    request: {
      get target() {
        return rt.target;
      },
      system: { stable: t.systemPrompt, ...(t.extraSystem ? { dynamic: t.extraSystem } : {}) },
      options: rt.generation,
      get outputLimit() {
        return rt.model.info?.outputLimit || undefined;
      },
    },
    messages: t.session.context(),
    tools: t.tools,
    ...(t.currentTools ? { currentTools: t.currentTools } : {}),
    offeredTools: t.offered,
    hooks: t.steering ? { ...hooks, steering: t.steering } : hooks,
    maxSteps: t.maxSteps,
    maxCost: t.maxCost,
    spentBefore: t.spentBefore,
    costOf: rt.costOf,
    signal: t.signal,
  });
  let next: IteratorResult<AgentEvent, TurnResult>;
  while (!(next = await turn.next()).done) {
    let ev = next.value;
    if (ev.type === "step_start") {
      secrets = rt.secretValues();
      if (t.currentTools) refreshTools(byName, t.currentTools());
    }
    // Live output is masked as the finished result is (turn-hooks.ts): bash streams whole lines, so a key is never split.
    if (ev.type === "tool_output") {
      const chunk = withoutValues(ev.chunk, secrets);
      if (chunk !== ev.chunk) ev = { ...ev, chunk };
    }
    events.handle(ev);
    t.onEvent(ev);
  }
  return next.value;
}
