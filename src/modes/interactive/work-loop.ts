import type { KitApp, SubmitOutcome } from "../../app/app.ts";
import { adviceFor, refusalMessage } from "../../app/exit-status.ts";
import { buildUserMessage } from "../../app/prompt-input.ts";
import { AuthError, KitError, UsageError } from "../../errors.ts";
import type { Part } from "../../llm/types.ts";
import type { Editor } from "../../ui/components/editor.ts";
import type { Theme } from "../../ui/theme/theme.ts";
import { ShellRun } from "./shell.ts";
import type { SlashCommands } from "./slash-commands.ts";
import type { NoticeKind } from "./transcript.ts";

/** What of the interactive session the work loop works with (the Controller gives it at construction). */
export interface WorkLoopDeps {
  app: KitApp;
  commands: SlashCommands;
  editor: Editor;
  cwd: string;
  width(): number;
  theme(): Theme;
  /** Quitting has begun: nothing more runs. */
  quitting(): boolean;
  notice(kind: NoticeKind, text: string): void;
  /** An input goes into the transcript as the user's, as it starts. */
  echo(text: string): void;
  commitBlock(lines: string[]): void;
  /** The working/idle state (turn_state_change, the spinner). */
  setWorking(working: boolean): void;
  /** The live region shows something of the loop that changed (a queued message, a shell command's output). */
  changed(): void;
  /** The loop ended: the live turn is finished and the session shown idle. */
  ended(): void;
}

/**
 * The work the user started and what waits behind it: one input at a time (a shell command, a kit
 * command or a prompt), then the follow-ups extensions queued, then the messages queued with Alt+Enter
 * or typed while the loop ran; cancelling gives what never ran back to the editor. `!` shell output
 * waits here for the next prompt, which carries it.
 */
export class WorkLoop {
  /** The loop, while one runs. */
  running: Promise<void> | undefined;
  private busy = false;
  private cancelled = false;
  private readonly queued: string[] = [];
  private pendingShell: string[] = [];
  private shell: ShellRun | undefined;
  /** Stops the kit command the loop runs (a /login waiting for GitHub) on Esc or Ctrl+C. */
  private commandAbort: AbortController | undefined;
  /** The session write failure already shown (the session goes on in memory after it). */
  private shownWriteError: Error | undefined;

  constructor(private readonly d: WorkLoopDeps) {}

  /** The loop runs: what is submitted now waits its turn. */
  get isBusy(): boolean {
    return this.busy;
  }

  /** The running work was asked to stop (Esc, Ctrl+C) and has not ended yet. */
  get cancelling(): boolean {
    return this.cancelled;
  }

  /** A `!` shell command runs. */
  get shellRunning(): boolean {
    return this.shell !== undefined;
  }

  /** Alt+Enter while working: the text waits for the running turn to end, then runs as a turn of its own. */
  followUp(text: string): void {
    if (text.trim() === "" || this.d.quitting()) return;
    if (!this.busy) return this.start(text);
    this.queued.push(text);
    this.d.changed();
  }

  /** Starts the loop (when idle) with an input, or with nothing to run what extensions queued. */
  start(first?: string): void {
    if (this.busy || this.d.quitting()) {
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
    const { app } = this.d;
    try {
      let item = first;
      let source: "interactive" | "queue" = "interactive";
      for (;;) {
        if (item !== undefined) await this.runInput(item, source);
        if (this.d.quitting()) break;
        // Follow-ups extensions queued (ctx.sendMessage) run as turns of their own.
        if (!this.cancelled) await app.drainQueue((outcome) => this.showOutcome(outcome));
        if (this.d.quitting() || this.cancelled) break;
        item = this.queued.shift();
        source = "queue";
        if (item === undefined) break;
      }
    } catch (err) {
      this.d.notice("error", `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      this.cancelled = false;
      this.d.ended();
    }
  }

  /** One input: echoed into the transcript, then run as a shell command, a kit command or a prompt. */
  private async runInput(text: string, source: "interactive" | "queue"): Promise<void> {
    const { app, commands } = this.d;
    this.d.echo(text);
    const builtin = commands.builtinOf(text);
    if (builtin) {
      if (builtin.working) this.d.setWorking(true);
      const abort = new AbortController();
      this.commandAbort = abort;
      try {
        return await commands.run(builtin, text, abort.signal);
      } finally {
        this.commandAbort = undefined;
      }
    }
    this.d.setWorking(true);
    if (text.startsWith("!")) return this.runShell(text);
    const attachments = this.attachmentsOf(text);
    // Shell output the user ran with `!` goes first, in the order it was run.
    const shellParts: Part[] = this.pendingShell.map((t) => ({ type: "text", text: t }));
    this.pendingShell = [];
    try {
      this.showOutcome(await app.submit(text, source, [...shellParts, ...attachments]));
    } catch (err) {
      // A prompt the session file could not keep (disk full…) was not sent: say so, and stay.
      if (err instanceof KitError && err.kind === "session_write") this.shownWriteError = err;
      else if (!(err instanceof UsageError || err instanceof AuthError)) throw err;
      this.d.notice("error", err.message);
    }
  }

  /** What a submitted input came to: a command's text, or how a turn ended when it did not simply answer. */
  showOutcome(outcome: SubmitOutcome): void {
    const { app } = this.d;
    if (outcome.kind === "command") {
      if (outcome.output) this.d.notice("system", outcome.output);
      return;
    }
    if (outcome.kind !== "turn") return;
    const unsaved = app.session.writeError;
    if (unsaved && unsaved !== this.shownWriteError) {
      this.shownWriteError = unsaved;
      this.d.notice("error", unsaved.message);
    }
    const r = outcome.result;
    if (r.stopReason === "cancelled") this.d.notice("warning", "Cancelled.");
    else if (r.stopReason === "error" && r.error) this.d.notice("error", `${r.error.message} (${adviceFor(r.error.kind, app.runtime.target.provider)})`);
    else if (r.stopReason === "max_steps") this.d.notice("warning", "Stopped: the step limit (--max-steps) was reached.");
    else if (r.stopReason === "max_cost") this.d.notice("warning", "Stopped: the cost limit (--max-cost) was reached.");
    else if (r.stopReason === "length") this.d.notice("warning", "The answer was cut at the output token limit.");
    else if (r.stopReason === "refusal") this.d.notice("error", refusalMessage(r));
  }

  private async runShell(text: string): Promise<void> {
    const inContext = !text.startsWith("!!");
    const command = text.slice(inContext ? 1 : 2).trim();
    if (command === "") return this.d.notice("error", "Nothing to run: type the command after ! (or !! to keep its output out of the conversation).");
    const run = new ShellRun(command, inContext, { cwd: this.d.cwd, bash: this.d.app.userShell() }, () => this.d.changed());
    this.shell = run;
    try {
      const context = await run.run();
      this.d.commitBlock(run.lines(this.d.width(), this.d.theme()));
      if (context !== undefined) this.pendingShell.push(context);
    } finally {
      this.shell = undefined;
    }
  }

  /** Esc or Ctrl+C while working: the turn (or shell command) stops; steering and queued messages go back to the editor. */
  cancel(): void {
    if (!this.busy) return;
    this.cancelled = true;
    const { app, editor } = this.d;
    // The text goes back as typed: its @paths attach the files again when it is sent.
    const undelivered = [...app.steering.takeBack().map((m) => m.text), ...this.queued];
    app.interrupt();
    this.shell?.cancel();
    this.commandAbort?.abort();
    if (undelivered.length) {
      const back = [...undelivered, ...(editor.isEmpty ? [] : [editor.text])].join("\n\n");
      this.queued.length = 0;
      editor.setText(back);
    }
    this.d.changed();
  }

  /** The files a message's `@path`s name, read now; what could not be attached is said in a warning. */
  attachmentsOf(text: string): Part[] {
    try {
      const message = buildUserMessage([text], undefined, this.d.cwd);
      for (const w of message.warnings) this.d.notice("warning", w);
      return message.attachments;
    } catch {
      // not a prompt buildUserMessage takes (cannot happen for non-empty text): send it as it is
      return [];
    }
  }

  /** Quitting: the running work is interrupted, and nothing goes back to the editor. */
  stop(): void {
    if (!this.busy) return;
    this.d.app.interrupt();
    this.shell?.cancel();
  }

  /** The running shell command's live lines; undefined when none runs. */
  shellLines(width: number, theme: Theme): string[] | undefined {
    return this.shell?.lines(width, theme);
  }

  /** Messages waiting for the running turn's next call (steering) and behind it, and how many shell outputs wait for the next message. */
  waiting(): { steering: readonly string[]; queued: readonly string[]; shellOutputs: number } {
    return { steering: this.d.app.steering.pending, queued: this.queued, shellOutputs: this.pendingShell.length };
  }
}
