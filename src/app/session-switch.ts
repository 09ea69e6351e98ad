/**
 * The session lifecycle every mode shares: a new session (/new, /clear, ctx.newSession), resuming one
 * (/resume), forking one (/fork), and the switch itself with the events extensions see. Order:
 * before_session_switch (or before_fork), which may cancel; then session_shutdown {reason: "switch"}
 * delivered to every extension; then the app moves to the new session (the old file made durable,
 * extension state re-bound to the new sidecar); then session_start with the switch's reason. The
 * mode is told of every switch (ModeHooks.switched) and shows it its own way.
 */
import type { ExtensionRunner } from "../extensions/runner.ts";
import { SessionStore } from "../session/store.ts";
import type { ModeHooks, SwitchOutcome, SwitchReason } from "./app-types.ts";

export type { SwitchOutcome, SwitchReason } from "./app-types.ts";

export interface SwitchRequest {
  reason: SwitchReason;
  /** The prompt /new was given (before_session_switch's initialPrompt). */
  initialPrompt?: string;
  /** For a fork: the entry forked at, and the user message there (before_fork). */
  fork?: { targetId: string; isUserMessage: boolean; userText: string };
  /** Makes the session to switch to; called only once nothing cancelled. */
  open(): SessionStore;
}

/** What of the app a switch works on (KitApp). */
export interface SwitchHost {
  readonly session: SessionStore;
  isIdle(): boolean;
  runner(): ExtensionRunner | undefined;
  /** Moves to `store`: the old session made durable and released, extension state re-bound. */
  useSession(store: SessionStore): void;
}

export class SessionLifecycle {
  constructor(
    private readonly app: SwitchHost,
    private readonly o: { cwd: string; dataDir: string; hooks: ModeHooks },
  ) {}

  /** /new, /clear: a new, empty session like the current one (a file in the sessions directory, or in memory). */
  startNew(reason: "new" | "clear", initialPrompt?: string): Promise<SwitchOutcome> {
    return this.switch({ reason, ...(initialPrompt ? { initialPrompt } : {}), open: () => this.fresh() });
  }

  /** /resume: the session file at `path`. */
  resume(path: string): Promise<SwitchOutcome> {
    return this.switch({ reason: "resume", open: () => SessionStore.open(path) });
  }

  /** /fork: a new session holding the branch up to before the user message `at`, whose text is `userText`. */
  fork(at: { id: string; parentId: string | null }, userText: string): Promise<SwitchOutcome> {
    const session = this.app.session;
    return this.switch({
      reason: "fork",
      fork: { targetId: at.id, isUserMessage: true, userText },
      open: () => (at.parentId ? session.fork(at.parentId) : this.fresh()),
    });
  }

  /**
   * ctx.newSession: only a mode that shows switches (ModeHooks.switched) has more than one session;
   * the prompt then runs in the new session as the user's.
   */
  async newFromExtension(prompt?: string): Promise<void> {
    const { hooks } = this.o;
    if (!hooks.switched) throw new Error("ctx.newSession needs the interactive terminal UI; a headless run keeps one session");
    const outcome = await this.startNew("new", prompt);
    if (!outcome.switched) throw new Error("the new session was cancelled by an extension (before_session_switch)");
    if (prompt) hooks.prompt?.(prompt);
  }

  private fresh(): SessionStore {
    const { cwd, dataDir } = this.o;
    return this.app.session.inMemory ? SessionStore.inMemory({ cwd }) : SessionStore.create({ cwd, dataDir });
  }

  private async switch(req: SwitchRequest): Promise<SwitchOutcome> {
    const outcome = await switchSession(this.app, req);
    this.o.hooks.switched?.(outcome, req.reason);
    return outcome;
  }
}

async function switchSession(app: SwitchHost, req: SwitchRequest): Promise<SwitchOutcome> {
  if (!app.isIdle()) return { switched: false, reason: "a turn is running: cancel it (Esc) or wait for it to end" };
  const runner = app.runner();
  if (req.reason === "fork" && req.fork) {
    const r = await runner?.emitResult("before_fork", req.fork);
    if (r?.cancel) return { switched: false, reason: r.reason || "an extension cancelled the fork" };
  } else if (req.reason !== "fork") {
    const r = await runner?.emitResult("before_session_switch", { reason: req.reason, initialPrompt: req.initialPrompt ?? "" });
    if (r?.cancel) return { switched: false, reason: r.reason || "an extension cancelled the session switch" };
  }
  const next = req.open();
  // From inside a handler (ctx.newSession in agent_end), waiting for every delivery would wait on
  // that handler itself: the calling extension gets session_shutdown afterwards.
  if (runner?.currentExtension()) runner.emitNotification("session_shutdown", { reason: "switch" });
  else if (runner) {
    await runner.emit("session_shutdown", { reason: "switch" });
    await runner.drain();
  }
  app.useSession(next);
  const reason = req.reason === "fork" ? "fork" : req.reason === "resume" || req.reason === "import" ? "resume" : "new";
  runner?.emitNotification("session_start", { sessionId: next.id, reason });
  return { switched: true };
}
