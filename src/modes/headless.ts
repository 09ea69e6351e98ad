import type { TurnResult } from "../agent/types.ts";
import type { SubmitOutcome } from "../app/app.ts";
import { assembleApp } from "../app/assemble.ts";
import { adviceFor, exitCodeOf, refusalMessage } from "../app/exit-status.ts";
import { buildUserMessage } from "../app/prompt-input.ts";
import type { Config } from "../config/config.ts";
import { EXIT, KitError } from "../errors.ts";
import { withoutEnvSecrets } from "../secret-values.ts";
import { routeProcessWarnings } from "../process-warnings.ts";
import { jsonSink, streamJsonSink } from "./headless/json-sinks.ts";
import { headlessOutput, RunTotals } from "./headless/run-output.ts";
import type { HeadlessFormat, HeadlessSink, RunInfo } from "./headless/sink.ts";
import { headlessStdio, lastWordOnStderr, stdoutClosedAtStart, type HeadlessStdio } from "./headless/stdio.ts";
import { watchReader } from "./headless/reader-watch.ts";
import { RunStop, STOPPED_GRACE_MS } from "./headless/stop.ts";
import { quietSink, textSink } from "./headless/text-sinks.ts";

export interface HeadlessRun {
  config: Config;
  /** Prompt words from the command line. */
  args: string[];
  /** stdin's bytes when it is not a terminal (decoded with the prompt, which says when they are not UTF-8). */
  stdin?: Uint8Array;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** -e paths from the command line. */
  extensionPaths: string[];
  /** --allow rules from the command line. */
  allowRules?: string[];
}

export function headlessFormat(config: Config): HeadlessFormat {
  const output = config.string("output");
  if (output === "json" || output === "stream-json") return output;
  if (config.bool("json")) return "json";
  if (config.bool("quiet")) return "quiet";
  return "text";
}

function sinkFor(format: HeadlessFormat, env: NodeJS.ProcessEnv, io: HeadlessStdio): HeadlessSink {
  switch (format) {
    case "json":
      return jsonSink(io);
    case "stream-json":
      return streamJsonSink(io);
    case "quiet":
      return quietSink(io);
    case "text":
      return textSink({ color: process.stderr.isTTY === true && !env.NO_COLOR, io });
  }
}

/** Reports an error that stops a run before it starts, in the format's own error shape. */
export function reportStartupError(format: HeadlessFormat, e: KitError, { out, err }: HeadlessStdio): void {
  const error = { kind: e.kind, message: withoutEnvSecrets(e.message) };
  if (format === "json" || format === "stream-json") err(JSON.stringify({ error }) + "\n");
  else err(`kit: ${error.message}\n`);
  // A stream-json consumer relies on the last line being a result, even when no turn ever started.
  if (format === "stream-json") out(JSON.stringify({ type: "result", v: 1, response: "", stop_reason: "error", session_id: "", error, exit_code: e.exitCode }) + "\n");
}

/** One headless turn (spec/cli.md): prompt from args, stdin and @files; output per format; exit code per outcome. */
export async function runHeadless(run: HeadlessRun): Promise<number> {
  const { config, cwd, env } = run;
  const format = headlessFormat(config);
  // Nobody reads the answer: as when the reader goes away mid-run, stop silently, before any model call.
  if (stdoutClosedAtStart()) return EXIT.pipeClosed;
  const stop = new RunStop();
  const io = headlessStdio((failure) => stop.stop({ kind: "output", failure }));
  const sink = sinkFor(format, env, io);
  // Extensions may await what holds no handle of its own (a tool waiting for its abort signal or a
  // custom event): the run must not end, with exit code 0, because the event loop looks idle.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  const stopWarnings = routeProcessWarnings((message) => sink.notice(message));
  try {
    return await runTurn(run, sink);
  } catch (e) {
    if (e instanceof KitError) {
      reportStartupError(format, e, io);
      return e.exitCode;
    }
    throw e;
  } finally {
    clearInterval(keepAlive);
    stopWarnings();
  }

  async function runTurn(run: HeadlessRun, sink: HeadlessSink): Promise<number> {
    const user = buildUserMessage(run.args, run.stdin, cwd);
    const run_ = new RunTotals();
    // --quiet and --json write only at the end: a reader gone before then is noticed without a write.
    const reader = watchReader(() => stop.stop({ kind: "output", failure: { kind: "closed" } }));
    const output = headlessOutput(format, sink, io, (ev) => {
      // A reply that is only a tool call writes nothing first: look for the reader before the tool runs.
      if (ev.type === "tool_call_end" || ev.type === "message") reader.check();
      run_.observe(ev);
    });
    const { app, runtime, opened } = assembleApp({
      config,
      cwd,
      env,
      extensionPaths: run.extensionPaths,
      ...(run.allowRules ? { allowRules: run.allowRules } : {}),
      interactive: false,
      output,
      notice: (w) => sink.notice(w),
      warnings: user.warnings,
      ...(config.bool("debug") ? { debug: (line: string) => io.err(`kit debug: ${line}\n`) } : {}),
    });
    await app.start();
    const info: RunInfo = { sessionId: opened.store.id, sessionPath: opened.store.path, model: runtime.spec, cwd };
    const stopListening = stop.listenToSignals();
    stop.signal.addEventListener("abort", () => app.interrupt());
    sink.start(info);
    run_.messages.push({ role: "user", content: [...user.attachments, { type: "text", text: user.text }] });
    const onOutcome = (outcome: SubmitOutcome) => {
      run_.add(outcome);
      // --quiet and --json show a command's text as the run's response; the streaming formats print it as it comes.
      if (outcome.kind === "command" && outcome.output && (format === "text" || format === "stream-json")) output.print(outcome.output);
    };
    reader.start();
    try {
      // Stopped already (its reader went away while it started): no model call at all.
      if (!stop.signal.aborted) onOutcome(await app.submit(user.text, user.source, user.attachments));
      await app.drainQueue(onOutcome);
    } finally {
      reader.stop();
      stopListening();
      // Stopped from outside (a signal, a reader gone): extension handlers get only a moment.
      await app.shutdown(stop.cause ? { graceMs: STOPPED_GRACE_MS } : {});
    }
    const result = run_.result();
    let exitCode = stop.exitCode() ?? exitCodeOf(result);
    let error = stop.cause ? stop.error() : errorOf(result, runtime.target.provider);
    // The answer is out; the session lost part of it: a run that otherwise succeeded fails (exit 1) and says why.
    const unsaved = app.session.writeError;
    if (unsaved && !error) [exitCode, error] = [unsaved.exitCode, { kind: unsaved.kind, message: unsaved.message }];
    else if (unsaved) sink.notice(unsaved.message);
    // With its output gone there is nothing to finish, except saying why when the write failed.
    if (stop.cause?.kind !== "output") sink.finish({ info, result, exitCode, messages: run_.messages, ...(error ? { error } : {}) });
    // Output that could not be written (also the final object of --json) decides the outcome; the
    // sink could not say why, so one line on stderr does, unless the reader simply went away.
    if (stop.cause?.kind === "output") {
      const failure = stop.error();
      if (failure) reportOutputFailure(format, failure);
      return stop.exitCode()!;
    }
    return exitCode;
  }
}

function errorOf(result: TurnResult, provider: string): { kind: string; message: string } | undefined {
  if (result.stopReason === "error" && result.error) {
    return { kind: result.error.kind, message: `${result.error.message} (${adviceFor(result.error.kind, provider)})` };
  }
  if (result.stopReason === "max_steps") return { kind: "limit", message: "stopped: the step limit (--max-steps) was reached; raise it or set 0 for no limit" };
  if (result.stopReason === "max_cost") return { kind: "limit", message: "stopped: the cost limit (--max-cost) was reached; raise it or set 0 for no limit" };
  if (result.stopReason === "cancelled") return { kind: "interrupted", message: "interrupted" };
  if (result.stopReason === "refusal") return { kind: "refusal", message: refusalMessage(result) };
  return undefined;
}

function reportOutputFailure(format: HeadlessFormat, error: { kind: string; message: string }): void {
  lastWordOnStderr(format === "json" || format === "stream-json" ? JSON.stringify({ error }) + "\n" : `kit: ${error.message}\n`);
}
