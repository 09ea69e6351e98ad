/**
 * The built kit in a pseudo-terminal (Bun.spawn's `terminal` option), its output fed to
 * @xterm/headless so tests read the screen and the scrollback as a user would see them, and keep
 * every byte kit wrote for the byte-level checks. Keys are typed through the pty.
 */
import { Unicode11Addon } from "@xterm/addon-unicode11";
import { Terminal as XTerm } from "@xterm/headless";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isolatedHome, KIT_BIN, kitEnv } from "../support/kit-process.ts";
import { tempDir } from "../support/temp-dir.ts";

export const KEY = {
  enter: "\r",
  esc: "\x1b",
  altEnter: "\x1b\r",
  ctrlO: "\x0f",
  ctrlC: "\x03",
  ctrlD: "\x04",
  tab: "\t",
  up: "\x1b[A",
  down: "\x1b[B",
  backspace: "\x7f",
};

/** A temp project (real path) with files, and an isolated HOME with an Anthropic key. */
export function workspace(files: Record<string, string> = {}): { cwd: string; home: string; env: Record<string, string> } {
  const cwd = tempDir("kit-tui-");
  const home = isolatedHome();
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(cwd, rel)), { recursive: true });
    writeFileSync(join(cwd, rel), content);
  }
  return { cwd, home, env: kitEnv(home, { ANTHROPIC_API_KEY: "test-key", TERM: "xterm-256color" }) };
}

export interface StartOptions {
  args?: string[];
  cwd: string;
  env: Record<string, string>;
  cols?: number;
  rows?: number;
}

export class KitTerminal {
  readonly proc: Bun.Subprocess;
  readonly xterm: XTerm;
  /** Every byte kit wrote, decoded. */
  raw = "";
  private pending: Promise<void> = Promise.resolve();
  private readonly decoder = new TextDecoder();

  constructor(o: StartOptions) {
    const cols = o.cols ?? 100;
    const rows = o.rows ?? 30;
    this.xterm = new XTerm({ cols, rows, scrollback: 100_000, allowProposedApi: true });
    this.xterm.loadAddon(new Unicode11Addon());
    this.xterm.unicode.activeVersion = "11";
    this.proc = Bun.spawn([KIT_BIN, ...(o.args ?? [])], {
      cwd: o.cwd,
      env: o.env,
      terminal: {
        cols,
        rows,
        data: (_t, bytes) => {
          const text = this.decoder.decode(bytes, { stream: true });
          this.raw += text;
          this.pending = new Promise((resolve) => this.xterm.write(text, resolve));
        },
      },
    });
    // The emulator answers kit's queries (device attributes) through the pty, as a real terminal does.
    this.xterm.onData((reply) => this.proc.terminal?.write(reply));
  }

  /** Types keys (one write). */
  keys(text: string): void {
    this.proc.terminal!.write(text);
  }

  /** Types text, then Enter once the text shows (as a person presses it after seeing what they typed). */
  async type(text: string): Promise<void> {
    this.keys(text);
    await this.waitFor(`the typed "${text}"`, (s) => s.includes(text));
    this.keys(KEY.enter);
  }

  /** The screen's rows, right-trimmed. */
  async screen(): Promise<string[]> {
    await this.pending;
    const b = this.xterm.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < this.xterm.rows; i++) out.push(b.getLine(b.baseY + i)?.translateToString(true) ?? "");
    return out;
  }

  /** Scrollback and screen, right-trimmed, trailing blank lines dropped. */
  async lines(): Promise<string[]> {
    await this.pending;
    const b = this.xterm.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) out.push(b.getLine(i)!.translateToString(true));
    while (out.length && out[out.length - 1] === "") out.pop();
    return out;
  }

  /** Waits until the screen (as one text) satisfies `predicate`; fails with the screen after a generous wait. */
  async waitFor(what: string, predicate: (screen: string) => boolean, timeoutMs = 20_000): Promise<string> {
    for (let waited = 0; ; waited += 25) {
      const screen = (await this.screen()).join("\n");
      if (predicate(screen)) return screen;
      if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
      await Bun.sleep(25);
    }
  }

  /** Waits for text anywhere in the scrollback or on screen. */
  async waitForLines(what: string, predicate: (lines: string[]) => boolean, timeoutMs = 20_000): Promise<string[]> {
    for (let waited = 0; ; waited += 25) {
      const lines = await this.lines();
      if (predicate(lines)) return lines;
      if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}; screen:\n${(await this.screen()).join("\n")}`);
      await Bun.sleep(25);
    }
  }

  /** The editor is ready for input (kit started and drew its prompt and status bar). */
  ready(): Promise<string> {
    return this.waitFor("kit to start", (s) => s.includes("/help for commands") && s.includes("› "));
  }

  /** Resizes the pty and the emulator, and tells kit as the kernel would (SIGWINCH). */
  async resize(cols: number, rows: number): Promise<void> {
    await this.pending;
    this.proc.terminal!.resize(cols, rows);
    this.xterm.resize(cols, rows);
    this.proc.kill("SIGWINCH");
  }

  /** The editor's first row: the row under the last separator line. */
  async editor(): Promise<string> {
    const rows = await this.screen();
    const separator = rows.findLastIndex((row) => /^─+$/.test(row));
    return rows[separator + 1] ?? "";
  }

  /** Waits until the editor's first row satisfies `predicate`. */
  async waitForEditor(what: string, predicate: (row: string) => boolean, timeoutMs = 20_000): Promise<string> {
    for (let waited = 0; ; waited += 25) {
      const row = await this.editor();
      if (predicate(row)) return row;
      if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}; editor row: ${JSON.stringify(row)}; screen:\n${(await this.screen()).join("\n")}`);
      await Bun.sleep(25);
    }
  }

  /** Quits with Ctrl+C twice (after one that clears the input when there is text) and returns the exit code. */
  async quit(): Promise<number> {
    if (!(await this.editor()).startsWith("› Ask anything")) {
      this.keys(KEY.ctrlC);
      await this.waitForEditor("the cleared input", (row) => row.startsWith("› Ask anything"));
    }
    this.keys(KEY.ctrlC);
    await this.waitFor("the quit hint", (s) => s.includes("Ctrl+C again"));
    this.keys(KEY.ctrlC);
    const code = await this.proc.exited;
    await this.pending;
    return code;
  }

  kill(): void {
    this.proc.kill("SIGKILL");
  }
}
