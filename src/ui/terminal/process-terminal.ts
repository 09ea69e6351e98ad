/**
 * The terminal of this process: stdin in raw mode, stdout for output.
 *
 * Entering raw mode turns on bracketed paste and asks, without waiting, which keyboard protocol the
 * terminal speaks: it sends the kitty keyboard query (CSI ? u) followed by a primary device
 * attributes request (CSI c), which every terminal answers. A kitty answer arriving before the
 * device attributes means the protocol is there, and kit pushes its flags (CSI > 1 u: disambiguate,
 * so shift+enter, ctrl+i and Escape come as CSI u). Device attributes first means it is not; kit
 * then asks for xterm's modifyOtherKeys level 1 (CSI > 4 ; 1 m), which terminals without it ignore.
 * Startup never waits: keys decode as legacy sequences until the answer comes.
 *
 * Leaving raw mode, exiting, an uncaught exception or rejection (unless exitOnCrash says no), and SIGTERM / SIGHUP / SIGINT all
 * put the terminal back: synchronized output closed, SGR reset, keyboard protocol popped, bracketed
 * paste off, cursor shown, raw mode off. (In raw mode Ctrl+C is a key, "ctrl+c"; a SIGINT can only
 * come from outside, and is handled like SIGTERM.) The signals then exit with 128 + the signal number.
 */
import { writeSync } from "node:fs";
import type { ReadStream, WriteStream } from "node:tty";
import { type ColorLevel, detectColorLevel } from "./colors.ts";
import { type InputEvent, KeyDecoder, type KeyEvent, type PasteEvent } from "./key-decoder.ts";
import type { KeyboardProtocol, Terminal } from "./terminal.ts";
import { exitProcess } from "../../process-exit.ts";
import { OSC11_QUERY, parseBackgroundReply } from "../theme/background.ts";
import { withoutEnvSecrets } from "../../secret-values.ts";

export const BRACKETED_PASTE_ON = "\x1b[?2004h";
export const BRACKETED_PASTE_OFF = "\x1b[?2004l";
export const KITTY_QUERY = "\x1b[?u";
export const DEVICE_ATTRIBUTES_QUERY = "\x1b[c";
/** Push kitty flags: 1 = disambiguate escape codes. */
export const KITTY_PUSH = "\x1b[>1u";
export const KITTY_POP = "\x1b[<u";
export const MODIFY_OTHER_KEYS_ON = "\x1b[>4;1m";
export const MODIFY_OTHER_KEYS_RESET = "\x1b[>4m";
export const SYNC_END = "\x1b[?2026l";
export const CURSOR_SHOW = "\x1b[?25h";

const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** The process-like object the terminal hooks for restore; this process unless a test passes its own. */
export interface ProcessHooks {
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  exit(code?: number): never | void;
}

export interface ProcessTerminalOptions {
  stdin?: ReadStream;
  stdout?: WriteStream;
  env?: Record<string, string | undefined>;
  process?: ProcessHooks;
  /** How long a lone ESC waits for the rest of a sequence before it is the Escape key (default 30 ms). */
  escapeTimeoutMs?: number;
  /**
   * Asked when an uncaught exception or rejection comes: whether it ends the process here (default
   * yes). No while something else reports them and keeps the process running (kit's guard against
   * extensions).
   */
  exitOnCrash?: () => boolean;
}

export class ProcessTerminal implements Terminal {
  readonly colorLevel: ColorLevel;
  private readonly stdin: ReadStream;
  private readonly stdout: WriteStream;
  private readonly proc: ProcessHooks;
  private readonly escapeTimeoutMs: number;
  private readonly exitOnCrash: () => boolean;
  private decoder = new KeyDecoder();
  private inputHandlers = new Set<(event: KeyEvent | PasteEvent) => void>();
  private resizeHandlers = new Set<() => void>();
  private backgroundHandlers = new Set<(background: "dark" | "light") => void>();
  private raw = false;
  private detecting = false;
  private protocol: KeyboardProtocol = "legacy";
  private escapeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ProcessTerminalOptions = {}) {
    this.stdin = options.stdin ?? (process.stdin as ReadStream);
    this.stdout = options.stdout ?? (process.stdout as WriteStream);
    // kit's own exit: process.exit may be an extension's while extensions run (process-exit.ts).
    this.proc = options.process ?? { on: (e, l) => process.on(e, l), off: (e, l) => process.off(e, l), exit: exitProcess };
    this.escapeTimeoutMs = options.escapeTimeoutMs ?? 30;
    this.exitOnCrash = options.exitOnCrash ?? (() => true);
    this.colorLevel = detectColorLevel(options.env ?? process.env);
  }

  get columns(): number {
    return this.stdout.columns || 80;
  }

  get rows(): number {
    return this.stdout.rows || 24;
  }

  get keyboardProtocol(): KeyboardProtocol {
    return this.protocol;
  }

  write(data: string): void {
    this.stdout.write(data);
  }

  onInput(handler: (event: KeyEvent | PasteEvent) => void): () => void {
    this.inputHandlers.add(handler);
    return () => this.inputHandlers.delete(handler);
  }

  onResize(handler: () => void): () => void {
    this.resizeHandlers.add(handler);
    return () => this.resizeHandlers.delete(handler);
  }

  enterRawMode(): void {
    if (this.raw) return;
    this.raw = true;
    this.decoder = new KeyDecoder();
    if (this.stdin.isTTY) this.stdin.setRawMode(true);
    this.stdin.on("data", this.handleData);
    this.stdin.resume();
    this.stdout.on("resize", this.handleResize);
    this.proc.on("exit", this.handleExit);
    this.proc.on("uncaughtException", this.handleCrash);
    this.proc.on("unhandledRejection", this.handleCrash);
    for (const signal of Object.keys(SIGNAL_EXIT)) this.proc.on(signal, this.handleSignal);
    this.detecting = true;
    // The background query goes first: its answer (if any) arrives before the device attributes.
    this.stdout.write(BRACKETED_PASTE_ON + OSC11_QUERY + KITTY_QUERY + DEVICE_ATTRIBUTES_QUERY);
  }

  leaveRawMode(): void {
    if (!this.raw) return;
    this.restore(false);
  }

  /** The bytes that undo what entering raw mode turned on. */
  restoreSequence(): string {
    let out = SYNC_END + "\x1b[0m";
    if (this.protocol === "kitty") out += KITTY_POP;
    if (this.protocol === "modify-other-keys") out += MODIFY_OTHER_KEYS_RESET;
    return out + BRACKETED_PASTE_OFF + CURSOR_SHOW;
  }

  private restore(synchronous: boolean): void {
    if (!this.raw) return;
    this.raw = false;
    const bytes = this.restoreSequence();
    this.protocol = "legacy";
    this.detecting = false;
    clearTimeout(this.escapeTimer);
    this.stdin.off("data", this.handleData);
    this.stdout.off("resize", this.handleResize);
    this.proc.off("exit", this.handleExit);
    this.proc.off("uncaughtException", this.handleCrash);
    this.proc.off("unhandledRejection", this.handleCrash);
    for (const signal of Object.keys(SIGNAL_EXIT)) this.proc.off(signal, this.handleSignal);
    if (synchronous) writeNow(this.stdout, bytes);
    else this.stdout.write(bytes);
    try {
      if (this.stdin.isTTY) this.stdin.setRawMode(false);
    } catch {
      // the tty may already be gone (SIGHUP)
    }
    this.stdin.pause();
  }

  private readonly handleData = (chunk: Buffer | string) => {
    clearTimeout(this.escapeTimer);
    this.escapeTimer = undefined;
    this.dispatch(this.decoder.feed(typeof chunk === "string" ? chunk : new Uint8Array(chunk)));
    if (this.decoder.pending) {
      this.escapeTimer = setTimeout(() => {
        this.escapeTimer = undefined;
        this.dispatch(this.decoder.flush());
      }, this.escapeTimeoutMs);
    }
  };

  private dispatch(events: InputEvent[]): void {
    for (const event of events) {
      if (event.type === "reply") {
        this.handleReply(event);
        continue;
      }
      for (const handler of this.inputHandlers) handler(event);
    }
  }

  onBackground(handler: (background: "dark" | "light") => void): () => void {
    this.backgroundHandlers.add(handler);
    return () => this.backgroundHandlers.delete(handler);
  }

  private handleReply(event: Extract<InputEvent, { type: "reply" }>): void {
    if (event.kind === "background") {
      const reply = parseBackgroundReply(event.sequence);
      if (reply) for (const handler of this.backgroundHandlers) handler(reply.background);
      return;
    }
    if (!this.detecting || !this.raw) return;
    if (event.kind === "keyboard-flags") {
      this.detecting = false;
      this.protocol = "kitty";
      this.stdout.write(KITTY_PUSH);
    } else if (event.kind === "device-attributes") {
      this.detecting = false;
      this.protocol = "modify-other-keys";
      this.stdout.write(MODIFY_OTHER_KEYS_ON);
    }
  }

  private readonly handleResize = () => {
    for (const handler of this.resizeHandlers) handler();
  };

  private readonly handleExit = () => this.restore(true);

  private readonly handleCrash = (error: unknown) => {
    if (!this.exitOnCrash()) return;
    this.restore(true);
    writeNow(process.stderr as unknown as WriteStream, `${withoutEnvSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    this.proc.exit(1);
  };

  private readonly handleSignal = (signal: string) => {
    this.restore(true);
    this.proc.exit(SIGNAL_EXIT[signal] ?? 1);
  };
}

/** Writes at once (exit handlers cannot wait for a stream); falls back to the stream. */
function writeNow(stream: WriteStream, data: string): void {
  try {
    const fd = (stream as unknown as { fd?: number }).fd;
    if (typeof fd === "number") {
      writeSync(fd, data);
      return;
    }
  } catch {
    // EAGAIN on a full non-blocking pipe, or a closed fd: try the stream
  }
  stream.write(data);
}
