/**
 * Keeps extension code that misbehaves outside kit's dispatch from taking the process with it. While
 * installed (one run of the app, interactive or headless):
 * - an error thrown outside any handler (a timer, an event emitter) or a promise rejection nobody
 *   handles is caught and passed to `uncaught` (once per extension and message), and the process
 *   keeps running;
 * - console output (console.log, .error, .table, … and Bun's console.write) goes to `console` instead
 *   of the process's stdout and stderr, which belong to kit's own output (--json, stream-json, the
 *   terminal UI). kit itself writes with fs.writeSync and process.stdout, never through the console;
 * - process.exit() does not exit: `exitCalled` is told, and the call throws an InterceptedExit so the
 *   extension's code does not go on as if nothing happened. kit's own exits do not go through
 *   process.exit while the guard is on (src/process-exit.ts).
 * Each hook is given the extension the call stack points at (`ownerOf`), or undefined when it points
 * at none (a function passed straight to a timer, `setTimeout(console.log, 0, …)`; JavaScriptCore's
 * proper tail calls also drop the frame of an arrow function that ends in the call).
 */
import type { Console as NodeConsole } from "node:console";

export interface ProcessGuardOptions {
  /** The extension (its entry path) whose code a stack trace runs through, if any. */
  ownerOf(stack: string): string | undefined;
  uncaught(owner: string | undefined, error: unknown): void;
  /** One console call's text (no trailing newline); `stream` is where it would have gone. */
  console(owner: string | undefined, text: string, stream: "stdout" | "stderr"): void;
  exitCalled(owner: string | undefined, code: number | undefined): void;
}

/** What process.exit throws in extension code. Already reported: whoever catches it says nothing more. */
export class InterceptedExit extends Error {
  constructor(readonly code: number | undefined) {
    super(`process.exit(${code ?? ""}) does not end kit from an extension; ctx.exit() ends the session`);
    this.name = "InterceptedExit";
  }
}

/** Console methods that write something (or change how later calls write, as group does). */
const CONSOLE_METHODS = [
  "log", "info", "debug", "warn", "error", "trace", "dir", "dirxml", "table", "group", "groupCollapsed", "groupEnd",
  "assert", "count", "countReset", "time", "timeEnd", "timeLog",
] as const;

/** Installs the guard; returns the function that takes it off again. */
export function guardProcess(o: ProcessGuardOptions): () => void {
  // An interval that throws the same error every tick is reported once, not once a tick.
  const reported = new Set<string>();
  const onUncaught = (error: unknown) => {
    if (error instanceof InterceptedExit) return;
    const owner = o.ownerOf(error instanceof Error ? (error.stack ?? "") : "");
    const key = `${owner}\n${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    if (reported.has(key)) return;
    reported.add(key);
    o.uncaught(owner, error);
  };
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);

  // Deep enough to get past a library the extension called through (the default is 10 frames).
  const callerStack = () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 50;
    try {
      return new Error().stack ?? "";
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  const realExit = process.exit;
  process.exit = function exit(code?: number | string | null) {
    const n = code === undefined || code === null ? undefined : Number(code);
    o.exitCalled(o.ownerOf(callerStack()), n);
    throw new InterceptedExit(n);
  } as typeof process.exit;

  // The formatting (util.format, tables, group indentation, counters) is Node's own Console, made on
  // the first call: most runs never log anything, and streams are not free to set up.
  const target = console as unknown as Record<string, unknown>;
  const saved = new Map<string, unknown>([...CONSOLE_METHODS, "write"].map((name) => [name, target[name]]));
  let formatter: { console: NodeConsole; take(): { text: string; stream: "stdout" | "stderr" }[] } | undefined;
  const format = () => (formatter ??= textConsole());
  for (const name of CONSOLE_METHODS) {
    target[name] = (...args: unknown[]) => {
      const owner = o.ownerOf(callerStack());
      const f = format();
      (f.console[name] as (...a: unknown[]) => void)(...args);
      for (const { text, stream } of f.take()) o.console(owner, text.replace(/\n$/, ""), stream);
    };
  }
  // Bun's console.write(...data): raw text to stdout.
  target.write = (...data: unknown[]) => {
    const text = data.map((d) => (typeof d === "string" ? d : new TextDecoder().decode(d as Uint8Array))).join("");
    if (text !== "") o.console(o.ownerOf(callerStack()), text.replace(/\n$/, ""), "stdout");
    return text.length;
  };

  return () => {
    process.off("uncaughtException", onUncaught);
    process.off("unhandledRejection", onUncaught);
    process.exit = realExit;
    for (const [name, fn] of saved) target[name] = fn;
  };
}

/** A Node Console writing into memory: what one call wrote, taken right after it. */
function textConsole(): { console: NodeConsole; take(): { text: string; stream: "stdout" | "stderr" }[] } {
  // Loaded on first use only (see above).
  const { Console } = require("node:console") as typeof import("node:console");
  const { Writable } = require("node:stream") as typeof import("node:stream");
  let written: { text: string; stream: "stdout" | "stderr" }[] = [];
  const sink = (stream: "stdout" | "stderr") =>
    new Writable({
      write(chunk, _encoding, done) {
        written.push({ text: String(chunk), stream });
        done();
      },
    });
  return {
    console: new Console({ stdout: sink("stdout"), stderr: sink("stderr") }),
    take() {
      const out = written;
      written = [];
      return out;
    },
  };
}
