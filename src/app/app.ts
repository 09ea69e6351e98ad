import type { KitAppOptions, InputSource, ModeHooks, SubmitOutcome } from "./app-types.ts";
import type { TurnResult } from "../agent/types.ts";
import { UsageError } from "../errors.ts";
import type { CompleteRequest, CompleteResponse, SubagentConfig, SubagentHandle } from "../extensions/contract.ts";
import type { ExtensionHost, HostOutput, HostSessionData, HostUI } from "../extensions/host.ts";
import type { ExtensionRunner } from "../extensions/runner.ts";
import type { Message, Part } from "../llm/types.ts";
import type { SessionStore } from "../session/store.ts";
import { createBashTool } from "../tools/bash.ts";
import { withSecretsMasked } from "./tool-output-secrets.ts";
import type { Tool } from "../tools/types.ts";
import { walkFiles } from "../tools/walk.ts";
import { buildSystemPrompt } from "../resources/system-prompt.ts";
import { unknownCommand } from "./unknown-command.ts";
import { compactAfterOverflow, compactReporting, contextWindow, needsAutoCompaction, type CompactionDeps, type CompactionReport, type CompactionSkipped } from "./compaction-policy.ts";
import { DEFAULT_GRACE_MS } from "../extensions/runner.ts";
import { ExtensionSystem } from "./extension-system.ts";
import type { McpHub } from "../mcp/hub.ts";
import { elicitThroughUi } from "./mcp-elicit.ts";
import { expandMcpInput } from "./mcp-input.ts";
import { awaitMcpStartup, createMcpHub } from "./mcp-setup.ts";
import { createExtensionOutput } from "./extension-output.ts";
import { MessageRendering } from "./message-renderers.ts";
import { ModelControl } from "./model-control.ts";
import { ModelResolution } from "./model-resolution.ts";
import type { Permissions } from "./permissions.ts";
import { expandInput, SessionSkills, SkillsBridge } from "./resources.ts";
import type { ModelRuntime } from "./runtime.ts";
import { SessionLifecycle } from "./session-switch.ts";
import { createSessionData } from "./session-data.ts";
import { Subagents } from "./subagents.ts";
import { ThemeManager } from "./themes.ts";
import { ToolSchemas } from "./tool-schemas.ts";
import { ToolAllowList } from "./tool-selection.ts";
import { TreeBridge } from "./tree-bridge.ts";
import { agentEndPayload } from "./turn-events.ts";
import { runAgentTurn } from "./turn-runner.ts";
import { SteeringInbox } from "./steering.ts";

export type { AppOutput, InputSource, KitAppOptions, ModeHooks, SubmitOutcome, SwitchOutcome, SwitchReason } from "./app-types.ts";

/**
 * The mode-agnostic core: the prompt pipeline (input → commands → before_agent_start → turn), the
 * turn (run by turn-runner.ts with extension hooks and persistence), queued follow-ups, and everything
 * extensions reach through their Context. Modes render its events and decide when to stop.
 */
export class KitApp implements ExtensionHost {
  extensions: ExtensionSystem | undefined;
  readonly interactive: boolean;
  readonly cwd: string;
  private readonly queue: { text: string; source: InputSource }[] = [];
  private turn: AbortController | undefined;
  /** Aborted by interrupt(): waits for extension handlers stop, until the next input starts anew. */
  private waits = new AbortController();
  private readonly allowList = new ToolAllowList();
  private readonly toolSchemas = new ToolSchemas();
  private exitRequested = false;
  readonly subagents: Subagents;
  readonly tree: TreeBridge;
  readonly models: ModelResolution;
  readonly skills: SkillsBridge;
  /** ctx.getContextStats … ctx.listState (session-data.ts). */
  readonly sessionData: HostSessionData;
  readonly themes: ThemeManager;
  /** New, resume, fork: the operations of the session lifecycle (session-switch.ts). */
  readonly sessions: SessionLifecycle;
  /** The run's MCP servers; undefined when none is configured. */
  readonly mcp: McpHub | undefined;
  /** ctx.setModel … ctx.callMcpTool (model-control.ts). */
  readonly modelControl: ModelControl;
  /** ctx.print … ctx.renderMessage (extension-output.ts). */
  readonly output: HostOutput;
  /** The permission mode (read and changed at run time: Shift+Tab, ACP session modes) and the project's rules. */
  readonly permissions: Permissions;
  private readonly hooks: ModeHooks;
  /** Messages sent into the running turn, waiting for its next model call. */
  readonly steering: SteeringInbox;

  constructor(private readonly o: KitAppOptions) {
    this.interactive = o.interactive;
    this.cwd = o.cwd;
    this.hooks = o.hooks ?? {};
    this.steering = new SteeringInbox(() => this.extensions?.runner, () => this.hooks.steeringChanged?.());
    this.permissions = o.permissions;
    const sessionSkills = o.resources?.skills ?? SessionSkills.none(o.cwd);
    this.subagents = new Subagents({
      cwd: o.cwd,
      runtime: o.runtime,
      get session() {
        return o.session;
      },
      agents: o.resources?.agents ?? [],
      maxSteps: o.config.number("max-steps") ?? 0,
      allTools: () => this.tools(),
      activeTools: () => this.offeredTools(),
      systemPrompt: (instructions, tools) =>
        buildSystemPrompt({ cwd: o.cwd, configDir: o.config.paths.configDir, customPrompt: instructions, tools, date: new Date(), skills: sessionSkills.list() }),
      runner: () => this.extensions?.runner,
      report: (m) => o.output.printError(m),
      schemas: this.toolSchemas,
      permissions: o.permissions,
      backgroundChanged: () => this.hooks.subagentsChanged?.(),
    });
    this.tree = new TreeBridge({
      get session() {
        return o.session;
      },
      isIdle: () => this.isIdle(),
      complete: (req) => this.complete(req),
      contextWindow: () => contextWindow(o.runtime),
    });
    this.models = new ModelResolution(o.runtime);
    this.skills = new SkillsBridge(sessionSkills, o.cwd);
    this.sessionData = createSessionData(o);
    this.themes =
      o.themes ??
      new ThemeManager({
        configDir: o.config.paths.configDir,
        cwd: o.cwd,
        preferred: o.config.string("theme"),
        level: "none",
        dark: true,
        preferencesFile: o.config.paths.preferencesFile,
        report: (m) => o.output.printError(m),
      });
    this.sessions = new SessionLifecycle(this, { cwd: o.cwd, dataDir: o.config.paths.dataDir, hooks: this.hooks });
    this.mcp = createMcpHub({
      servers: o.mcpServers ?? [],
      cwd: o.cwd,
      dataDir: o.config.paths.dataDir,
      interactive: o.interactive,
      info: (m) => o.output.printInfo(m),
      env: o.env,
      report: (m) => o.output.printError(m),
      complete: (req) => this.complete(req),
      // The UI exists once the interactive mode has attached it; until then, and headless, it is declined.
      elicit: (question) => elicitThroughUi(this.ui, question),
    });
    this.modelControl = new ModelControl({
      runtime: o.runtime,
      get session() {
        return o.session;
      },
      runner: () => this.extensions?.runner,
      tools: () => this.tools(),
      coreTools: o.coreTools,
      mcp: this.mcp,
      allowList: this.allowList,
    });
    const rendering = new MessageRendering({
      lookup: (name) => this.extensions?.runner.registry.messageRenderer(name),
      warn: (m) => o.output.printError(m),
      error: (m) => o.output.printError(m),
    });
    this.output = createExtensionOutput({
      get output() {
        return o.output;
      },
      ui: () => this.ui,
      rendering,
    });
  }

  /**
   * Loads extensions (unless --no-extensions without -e leaves nothing to load) and fires
   * session_start. `builtinCommands`: the mode's own slash commands, which extensions cannot take.
   */
  async start(builtinCommands: string[] = []): Promise<void> {
    const extensionConsole = this.o.output.extensionConsole?.bind(this.o.output);
    // MCP servers start while extensions load; only a headless run waits for them (the UI paints first).
    const mcpStarting = this.mcp && !this.interactive ? awaitMcpStartup(this.mcp, this.o.config, (m) => this.o.output.printError(m)) : this.mcp?.startAll();
    this.extensions = await ExtensionSystem.start({
      configDir: this.o.config.paths.configDir,
      cwd: this.o.cwd,
      env: this.o.env,
      explicit: this.o.extensionPaths,
      configPaths: this.o.config.list("extension"),
      noDiscovery: this.o.config.bool("no-extensions"),
      skipProject: this.o.config.projectSkipped,
      options: this.o.config.options,
      builtinTools: this.o.coreTools.map((t) => t.name),
      builtinCommands,
      host: this,
      report: (m) => this.o.output.printError(m),
      graceMs: Math.max(0, (this.o.config.number("extension-grace") ?? DEFAULT_GRACE_MS / 1000) * 1000),
      ...(extensionConsole ? { guard: { console: extensionConsole } } : {}),
    });
    if (!this.interactive) await mcpStarting;
    this.extensions.runner.emitNotification("session_start", { sessionId: this.sessionId(), reason: "startup" });
  }

  /** Extensions are loaded and the process is guarded against them (ExtensionSystemOptions.guard). */
  get guardsProcess(): boolean {
    return this.extensions?.guarding ?? false;
  }

  get exiting(): boolean {
    return this.exitRequested;
  }

  /** The session the app works in (it changes on a session switch, see session-switch.ts). */
  get session(): SessionStore {
    return this.o.session;
  }

  get runtime(): ModelRuntime {
    return this.o.runtime;
  }

  /** The terminal UI's members of the Context (interactive mode); undefined when headless. */
  get ui(): HostUI | undefined {
    return this.hooks.ui;
  }

  runner(): ExtensionRunner | undefined {
    return this.extensions?.runner;
  }

  /** Kit's bash tool as the user's `!command` runs it: the model's cwd, timeouts and output files, even when --tools leaves bash out. */
  userShell(): Tool {
    // Its output may go into a message: masked like a tool's (tool-output-secrets.ts).
    return withSecretsMasked(createBashTool(this.o.toolOptions), () => this.runtime.secretValues());
  }

  /** The prompt templates' names: `/name` input expands one (app/resources.ts). */
  /**
   * Why `text` cannot be sent, when it names no command: `builtins` are the mode's own commands,
   * `listedBy` says where the user finds the list.
   */
  unknownCommand(text: string, builtins: Iterable<string>, listedBy: string): string | undefined {
    const ext = this.extensions?.runner.registry.commands().map((c) => c.name) ?? [];
    const mcp = this.mcp?.prompts().map((p) => `${p.server}:${p.name}`) ?? [];
    return unknownCommand(text, [...builtins, ...ext, ...mcp, ...this.promptTemplateNames()], (server) => this.mcp?.has(server) ?? false, listedBy);
  }

  promptTemplateNames(): string[] {
    return this.o.resources?.templates.map((t) => t.name) ?? [];
  }

  /** The project's files (gitignore respected), for `@file` completion. */
  projectFiles(): AsyncGenerator<string> {
    return walkFiles(this.o.cwd, this.o.cwd);
  }

  /**
   * Moves the app to another session: the old one is made durable and released, extension state is
   * re-bound to the new one's sidecar. Events are the caller's (app/session-switch.ts).
   */
  useSession(store: SessionStore): void {
    const old = this.o.session;
    if (old === store) return;
    old.sync();
    this.o.session = store;
    const warning = this.o.state.rebind(store.path);
    if (warning) this.o.output.printError(warning);
    old.close();
  }

  /** The prompt pipeline for one input. `attachments` (files, images) go before the text. */
  async submit(text: string, source: InputSource, attachments: Part[] = []): Promise<SubmitOutcome> {
    const runner = this.extensions?.runner;
    if (this.waits.signal.aborted) this.waits = new AbortController();
    // An extension command runs before `input`, which fires only for input that would start a turn
    // (as built-in commands never reach it). The command's text is the mode's to show (a system
    // message in the UI, the answer when headless).
    const command = await this.extensions?.runCommand(text);
    if (command) return { kind: "command", ...command };

    const input = await runner?.emitResult("input", { text, source });
    if (input?.action === "handled") return { kind: "handled" };
    if (input?.action === "transform" && typeof input.text === "string") text = input.text;

    // `/skill:name …` and prompt templates; a bad one throws a UsageError before anything is sent.
    if (this.mcp) {
      const mcp = await expandMcpInput(text, this.mcp);
      text = mcp.text;
      attachments = [...attachments, ...mcp.attachments];
    }
    const expanded = expandInput(text, this.o.resources);
    text = expanded.text;
    const before = await runner?.emitResult("before_agent_start", { prompt: text });
    const parts: Part[] = [...attachments];
    // Skills injected by extensions (ctx.injectSkillAsContext) since the last prompt, then this input's own.
    for (const context of [...this.skills.takeInjected(), ...expanded.context]) parts.push({ type: "text", text: context });
    if (before?.injectText) parts.push({ type: "text", text: before.injectText });
    if (text !== "" || parts.length === 0) parts.push({ type: "text", text });
    // A first start without a key: nothing can answer until /login stores one.
    if (this.o.runtime.missingKey) throw this.o.runtime.missingKey;
    const user: Message = { role: "user", content: parts };
    const failedBefore = this.o.session.writeError;
    this.o.session.appendMessage(user);
    // A prompt that cannot be kept is not sent: the run stops before costing anything (exit 1, kind
    // session_write). Once reported, the session goes on in memory.
    const unsaved = this.o.session.writeError;
    if (unsaved && unsaved !== failedBefore) throw unsaved;
    this.o.output.userMessage?.(text, source);
    runner?.emitNotification("agent_start", { prompt: text });
    if (this.o.config.bool("auto-compact") && needsAutoCompaction(this.compactionDeps())) await this.compactQuietly("auto");
    let result = await this.runTurn(before?.systemPrompt);
    // A context overflow is answered once: compact, then run the turn again on the smaller context.
    if (result.error?.kind === "context_overflow") {
      const notCompacted = await compactAfterOverflow(this.compactionDeps(), this.o.output);
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
    this.queue.unshift(...this.steering.takeBack().map((t) => ({ text: t, source: "steer" as const })));
    runner?.emitNotification("agent_end", agentEndPayload(result));
    if (result.error) runner?.emitNotification("error", { error: `${result.error.kind}: ${result.error.message}` });
    this.extensions?.turnEnded();
    return { kind: "turn", result };
  }

  /**
   * Runs queued follow-ups (ctx.sendMessage) one after another until none is left. Notification
   * handlers still running (an async agent_end handler that awaits, then sends) are waited for
   * first, and background subagents once nothing else is queued, so what they queue is not lost.
   */
  async drainQueue(onResult?: (outcome: SubmitOutcome) => void): Promise<void> {
    for (;;) {
      await this.extensions?.runner.drain({ signal: this.waits.signal });
      if (this.exitRequested) return;
      if (this.queue.length === 0) {
        // Background subagents may still report (onComplete) and queue follow-ups.
        if (this.subagents.running === 0) return;
        await this.subagents.idle();
        continue;
      }
      const next = this.queue.shift()!;
      try {
        onResult?.(await this.submit(next.text, next.source));
      } catch (err) {
        // A queued `/template` with too few arguments or an unknown `/skill:` is reported, and the queue goes on.
        if (!(err instanceof UsageError)) throw err;
        this.o.output.printError(err.message);
      }
    }
  }

  /**
   * Fires session_shutdown, waits for extension deliveries (at most `graceMs`, default the configured
   * grace period), and makes the session durable.
   */
  async shutdown(opts: { graceMs?: number } = {}): Promise<void> {
    this.subagents.killAll();
    await this.extensions?.shutdown(opts.graceMs);
    await this.mcp?.closeAll();
    this.o.state.flush();
    this.o.session.sync();
  }

  private tools(): Tool[] {
    return [...this.o.coreTools, ...(this.extensions?.tools() ?? []), ...(this.mcp?.tools() ?? [])];
  }

  /** The tools offered now: all of them, or those of the allow-list (ctx.setActiveTools), as far as the permission mode offers them. */
  private offeredTools(all: Tool[] = this.tools()): Tool[] {
    return this.permissions.offered(this.allowList.offered(all));
  }

  private async runTurn(extraSystem: string | undefined): Promise<TurnResult> {
    const all = this.tools();
    this.turn = new AbortController();
    try {
      return await runAgentTurn({
        session: this.o.session,
        runtime: this.o.runtime,
        runner: this.extensions?.runner,
        systemPrompt: this.o.systemPrompt,
        extraSystem,
        tools: all,
        // MCP servers may change their tools mid-turn (tools/list_changed): the tools are asked again at each step.
        ...(this.mcp ? { currentTools: () => this.tools() } : {}),
        // The allow-list (ctx.setActiveTools) is read at every call: a change applies from the next call on.
        offered: () => this.offeredTools(this.mcp ? this.tools() : all),
        schemas: this.toolSchemas,
        permissions: this.permissions,
        maxSteps: this.o.config.number("max-steps") ?? 0,
        maxCost: this.o.config.number("max-cost") ?? 0,
        spentBefore: this.sessionData.getSessionUsage().totalCost,
        onEvent: (ev) => this.o.output.event(ev),
        signal: this.turn.signal,
        steering: () => this.steering.take(),
      });
    } finally {
      this.turn = undefined;
      // A turn's end is the durability point of the session file.
      this.o.session.sync();
    }
  }

  // ── ExtensionHost ────────────────────────────────────────────────────────────────────────────

  sessionId(): string {
    return this.o.session.id;
  }
  model(): string {
    return this.o.runtime.spec;
  }

  sendMessage(text: string): void {
    this.queue.push({ text, source: "extension" });
    this.hooks.queued?.();
  }
  cancelAndSend(text: string): void {
    this.queue.length = 0;
    this.abort();
    this.queue.push({ text, source: "extension" });
    this.hooks.queued?.();
  }
  steer(text: string): void {
    if (!this.turn) return this.sendMessage(text);
    this.steering.add(text);
  }
  abort(): void {
    this.turn?.abort();
  }
  /** Interrupts the running turn (Ctrl+C); the queue is dropped and background subagents are stopped too. */
  interrupt(): void {
    this.queue.length = 0;
    this.subagents.killAll();
    this.abort();
    this.waits.abort();
  }
  isIdle(): boolean {
    return this.turn === undefined;
  }
  async newSession(prompt?: string): Promise<void> {
    return this.sessions.newFromExtension(prompt);
  }
  /** ctx.compact and /compact: throws when the summariser fails; says so when there is nothing to do. */
  async compact(opts?: { customInstructions?: string }): Promise<void> {
    await this.compactManually(opts?.customInstructions);
  }

  /** As compact, with its outcome, for a mode that words it itself (ACP's /compact). */
  async compactManually(customInstructions?: string): Promise<CompactionReport | CompactionSkipped> {
    // Manual compaction rethrows its failure, so there is always an outcome.
    return (await compactReporting(this.compactionDeps(), this.o.output, "manual", customInstructions, true))!;
  }

  private compactionDeps(): CompactionDeps {
    return { session: this.o.session, runtime: this.o.runtime, systemPrompt: this.o.systemPrompt, runner: this.extensions?.runner };
  }

  /** Automatic compaction: a failure is reported, not thrown, and the turn goes on. */
  private async compactQuietly(reason: "auto"): Promise<void> {
    await compactReporting(this.compactionDeps(), this.o.output, reason);
  }

  exit(): void {
    this.exitRequested = true;
    this.queue.length = 0;
    this.hooks.exit?.();
  }

  async complete(req: CompleteRequest): Promise<CompleteResponse> {
    const { completeOnce } = await import("./complete.ts");
    return completeOnce(this.o.runtime, req);
  }

  spawnSubagent(cfg: SubagentConfig): SubagentHandle {
    return this.subagents.spawn(cfg);
  }

  async reloadExtensions(): Promise<void> {
    const errors = (await this.extensions?.reload(this.sessionId())) ?? [];
    if (errors.length) throw new Error(`reload finished with ${errors.length} extension(s) failing to load (reported above)`);
  }
}
