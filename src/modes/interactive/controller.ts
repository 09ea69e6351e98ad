/**
 * The interactive session: what the user submits (prompts, `!` shell commands, slash commands), the
 * turns it starts and the messages queued behind them, cancelling and quitting, the working/idle
 * state (turn_state_change, the spinner), and what the app reports (AppOutput) turned into
 * transcript blocks. Keys are routed in keys.ts, the live region composed in live-region.ts, slash
 * commands looked up in slash-commands.ts and defined in commands.ts and session-commands.ts.
 */
import type { ToolRenderConfig } from "kit/ext";
import type { KitApp, SubmitOutcome } from "../../app/app.ts";
import { adviceFor, refusalMessage } from "../../app/exit-status.ts";
import type { CompactionReport } from "../../app/compaction-policy.ts";
import { buildUserMessage } from "../../app/prompt-input.ts";
import type { ThemeManager } from "../../app/themes.ts";
import { AuthError, KitError, UsageError } from "../../errors.ts";
import type { AgentEvent } from "../../agent/types.ts";
import type { Part } from "../../llm/types.ts";
import { Editor } from "../../ui/components/editor.ts";
import type { Terminal } from "../../ui/terminal/terminal.ts";
import type { Theme } from "../../ui/theme/theme.ts";
import { Autocomplete } from "./autocomplete.ts";
import { Chrome } from "./chrome.ts";
import { CustomEditor } from "./custom-editor.ts";
import { DoublePresses } from "./double-press.ts";
import { LiveTurn } from "./live-turn.ts";
import { ModalQueue } from "./modals.ts";
import { ShellRun } from "./shell.ts";
import { SlashCommands, type BuiltinCommand } from "./slash-commands.ts";
import { StatusInfo } from "./status.ts";
import { GuardedToolRenderers } from "./tool-renderers.ts";
import { noticeBlock, printBlock, userBlock, type NoticeKind } from "./transcript.ts";
import { composeLiveRegion, INPUT_HINT } from "./live-region.ts";
import { View } from "./view.ts";

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
  /** The work loop, while one runs. */
  running: Promise<void> | undefined;

  private turn: LiveTurn | undefined;
  private readonly warned = new Set<string>();
  /** The session write failure already shown (the session goes on in memory after it). */
  private shownWriteError: Error | undefined;
  private readonly commands: SlashCommands;
  private readonly toolRenderers: GuardedToolRenderers;
  private shell: ShellRun | undefined;
  /** A turn, shell command or long command runs (turn_state_change, the spinner). */
  private working = false;
  private busy = false;
  private cancelled = false;
  private readonly queued: string[] = [];
  private pendingShell: string[] = [];
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
    return this.cancelled;
  }

  /** The work loop runs: what is submitted now waits its turn. */
  get isBusy(): boolean {
    return this.busy;
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
      this.commitBlock(userBlock(text, this.width, this.theme));
      void this.commands.run(builtin, text);
      return;
    }
    if (!this.isBusy) return this.startWork(text);
    if (!this.app.isIdle() && !text.startsWith("/") && !text.startsWith("!")) return this.app.steer(text);
    this.followUp(text);
  }

  /** Alt+Enter while working: the text waits for the running turn to end, then runs as a turn of its own. */
  followUp(text: string): void {
    if (text.trim() === "" || this.quitting) return;
    if (!this.isBusy) return this.startWork(text);
    this.queued.push(text);
    this.view.invalidate();
  }

  /** Starts the work loop (when idle) with an input, or with nothing to run what extensions queued. */
  startWork(first?: string): void {
    if (this.isBusy || this.quitting) {
      if (first !== undefined) this.queued.push(first);
      return;
    }
    this.busy = true;
    this.running = this.work(first).finally(() => {
      this.busy = false;
      this.running = undefined;
    });
  }

  private async work(first: string | undefined): Promise<void> {
    try {
      let item = first;
      let source: "interactive" | "queue" = "interactive";
      for (;;) {
        if (item !== undefined) await this.runInput(item, source);
        if (this.quitting) break;
        // Follow-ups extensions queued (ctx.sendMessage) run as turns of their own.
        if (!this.cancelled) await this.app.drainQueue((outcome) => this.showOutcome(outcome));
        if (this.quitting || this.cancelled) break;
        item = this.queued.shift();
        source = "queue";
        if (item === undefined) break;
      }
    } catch (err) {
      this.notice("error", `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      this.turn?.finish();
      this.turn = undefined;
      this.cancelled = false;
      this.status.afterTurn();
      this.setWorking(false);
    }
  }

  /** One input: echoed into the transcript, then run as a shell command, a kit command or a prompt. */
  private async runInput(text: string, source: "interactive" | "queue"): Promise<void> {
    this.commitBlock(userBlock(text, this.width, this.theme));
    const builtin = this.commands.builtinOf(text);
    if (builtin) {
      if (builtin.working) this.setWorking(true);
      return this.commands.run(builtin, text);
    }
    this.setWorking(true);
    if (text.startsWith("!")) return this.runShell(text);
    let attachments: Part[] = [];
    try {
      const message = buildUserMessage([text], undefined, this.cwd);
      attachments = message.attachments;
      for (const w of message.warnings) this.notice("warning", w);
    } catch {
      // not a prompt buildUserMessage takes (cannot happen for non-empty text): send it as it is
    }
    // Shell output the user ran with `!` goes first, in the order it was run.
    const shellParts: Part[] = this.pendingShell.map((t) => ({ type: "text", text: t }));
    this.pendingShell = [];
    try {
      this.showOutcome(await this.app.submit(text, source, [...shellParts, ...attachments]));
    } catch (err) {
      // A prompt the session file could not keep (disk full…) was not sent: say so, and stay.
      if (err instanceof KitError && err.kind === "session_write") this.shownWriteError = err;
      else if (!(err instanceof UsageError || err instanceof AuthError)) throw err;
      this.notice("error", err.message);
    }
  }

  /** What a submitted input came to: a command's text, or how a turn ended when it did not simply answer. */
  showOutcome(outcome: SubmitOutcome): void {
    if (outcome.kind === "command") {
      if (outcome.output) this.notice("system", outcome.output);
      return;
    }
    if (outcome.kind !== "turn") return;
    const unsaved = this.app.session.writeError;
    if (unsaved && unsaved !== this.shownWriteError) {
      this.shownWriteError = unsaved;
      this.notice("error", unsaved.message);
    }
    const r = outcome.result;
    if (r.stopReason === "cancelled") this.notice("warning", "Cancelled.");
    else if (r.stopReason === "error" && r.error) this.notice("error", `${r.error.message} (${adviceFor(r.error.kind, this.app.runtime.target.provider)})`);
    else if (r.stopReason === "max_steps") this.notice("warning", "Stopped: the step limit (--max-steps) was reached.");
    else if (r.stopReason === "max_cost") this.notice("warning", "Stopped: the cost limit (--max-cost) was reached.");
    else if (r.stopReason === "length") this.notice("warning", "The answer was cut at the output token limit.");
    else if (r.stopReason === "refusal") this.notice("error", refusalMessage(r));
  }

  /** A message an extension queued (ctx.sendMessage), or steering the turn ended before, goes into the transcript as it starts. */
  onUserMessage(text: string, source: string): void {
    if (source === "extension" || source === "steer") this.commitBlock(userBlock(text, this.width, this.theme));
  }

  private async runShell(text: string): Promise<void> {
    const inContext = !text.startsWith("!!");
    const command = text.slice(inContext ? 1 : 2).trim();
    if (command === "") return this.notice("error", "Nothing to run: type the command after ! (or !! to keep its output out of the conversation).");
    const run = new ShellRun(command, inContext, { cwd: this.cwd, bash: this.app.userShell() }, () => this.view.invalidate());
    this.shell = run;
    try {
      const context = await run.run();
      this.commitBlock(run.lines(this.width, this.theme));
      if (context !== undefined) this.pendingShell.push(context);
    } finally {
      this.shell = undefined;
    }
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
    if (!this.isBusy) return;
    this.cancelled = true;
    const undelivered = [...this.app.steering.takeBack(), ...this.queued];
    this.app.interrupt();
    this.shell?.cancel();
    if (undelivered.length) {
      const back = [...undelivered, ...(this.editor.isEmpty ? [] : [this.editor.text])].join("\n\n");
      this.queued.length = 0;
      this.editor.setText(back);
    }
    this.view.invalidate();
  }

  /** Ends the session: dialogs are cancelled, a running turn is interrupted, `done` resolves. */
  quit(): void {
    if (this.quitRequested) return;
    this.quitRequested = true;
    this.modals.cancelAll();
    if (this.isBusy) {
      this.app.interrupt();
      this.shell?.cancel();
    }
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
    if (this.shell) lines.push("", ...this.shell.lines(width, theme));
    return lines;
  }

  /** The spinner's state while working: frame, seconds, and whether a shell command or a turn runs. */
  activity(): { frame: string; seconds: number; shell: boolean; turn: boolean } | undefined {
    if (!this.working) return undefined;
    return { frame: SPINNER[this.frame]!, seconds: Math.floor((Date.now() - this.workStarted) / 1000), shell: this.shell !== undefined, turn: this.turn !== undefined };
  }

  /** Messages waiting for the running turn's next call (steering) and behind it, and how many shell outputs wait for the next message. */
  waiting(): { steering: readonly string[]; queued: readonly string[]; shellOutputs: number } {
    return { steering: this.app.steering.pending, queued: this.queued, shellOutputs: this.pendingShell.length };
  }
}
