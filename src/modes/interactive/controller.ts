/**
 * The interactive session: what the user submits (prompts, `!` shell commands, slash commands) and
 * where it goes (now, into the running turn, or behind it), quitting, the working/idle state
 * (turn_state_change, the spinner), and what the app reports (AppOutput) turned into transcript
 * blocks. The work loop and its queue are work-loop.ts's; keys are routed in keys.ts, the live region
 * composed in live-region.ts, slash commands looked up in slash-commands.ts and defined in
 * commands.ts and session-commands.ts.
 */
import type { ToolRenderConfig } from "kit/ext";
import type { KitApp, SubmitOutcome } from "../../app/app.ts";
import type { CompactionReport } from "../../app/compaction-policy.ts";
import type { ThemeManager } from "../../app/themes.ts";
import type { AgentEvent } from "../../agent/types.ts";
import { Editor } from "../../ui/components/editor.ts";
import type { Terminal } from "../../ui/terminal/terminal.ts";
import type { Theme } from "../../ui/theme/theme.ts";
import { Autocomplete } from "./autocomplete.ts";
import { Chrome } from "./chrome.ts";
import { CustomEditor } from "./custom-editor.ts";
import { DoublePresses } from "./double-press.ts";
import { LiveTurn } from "./live-turn.ts";
import { ModalQueue } from "./modals.ts";
import { SlashCommands, type BuiltinCommand } from "./slash-commands.ts";
import { StatusInfo } from "./status.ts";
import { GuardedToolRenderers } from "./tool-renderers.ts";
import { noticeBlock, printBlock, userBlock, type NoticeKind } from "./transcript.ts";
import { composeLiveRegion, INPUT_HINT } from "./live-region.ts";
import { View } from "./view.ts";
import { WorkLoop } from "./work-loop.ts";

export interface ControllerOptions {
  app: KitApp;
  terminal: Terminal;
  themes: ThemeManager;
  cwd: string;
  /** $HOME, which the status bar shows as ~. */
  home: string | undefined;
  history: string[];
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export class Controller {
  readonly app: KitApp;
  readonly terminal: Terminal;
  readonly themes: ThemeManager;
  readonly cwd: string;
  readonly editor: Editor;
  readonly chrome: Chrome;
  readonly modals: ModalQueue;
  readonly autocomplete: Autocomplete;
  readonly view: View;
  readonly status: StatusInfo;
  /** Kit's own slash commands by name (setup.ts registers them). */
  readonly builtins = new Map<string, BuiltinCommand>();
  /** ctx.setEditor: an extension's key handling and rendering of the editor. */
  readonly customEditor: CustomEditor;
  /** Ctrl+C Ctrl+C, and the hint under the editor after the first press. */
  readonly presses: DoublePresses;
  private quitRequested = false;
  readonly done: Promise<void>;

  private turn: LiveTurn | undefined;
  private readonly warned = new Set<string>();
  private readonly commands: SlashCommands;
  private readonly toolRenderers: GuardedToolRenderers;
  /** The inputs that run one after another, and what waits behind them (work-loop.ts). */
  private readonly work: WorkLoop;
  /** A turn, shell command or long command runs (turn_state_change, the spinner). */
  private working = false;
  private spinnerTimer: ReturnType<typeof setInterval> | undefined;
  private frame = 0;
  private workStarted = 0;
  private endQuit!: () => void;

  constructor(o: ControllerOptions) {
    this.app = o.app;
    this.terminal = o.terminal;
    this.themes = o.themes;
    this.cwd = o.cwd;
    this.done = new Promise((resolve) => (this.endQuit = resolve));
    const changed = () => this.view.invalidate();
    this.view = new View(o.terminal, () => composeLiveRegion(this));
    this.editor = new Editor({ history: o.history, placeholder: INPUT_HINT });
    const reportError = (message: string) => this.notice("error", message);
    this.chrome = new Chrome(changed, reportError);
    this.modals = new ModalQueue(changed);
    this.customEditor = new CustomEditor(changed, reportError);
    this.presses = new DoublePresses(changed);
    this.commands = new SlashCommands(this.builtins, o.app, reportError);
    this.toolRenderers = new GuardedToolRenderers((name) => this.app.extensions?.runner.registry.toolRenderer(name), reportError);
    this.autocomplete = new Autocomplete(
      {
        cwd: o.cwd,
        files: () => o.app.projectFiles(),
        commands: () => this.commands.list(),
        complete: (name, prefix) => this.commands.completeArgument(name, prefix),
        isWholeCommand: (line) => this.commands.isWholeCommand(line),
        resources: () => this.app.mcp?.resourceRefs() ?? [],
        resourceTemplates: () => this.app.mcp?.resourceTemplateRefs() ?? [],
        completeResource: (typed) => this.app.mcp?.completeResourceRef(typed),
      },
      changed,
    );
    this.themes.onChange(changed);
    const app = o.app;
    this.status = new StatusInfo({
      cwd: o.cwd,
      home: o.home,
      model: () => app.model(),
      thinkingLevel: () => app.modelControl.getThinkingLevel(),
      contextWindow: () => app.runtime.model.info?.contextLimit ?? 0,
      estimateContext: () => app.sessionData.getContextStats().estimatedTokens,
      cost: () => app.sessionData.getSessionUsage().totalCost,
      subscription: () => app.runtime.subscription,
      entries: () => {
        const running = app.subagents.running;
        const subagents = running ? [{ key: "kit:subagents", text: `${running} subagent${running === 1 ? "" : "s"} running`, priority: 0 }] : [];
        // A failed MCP server stays visible after its one report scrolled away (/mcp says why).
        const failed = app.modelControl.listMcpServers().filter((s) => s.state === "failed").map((s) => s.name);
        const mcp = failed.length ? [{ key: "kit:mcp", text: `MCP failed: ${failed.join(", ")}`, priority: 0 }] : [];
        // The permission mode, unless it is auto (the default), which leaves the bar as it always was.
        const mode = app.permissions.mode;
        const permissions = mode === "auto" ? [] : [{ key: "kit:permissions", text: `permissions: ${mode}`, priority: 0 }];
        return [...permissions, ...subagents, ...mcp, ...this.chrome.statusEntries()];
      },
    });
    this.work = new WorkLoop({
      app,
      commands: this.commands,
      editor: this.editor,
      cwd: o.cwd,
      width: () => this.width,
      theme: () => this.theme,
      quitting: () => this.quitting,
      notice: (kind, text) => this.notice(kind, text),
      echo: (text) => this.echo(text),
      commitBlock: (lines) => this.commitBlock(lines),
      setWorking: (working) => this.setWorking(working),
      changed,
      ended: () => {
        this.turn?.finish();
        this.turn = undefined;
        this.status.afterTurn();
        this.setWorking(false);
      },
    });
  }

  /** Quitting has begun: no new input is taken. */
  get quitting(): boolean {
    return this.quitRequested;
  }

  get theme(): Theme {
    return this.themes.theme;
  }

  get width(): number {
    return this.terminal.columns;
  }

  get isWorking(): boolean {
    return this.working;
  }

  /** The running work was asked to stop (Esc, Ctrl+C) and has not ended yet. */
  get cancelling(): boolean {
    return this.work.cancelling;
  }

  /** The work loop runs: what is submitted now waits its turn. */
  get isBusy(): boolean {
    return this.work.isBusy;
  }

  /** The work loop, while one runs. */
  get running(): Promise<void> | undefined {
    return this.work.running;
  }

  // ── transcript output ────────────────────────────────────────────────────────────────────────

  /** A block for the scrollback, after a blank line. */
  commitBlock(lines: string[]): void {
    if (lines.length) this.view.commit(["", ...lines]);
  }

  /** An extension's renderer for a tool, guarded (tool-renderers.ts). */
  toolRenderer(name: string): ToolRenderConfig | undefined {
    return this.toolRenderers.get(name);
  }

  /** The user's input as it goes into the transcript. */
  private echo(text: string): void {
    this.commitBlock(userBlock(text, this.width, this.theme));
  }

  notice(kind: NoticeKind, text: string): void {
    this.commitBlock(noticeBlock(kind, text, this.width, this.theme));
  }

  printBlock(opts: { text: string; borderColor?: string; subtitle?: string }): void {
    this.commitBlock(printBlock(opts, this.width, this.theme));
  }

  /** Agent events of every turn (the app's output). */
  onEvent(ev: AgentEvent): void {
    // A turn an extension queued (ctx.sendMessage) works like one the user started.
    if (!this.working) this.setWorking(true);
    this.turn ??= new LiveTurn({
      commit: (lines) => this.view.commit(lines),
      notice: (kind, text) => this.notice(kind, text),
      changed: () => this.view.invalidate(),
      usage: (info) => this.status.usage(info.usage),
      width: () => this.width,
      theme: () => this.theme,
      cwd: this.cwd,
      toolRenderer: (name) => this.toolRenderer(name),
    }, this.warned);
    this.turn.handle(ev);
    if (ev.type === "turn_end") this.turn = undefined;
  }

  onCompaction(r: CompactionReport): void {
    const how = r.reason === "manual" ? "" : r.reason === "auto" ? " automatically" : " after the context overflowed";
    this.notice("system", `Compacted the conversation${how}: about ${r.tokensBefore} → ${r.tokensAfter} tokens.`);
    this.status.refresh();
  }

  // ── submitting ───────────────────────────────────────────────────────────────────────────────

  /**
   * What Enter does with the editor's text: run it now, or, while a turn runs, send it into that turn
   * (steering: the model sees it after the tool calls in flight). Commands and `!` shell commands,
   * and anything typed while no turn runs, wait behind the work instead.
   */
  submit(text: string): void {
    if (text.trim() === "" || this.quitting) return;
    const unknown = this.commands.unknownCommand(text);
    if (unknown) {
      // Nothing is sent: the text stays in the input to correct.
      this.notice("error", unknown);
      if (this.editor.isEmpty) this.editor.setText(text);
      return;
    }
    const builtin = this.commands.builtinOf(text);
    if (builtin?.immediate) {
      // Shows something or asks: neither waits for the running turn nor counts as work.
      this.echo(text);
      void this.commands.run(builtin, text);
      return;
    }
    if (!this.isBusy) return this.startWork(text);
    if (!this.app.isIdle() && !text.startsWith("/") && !text.startsWith("!")) return this.app.steer(text, this.work.attachmentsOf(text));
    this.followUp(text);
  }

  /** Alt+Enter while working: the text waits for the running turn to end, then runs as a turn of its own. */
  followUp(text: string): void {
    this.work.followUp(text);
  }

  /** Starts the work loop (when idle) with an input, or with nothing to run what extensions queued. */
  startWork(first?: string): void {
    this.work.start(first);
  }

  /** What a submitted input came to: a command's text, or how a turn ended when it did not simply answer. */
  showOutcome(outcome: SubmitOutcome): void {
    this.work.showOutcome(outcome);
  }

  /** A message an extension queued (ctx.sendMessage), or steering the turn ended before, goes into the transcript as it starts. */
  onUserMessage(text: string, source: string): void {
    if (source === "extension" || source === "steer") this.echo(text);
  }

  /** Runs a kit command with what follows its name in `text`; a failure is reported, not thrown. */
  runBuiltin(command: BuiltinCommand, text: string): Promise<void> {
    return this.commands.run(command, text);
  }

  // ── working state, cancelling, quitting ──────────────────────────────────────────────────────

  setWorking(working: boolean): void {
    if (this.working === working) return;
    this.working = working;
    this.app.extensions?.runner.emitNotification("turn_state_change", { state: working ? "working" : "idle", previous: working ? "idle" : "working" });
    clearInterval(this.spinnerTimer);
    this.spinnerTimer = undefined;
    if (working) {
      this.workStarted = Date.now();
      // The spinner is the only timer of a working UI: 10 frames a second, none when idle.
      this.spinnerTimer = setInterval(() => {
        this.frame = (this.frame + 1) % SPINNER.length;
        this.view.invalidate();
      }, 100);
    }
    this.view.invalidate();
  }

  /** Esc or Ctrl+C while working: the turn (or shell command) stops; steering and queued messages go back to the editor. */
  cancel(): void {
    this.work.cancel();
  }

  /** Ends the session: dialogs are cancelled, a running turn is interrupted, `done` resolves. */
  quit(): void {
    if (this.quitRequested) return;
    this.quitRequested = true;
    this.modals.cancelAll();
    this.work.stop();
    clearInterval(this.spinnerTimer);
    this.spinnerTimer = undefined;
    this.presses.dispose();
    this.chrome.dispose();
    this.endQuit();
  }

  // ── what the live region shows of the work (live-region.ts draws it) ─────────────────────────

  /** Ctrl+O on the running turn: its last reasoning or tool block expands or collapses; false when it has none. */
  toggleLiveExpanded(): boolean {
    return this.turn?.toggleExpanded() ?? false;
  }

  /** The running turn's and shell command's live lines; the turn's fit in `maxRows`. */
  workLines(width: number, theme: Theme, maxRows: number): string[] {
    const lines = this.turn && !this.turn.empty ? this.turn.lines(maxRows) : [];
    const shell = this.work.shellLines(width, theme);
    if (shell) lines.push("", ...shell);
    return lines;
  }

  /** The spinner's state while working: frame, seconds, and whether a shell command or a turn runs. */
  activity(): { frame: string; seconds: number; shell: boolean; turn: boolean } | undefined {
    if (!this.working) return undefined;
    return { frame: SPINNER[this.frame]!, seconds: Math.floor((Date.now() - this.workStarted) / 1000), shell: this.work.shellRunning, turn: this.turn !== undefined };
  }

  /** Messages waiting for the running turn's next call (steering) and behind it, and how many shell outputs wait for the next message. */
  waiting(): { steering: readonly string[]; queued: readonly string[]; shellOutputs: number } {
    return this.work.waiting();
  }
}
