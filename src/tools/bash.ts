import { type CapturedOutput, CommandOutput, MAX_OUTPUT_FILE_BYTES } from "./bash-output.ts";
import type { OutputFiles } from "./output-files.ts";
import { optionalInt, requiredString } from "./args.ts";
import { LineSplitter } from "./line-splitter.ts";
import { CALL_MARKER_VARIABLE, CommandProcesses, newCallMarker } from "./process-group.ts";
import { sandboxSummary } from "./sandbox.ts";
import { LIMITS_TEXT, formatBytes } from "./truncate.ts";
import type { Tool, ToolOptions, ToolRunContext } from "./types.ts";

/**
 * Once the command's processes are ended, how long its pipes may stay open. Longer means a process
 * that escaped tracking still holds them (it cleared its environment and left the session); the tool
 * then stops reading and returns.
 */
const PIPE_GRACE_MS = 250;

export interface BashDetails {
  /** null when the command was killed by a signal (timeout, cancellation or otherwise). */
  exitCode: number | null;
  /** The complete output, when it was too long to return whole. */
  fullOutputPath?: string;
}

export function createBashTool(opts: ToolOptions): Tool {
  return {
    name: "bash",
    description:
      "Run a bash command in the working directory; stdin is closed. Returns stdout and stderr combined, " +
      `only the last ${LIMITS_TEXT} (the full output is saved to a private file, up to ${formatBytes(MAX_OUTPUT_FILE_BYTES)}, removed when kit exits). ` +
      `Timeout ${opts.bashTimeout} s by default, ${opts.bashMaxTimeout} s at most; on timeout the whole process tree is killed. ` +
      "Background jobs do not outlive the call: when the command ends, every process it started (&, nohup, disown, setsid " +
      "included) is ended too, so start a server, use it and stop it within one command." +
      (opts.sandbox ? ` ${sandboxSummary(opts.sandbox.policy)}` : ""),
    parameters: {
      type: "object",
      properties: {
        command: { type: "string", description: "The command line, run with bash -c" },
        timeout: {
          type: "integer",
          minimum: 1,
          description: `Seconds before the command is killed; default ${opts.bashTimeout}, max ${opts.bashMaxTimeout}`,
        },
      },
      required: ["command"],
    },
    kind: "execute",
    readOnly: false,
    async execute(args, ctx) {
      const command = requiredString(args, "command");
      const requested = optionalInt(args, "timeout", 1);
      const timeout = Math.min(requested ?? opts.bashTimeout, opts.bashMaxTimeout);
      if (ctx.signal.aborted) return { content: "Command was cancelled before it started.", isError: true };
      const refused = await opts.sandbox?.unavailable();
      if (refused) return { content: `Command not run: ${refused}`, isError: true, details: { exitCode: null } satisfies BashDetails };

      const argv = opts.sandbox ? opts.sandbox.wrap(command, opts.cwd) : ["bash", "-c", command];
      const run = await runCommand(argv, opts.cwd, timeout, ctx, opts.outputFiles);
      const notes: string[] = [];
      if (run.output.keptLines < run.output.totalLines) notes.push(truncationNotice(run.output));
      if (requested !== undefined && requested > opts.bashMaxTimeout) {
        notes.push(`[Timeout capped at the maximum of ${opts.bashMaxTimeout} s; ${requested} s was requested.]`);
      }
      if (run.endedLeftovers > 0) {
        const n = run.endedLeftovers;
        notes.push(`[${n} background process${n === 1 ? "" : "es"} the command left running ${n === 1 ? "was" : "were"} ended with the call.]`);
      }
      let failure: string | undefined;
      if (run.stopped === "timeout") failure = `Command timed out after ${timeout} s; the process tree was killed.`;
      else if (run.stopped === "cancel") failure = "Command was cancelled; the process tree was killed.";
      else if (run.exitCode === null) failure = `Command was killed by signal ${run.signal}.`;
      else if (run.exitCode !== 0) failure = `Exit code: ${run.exitCode}`;
      if (failure) notes.push(failure);
      // A failure the sandbox caused says so, so the model asks the user instead of retrying blindly.
      const sandboxNote = failure && !run.stopped ? opts.sandbox?.failureNote(run.output.text) : undefined;
      if (sandboxNote) notes.push(sandboxNote);

      const details: BashDetails = { exitCode: run.exitCode, fullOutputPath: run.output.fullOutputPath };
      const content = [run.output.text === "" ? "(no output)" : run.output.text, ...notes].join("\n\n");
      return { content, isError: failure !== undefined, details };
    },
  };
}

function truncationNotice(out: CapturedOutput): string {
  const dropped = out.totalLines - out.keptLines;
  return (
    `[Output truncated: showing the last ${out.keptLines} of ${out.totalLines} lines; the first ${dropped} lines were dropped. ` +
    `The full output is in ${out.fullOutputPath} until kit exits (up to ${formatBytes(MAX_OUTPUT_FILE_BYTES)}: a longer one keeps its start and end): ` +
    "read it with offset/limit or grep it. " +
    "For long output, redirect it to a file (cmd > out.log 2>&1) and read or grep the file.]"
  );
}

/** A stream reader, as far as giving up on it goes. */
interface Cancelable {
  cancel(): Promise<void>;
}

interface RunResult {
  output: CapturedOutput;
  exitCode: number | null;
  signal: NodeJS.Signals | number | null;
  /** Set when kit ended the command. */
  stopped?: "timeout" | "cancel";
  /** How many processes were still running after bash exited by itself, and were ended. */
  endedLeftovers: number;
}

async function runCommand(argv: string[], cwd: string, timeout: number, ctx: ToolRunContext, files: OutputFiles): Promise<RunResult> {
  let proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  // Inherited by everything the command starts, even what leaves its session: how the call's processes are found.
  const marker = newCallMarker();
  try {
    proc = Bun.spawn(argv, {
      cwd,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      // The live environment: Bun's default is a copy taken at startup, which would hide what an
      // extension sets later (process.env.SUDO_ASKPASS = …).
      env: { ...process.env, [CALL_MARKER_VARIABLE]: marker },
      // A new session and process group, so the whole tree can be killed with one signal.
      detached: true,
    });
  } catch (err) {
    throw new Error(`Could not start ${argv[0]} in ${cwd}: ${(err as Error).message}`);
  }
  const processes = new CommandProcesses(proc.pid, marker);
  const output = new CommandOutput(files, (chunk, isStderr) => {
    try {
      ctx.onOutput(chunk, isStderr);
    } catch {
      // A failing live display must not cost the command its output; the result still carries it.
    }
  });
  const readers: Cancelable[] = [];
  const pumps = Promise.all([
    pump(proc.stdout, false, output, readers),
    pump(proc.stderr, true, output, readers),
  ]);

  let stopped: RunResult["stopped"];
  let killing: Promise<number> | undefined;
  const stop = (why: "timeout" | "cancel") => {
    if (stopped) return;
    stopped = why;
    killing = processes.kill();
  };
  const timer = setTimeout(() => stop("timeout"), timeout * 1000);
  const onAbort = () => stop("cancel");
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  // kit exiting mid-call (a second Ctrl+C, a signal in the terminal UI) takes the command with it.
  const onExit = () => processes.killNow();
  process.once("exit", onExit);
  let endedLeftovers = 0;
  try {
    await proc.exited;
    // No timeout while what is left is ended: that has its own bounded wait.
    clearTimeout(timer);
    if (killing) await killing;
    // What the command left behind (`server &`, nohup, setsid) ends with the call.
    else endedLeftovers = await processes.kill();
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
    process.off("exit", onExit);
  }
  const drained = await Promise.race([pumps.then(() => true), Bun.sleep(PIPE_GRACE_MS).then(() => false)]);
  if (!drained) {
    for (const reader of readers) await reader.cancel().catch(() => {});
    await pumps;
  }
  return { output: output.finish(), exitCode: proc.exitCode, signal: proc.signalCode, stopped, endedLeftovers };
}

/** Reads one stream to its end (or until cancelled), passing on whole lines. */
async function pump(
  stream: ReadableStream<Uint8Array>,
  isStderr: boolean,
  output: CommandOutput,
  readers: Cancelable[],
): Promise<void> {
  const reader = stream.getReader();
  readers.push(reader);
  const decoder = new TextDecoder();
  const splitter = new LineSplitter();
  for (;;) {
    // A read fails once the reader is cancelled; what arrived before is kept.
    const chunk = await reader.read().catch(() => undefined);
    if (!chunk || chunk.done) break;
    output.add(splitter.push(decoder.decode(chunk.value, { stream: true })), isStderr);
  }
  const rest = splitter.push(decoder.decode());
  const last = splitter.flush();
  output.add(last === undefined ? rest : [...rest, last], isStderr);
}
