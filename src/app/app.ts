import type { KitAppOptions, InputSource, ModeHooks, SubmitOutcome } from "./app-types.ts";
import type { CompleteRequest, CompleteResponse, SubagentConfig, SubagentHandle } from "../extensions/contract.ts";
import type { ExtensionHost, HostOutput, HostSessionData, HostUI } from "../extensions/host.ts";
import type { ExtensionRunner } from "../extensions/runner.ts";
import type { Part } from "../llm/types.ts";
import type { SessionStore } from "../session/store.ts";
import { createBashTool } from "../tools/bash.ts";
import { withSecretsMasked } from "./tool-output-secrets.ts";
import type { Tool } from "../tools/types.ts";
import { walkFiles } from "../tools/walk.ts";
import { buildSystemPrompt } from "../resources/system-prompt.ts";
import { unknownCommand } from "./unknown-command.ts";
import { contextWindow, type CompactionReport, type CompactionSkipped } from "./compaction-policy.ts";
import { DEFAULT_GRACE_MS } from "../extensions/runner.ts";
import { ExtensionSystem } from "./extension-system.ts";
import type { McpHub } from "../mcp/hub.ts";
import { elicitThroughUi } from "./mcp-elicit.ts";
import { awaitMcpStartup, createMcpHub } from "./mcp-setup.ts";
import { createExtensionOutput } from "./extension-output.ts";
import { MessageRendering } from "./message-renderers.ts";
import { ModelControl } from "./model-control.ts";
import { ModelResolution } from "./model-resolution.ts";
import type { Permissions } from "./permissions.ts";
import { SessionSkills, SkillsBridge } from "./resources.ts";
import type { ModelRuntime } from "./runtime.ts";
import { SessionLifecycle } from "./session-switch.ts";
import { createSessionData } from "./session-data.ts";
import { Subagents } from "./subagents.ts";
import { ThemeManager } from "./themes.ts";
import { ToolSchemas } from "./tool-schemas.ts";
import { ToolAllowList } from "./tool-selection.ts";
import { TreeBridge } from "./tree-bridge.ts";
import { Conversation } from "./conversation.ts";
import type { SteeringInbox } from "./steering.ts";

export type { AppOutput, InputSource, KitAppOptions, ModeHooks, SubmitOutcome, SwitchOutcome, SwitchReason } from "./app-types.ts";

/**
 * The mode-agnostic core, assembled from its owners: the conversation (conversation.ts: the prompt
 * pipeline, the running turn, queued follow-ups, steering), the session lifecycle, the extensions,
 * the tools, MCP servers, subagents, and everything extensions reach through their Context. Modes
 * render its events and decide when to stop.
 */
export class KitApp implements ExtensionHost {
  extensions: ExtensionSystem | undefined;
  readonly interactive: boolean;
  readonly cwd: string;
  private readonly allowList = new ToolAllowList();
  private readonly toolSchemas = new ToolSchemas();
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
  /** The prompt pipeline, the running turn, follow-ups, steering, compaction, exit (conversation.ts). */
  private readonly conversation: Conversation;
  /** Messages sent into the running turn, waiting for its next model call. */
  readonly steering: SteeringInbox;

  constructor(private readonly o: KitAppOptions) {
    this.interactive = o.interactive;
    this.cwd = o.cwd;
    this.hooks = o.hooks ?? {};
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
    this.conversation = new Conversation({
      get session() {
        return o.session;
      },
      runtime: o.runtime,
      config: o.config,
      output: o.output,
      hooks: this.hooks,
      resources: o.resources,
      systemPrompt: o.systemPrompt,
      extensions: () => this.extensions,
      mcp: this.mcp,
      skills: this.skills,
      subagents: this.subagents,
      permissions: this.permissions,
      schemas: this.toolSchemas,
      tools: () => this.tools(),
      offeredTools: (all) => this.offeredTools(all),
      spent: () => this.sessionData.getSessionUsage().totalCost,
    });
    this.steering = this.conversation.steering;
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
    return this.conversation.exiting;
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

  /**
   * Why `text` cannot be sent, when it names no command: `builtins` are the mode's own commands,
   * `listedBy` says where the user finds the list.
   */
  unknownCommand(text: string, builtins: Iterable<string>, listedBy: string): string | undefined {
    const ext = this.extensions?.runner.registry.commands().map((c) => c.name) ?? [];
    const mcp = this.mcp?.prompts().map((p) => `${p.server}:${p.name}`) ?? [];
    return unknownCommand(text, [...builtins, ...ext, ...mcp, ...this.promptTemplateNames()], (server) => this.mcp?.has(server) ?? false, listedBy);
  }

  /** The prompt templates' names: `/name` input expands one (app/resources.ts). */
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
  submit(text: string, source: InputSource, attachments: Part[] = []): Promise<SubmitOutcome> {
    return this.conversation.submit(text, source, attachments);
  }

  /** Runs queued follow-ups (ctx.sendMessage) until none is left (conversation.ts). */
  drainQueue(onResult?: (outcome: SubmitOutcome) => void): Promise<void> {
    return this.conversation.drainQueue(onResult);
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

  // ── ExtensionHost ────────────────────────────────────────────────────────────────────────────

  sessionId(): string {
    return this.o.session.id;
  }
  model(): string {
    return this.o.runtime.spec;
  }

  // Conversation control: the conversation's (conversation.ts).
  sendMessage(text: string, attachments: Part[] = []): void {
    this.conversation.sendMessage(text, attachments);
  }
  cancelAndSend(text: string): void {
    this.conversation.cancelAndSend(text);
  }
  /** `attachments`: the files the user's `@path`s named (the UI reads them as the message is sent). */
  steer(text: string, attachments: Part[] = []): void {
    this.conversation.steer(text, attachments);
  }
  abort(): void {
    this.conversation.abort();
  }
  /** Interrupts the running turn (Ctrl+C); the queue is dropped and background subagents are stopped too. */
  interrupt(): void {
    this.conversation.interrupt();
  }
  isIdle(): boolean {
    return this.conversation.isIdle();
  }
  async newSession(prompt?: string): Promise<void> {
    return this.sessions.newFromExtension(prompt);
  }
  /** ctx.compact and /compact: throws when the summariser fails; says so when there is nothing to do. */
  compact(opts?: { customInstructions?: string }): Promise<void> {
    return this.conversation.compact(opts);
  }
  /** As compact, with its outcome, for a mode that words it itself (ACP's /compact). */
  compactManually(customInstructions?: string): Promise<CompactionReport | CompactionSkipped> {
    return this.conversation.compactManually(customInstructions);
  }
  exit(): void {
    this.conversation.exit();
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
