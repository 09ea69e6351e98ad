import { EXIT, type ExitCode } from "../../errors.ts";
import { exitProcess } from "../../process-exit.ts";
import type { OutputFailure } from "./stdio.ts";

type StopSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

/** What stopped a headless run from outside: a signal, or an output that could not be written. */
export type StopCause = { kind: "signal"; signal: StopSignal } | { kind: "output"; failure: OutputFailure };

const SIGNAL_EXIT: Record<StopSignal, ExitCode> = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated, SIGHUP: EXIT.hangup };
/**
 * How long a run stopped from outside waits for extension handlers (session_shutdown) before it ends:
 * a signal must end the process promptly, whatever an extension does.
 */
export const STOPPED_GRACE_MS = 1000;
const SIGNAL_WORDS: Record<StopSignal, string> = { SIGINT: "interrupted", SIGTERM: "terminated (SIGTERM)", SIGHUP: "hung up (SIGHUP)" };

/**
 * Stops a headless run from outside, always the way Ctrl+C does: the turn is cancelled (the provider
 * stream aborted, running tools and their process groups killed) and the session keeps what it has.
 * Only the exit code tells the causes apart (spec/cli.md, Exit codes). The first cause wins;
 * `signal` aborts once, for it.
 */
export class RunStop {
  private readonly controller = new AbortController();
  private first: StopCause | undefined;
  readonly signal = this.controller.signal;

  get cause(): StopCause | undefined {
    return this.first;
  }

  stop(cause: StopCause): void {
    if (this.first) return;
    this.first = cause;
    this.controller.abort();
  }

  /**
   * SIGINT, SIGTERM and SIGHUP stop the run; a second one exits at once. SIGPIPE is a reader that went
   * away, as EPIPE is (a write to the closed pipe raises both): it stops the run, never exits at once,
   * so the session is still made durable. Returns the function that removes the handlers.
   */
  listenToSignals(): () => void {
    const handlers = (Object.keys(SIGNAL_EXIT) as StopSignal[]).map((signal) => {
      const onSignal = () => {
        if (this.first?.kind === "signal") exitProcess(SIGNAL_EXIT[signal]);
        this.stop({ kind: "signal", signal });
      };
      process.on(signal, onSignal);
      return () => process.off(signal, onSignal);
    });
    const onPipe = () => this.stop({ kind: "output", failure: { kind: "closed" } });
    process.on("SIGPIPE", onPipe);
    return () => {
      handlers.forEach((remove) => remove());
      process.off("SIGPIPE", onPipe);
    };
  }

  /** The run's exit code when it was stopped from outside. */
  exitCode(): ExitCode | undefined {
    const cause = this.first;
    if (!cause) return undefined;
    if (cause.kind === "signal") return SIGNAL_EXIT[cause.signal];
    return cause.failure.kind === "closed" ? EXIT.pipeClosed : EXIT.runFailed;
  }

  /** The error a stopped run reports; none when its reader went away, since it then says nothing at all. */
  error(): { kind: string; message: string } | undefined {
    const cause = this.first;
    if (!cause) return undefined;
    if (cause.kind === "signal") return { kind: "interrupted", message: SIGNAL_WORDS[cause.signal] };
    const failure = cause.failure;
    if (failure.kind === "closed") return undefined;
    return {
      kind: "output",
      message: `cannot write to ${failure.stream}: ${failure.reason} (${failure.code}), so the run was stopped; send the output somewhere it can be written`,
    };
  }
}
