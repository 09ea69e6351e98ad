/**
 * Session switching (/new, /clear, /resume, /fork, ctx.newSession): the events extensions see and
 * the swap itself. Order: before_session_switch (or before_fork), which may cancel; then
 * session_shutdown {reason: "switch"} delivered to every extension; then the app moves to the new
 * session (the old file made durable, extension state re-bound to the new sidecar); then
 * session_start with the switch's reason.
 */
import type { SessionStore } from "../session/store.ts";
import type { KitApp } from "./app.ts";

export type SwitchReason = "new" | "clear" | "resume" | "fork" | "import";

export type SwitchOutcome = { switched: true } | { switched: false; reason: string };

export interface SwitchRequest {
  reason: SwitchReason;
  /** The prompt /new was given (before_session_switch's initialPrompt). */
  initialPrompt?: string;
  /** For a fork: the entry forked at, and the user message there (before_fork). */
  fork?: { targetId: string; isUserMessage: boolean; userText: string };
  /** Makes the session to switch to; called only once nothing cancelled. */
  open(): SessionStore;
}

export async function switchSession(app: KitApp, req: SwitchRequest): Promise<SwitchOutcome> {
  if (!app.isIdle()) return { switched: false, reason: "a turn is running: cancel it (Esc Esc) or wait for it to end" };
  const runner = app.extensions?.runner;
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
