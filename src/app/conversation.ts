import type { AppOutput, InputSource, ModeHooks, SubmitOutcome } from "./app-types.ts";
import type { TurnResult } from "../agent/types.ts";
import type { Config } from "../config/config.ts";
import { UsageError } from "../errors.ts";
import type { Message, Part } from "../llm/types.ts";
import type { McpHub } from "../mcp/hub.ts";
import type { SessionStore } from "../session/store.ts";
import type { Tool } from "../tools/types.ts";
import { compactAfterOverflow, compactReporting, needsAutoCompaction, type CompactionDeps, type CompactionReport, type CompactionSkipped } from "./compaction-policy.ts";
import type { ExtensionSystem } from "./extension-system.ts";
import { expandMcpInput } from "./mcp-input.ts";
import type { Permissions } from "./permissions.ts";
import { expandInput, type AppResources, type SkillsBridge } from "./resources.ts";
import type { ModelRuntime } from "./runtime.ts";
import { SteeringInbox } from "./steering.ts";
import type { Subagents } from "./subagents.ts";
import type { ToolSchemas } from "./tool-schemas.ts";
import { agentEndPayload } from "./turn-events.ts";
import { runAgentTurn } from "./turn-runner.ts";

/** What of the app the conversation works with (KitApp gives it at construction). */
export interface ConversationSource {
  /** The app's current session (a getter: a session switch replaces it). */
  readonly session: SessionStore;
  readonly runtime: ModelRuntime;
  readonly config: Config;
  readonly output: AppOutput;
  readonly hooks: ModeHooks;
  readonly resources: AppResources | undefined;
  /** The stable system prompt of the session. */
  readonly systemPrompt: string;
  /** The extensions, once KitApp.start loaded them. */
  extensions(): ExtensionSystem | undefined;
  readonly mcp: McpHub | undefined;
  readonly skills: SkillsBridge;
  readonly subagents: Subagents;
  readonly permissions: Permissions;
  readonly schemas: ToolSchemas;
  /** Every tool of the run now: core, extensions', MCP servers'. */
  tools(): Tool[];
  /** Of `all`, the tools offered now (allow-list and permission mode). */
  offeredTools(all: Tool[]): Tool[];
  /** What the session has cost so far (--max-cost counts it). */
  spent(): number;
}

/**
 * The conversation's control: the prompt pipeline for one input (input → commands →
 * before_agent_start → turn), the running turn and its abort, the follow-ups queued behind it
 * (ctx.sendMessage), steering into it, compaction, and exit. It owns the state of what runs and what
 * waits; KitApp assembles it and answers the Context's conversation members through it.
 */
export class Conversation {
  private readonly queue: { text: string; source: InputSource; attachments?: Part[] }[] = [];
  private turn: AbortController | undefined;
  /** Aborted by interrupt(): waits for extension handlers stop, until the next input starts anew. */
  private waits = new AbortController();
  private exitRequested = false;
  /** Messages sent into the running turn, waiting for its next model call. */
  readonly steering: SteeringInbox;

  constructor(private readonly src: ConversationSource) {
    this.steering = new SteeringInbox(() => src.extensions()?.runner, () => src.hooks.steeringChanged?.());
  }

  get exiting(): boolean {
    return this.exitRequested;
  }

  /** The prompt pipeline for one input. `attachments` (files, images) go before the text. */
  async submit(text: string, source: InputSource, attachments: Part[] = []): Promise<SubmitOutcome> {
    const src = this.src;
    const extensions = src.extensions();
    const runner = extensions?.runner;
    if (this.waits.signal.aborted) this.waits = new AbortController();
    // An extension command runs before `input`, which fires only for input that would start a turn
    // (as built-in commands never reach it). The command's text is the mode's to show (a system
    // message in the UI, the answer when headless).
    const command = await extensions?.runCommand(text);
    if (command) return { kind: "command", ...command };

    const input = await runner?.emitResult("input", { text, source });
    if (input?.action === "handled") return { kind: "handled" };
    if (input?.action === "transform" && typeof input.text === "string") text = input.text;

    // `/skill:name …` and prompt templates; a bad one throws a UsageError before anything is sent.
    if (src.mcp) {
      const mcp = await expandMcpInput(text, src.mcp);
      text = mcp.text;
      attachments = [...attachments, ...mcp.attachments];
    }
    const expanded = expandInput(text, src.resources);
    text = expanded.text;
    const before = await runner?.emitResult("before_agent_start", { prompt: text });
    const parts: Part[] = [...attachments];
    // Skills injected by extensions (ctx.injectSkillAsContext) since the last prompt, then this input's own.
    for (const context of [...src.skills.takeInjected(), ...expanded.context]) parts.push({ type: "text", text: context });
    if (before?.injectText) parts.push({ type: "text", text: before.injectText });
    if (text !== "" || parts.length === 0) parts.push({ type: "text", text });
    // A first start without a key: nothing can answer until /login stores one.
    if (src.runtime.missingKey) throw src.runtime.missingKey;
    const user: Message = { role: "user", content: parts };
    const failedBefore = src.session.writeError;
    src.session.appendMessage(user);
    // A prompt that cannot be kept is not sent: the run stops before costing anything (exit 1, kind
    // session_write). Once reported, the session goes on in memory.
    const unsaved = src.session.writeError;
    if (unsaved && unsaved !== failedBefore) throw unsaved;
    src.output.userMessage?.(text, source);
    runner?.emitNotification("agent_start", { prompt: text });
    if (src.config.bool("auto-compact") && needsAutoCompaction(this.compactionDeps())) await this.compactQuietly("auto");
    let result = await this.runTurn(before?.systemPrompt);
    // A context overflow is answered once: compact, then run the turn again on the smaller context.
    if (result.error?.kind === "context_overflow") {
      const notCompacted = await compactAfterOverflow(this.compactionDeps(), src.output);
      if (notCompacted === undefined) {
        result = await this.runTurn(before?.systemPrompt);
        if (result.error?.kind === "context_overflow") {
          result.error.message = `the conversation still does not fit the model's context window after compacting it (${result.error.message})`;
        }
      } else if (notCompacted !== "") {
        result.error.message = `${result.error.message}; ${notCompacted}`;
      }
    }
    // Steering that came after the turn's last chance to take it runs next, before other follow-ups.
    this.queue.unshift(...this.steering.takeBack().map((m) => ({ ...m, source: "steer" as const })));
    runner?.emitNotification("agent_end", agentEndPayload(result));
    if (result.error) runner?.emitNotification("error", { error: `${result.error.kind}: ${result.error.message}` });
    extensions?.turnEnded();
    return { kind: "turn", result };
  }

  /**
   * Runs queued follow-ups (ctx.sendMessage) one after another until none is left. Notification
   * handlers still running (an async agent_end handler that awaits, then sends) are waited for
   * first, and background subagents once nothing else is queued, so what they queue is not lost.
   */
  async drainQueue(onResult?: (outcome: SubmitOutcome) => void): Promise<void> {
    for (;;) {
      await this.src.extensions()?.runner.drain({ signal: this.waits.signal });
      if (this.exitRequested) return;
      if (this.queue.length === 0) {
        // Background subagents may still report (onComplete) and queue follow-ups.
        if (this.src.subagents.running === 0) return;
        await this.src.subagents.idle();
        continue;
      }
      const next = this.queue.shift()!;
      try {
        onResult?.(await this.submit(next.text, next.source, next.attachments));
      } catch (err) {
        // A queued `/template` with too few arguments or an unknown `/skill:` is reported, and the queue goes on.
        if (!(err instanceof UsageError)) throw err;
        this.src.output.printError(err.message);
      }
    }
  }

  private async runTurn(extraSystem: string | undefined): Promise<TurnResult> {
    const src = this.src;
    const all = src.tools();
    this.turn = new AbortController();
    try {
      return await runAgentTurn({
        session: src.session,
        runtime: src.runtime,
        runner: src.extensions()?.runner,
        systemPrompt: src.systemPrompt,
        extraSystem,
        tools: all,
        // MCP servers may change their tools mid-turn (tools/list_changed): the tools are asked again at each step.
        ...(src.mcp ? { currentTools: () => src.tools() } : {}),
        // The allow-list (ctx.setActiveTools) is read at every call: a change applies from the next call on.
        offered: () => src.offeredTools(src.mcp ? src.tools() : all),
        schemas: src.schemas,
        permissions: src.permissions,
        maxSteps: src.config.number("max-steps") ?? 0,
        maxCost: src.config.number("max-cost") ?? 0,
        spentBefore: src.spent(),
        onEvent: (ev) => src.output.event(ev),
        signal: this.turn.signal,
        steering: () => this.steering.take(),
      });
    } finally {
      this.turn = undefined;
      // A turn's end is the durability point of the session file.
      src.session.sync();
    }
  }

  sendMessage(text: string, attachments: Part[] = []): void {
    this.queue.push({ text, source: "extension", attachments });
    this.src.hooks.queued?.();
  }

  cancelAndSend(text: string): void {
    this.queue.length = 0;
    this.abort();
    this.sendMessage(text);
  }

  /** `attachments`: the files the user's `@path`s named (the UI reads them as the message is sent). */
  steer(text: string, attachments: Part[] = []): void {
    if (!this.turn) return this.sendMessage(text, attachments);
    this.steering.add(text, attachments);
  }

  abort(): void {
    this.turn?.abort();
  }

  /** Interrupts the running turn (Ctrl+C); the queue is dropped and background subagents are stopped too. */
  interrupt(): void {
    this.queue.length = 0;
    this.src.subagents.killAll();
    this.abort();
    this.waits.abort();
  }

  isIdle(): boolean {
    return this.turn === undefined;
  }

  /** ctx.compact and /compact: throws when the summariser fails; says so when there is nothing to do. */
  async compact(opts?: { customInstructions?: string }): Promise<void> {
    await this.compactManually(opts?.customInstructions);
  }

  /** As compact, with its outcome, for a mode that words it itself (ACP's /compact). */
  async compactManually(customInstructions?: string): Promise<CompactionReport | CompactionSkipped> {
    // Manual compaction rethrows its failure, so there is always an outcome.
    return (await compactReporting(this.compactionDeps(), this.src.output, "manual", customInstructions, true))!;
  }

  exit(): void {
    this.exitRequested = true;
    this.queue.length = 0;
    this.src.hooks.exit?.();
  }

  private compactionDeps(): CompactionDeps {
    const src = this.src;
    return { session: src.session, runtime: src.runtime, systemPrompt: src.systemPrompt, runner: src.extensions()?.runner };
  }

  /** Automatic compaction: a failure is reported, not thrown, and the turn goes on. */
  private async compactQuietly(reason: "auto"): Promise<void> {
    await compactReporting(this.compactionDeps(), this.src.output, reason);
  }
}
