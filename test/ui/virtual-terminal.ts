/**
 * A Terminal for tests: records every write and feeds it to @xterm/headless, so a test can check
 * both the bytes and the resulting screen and scrollback.
 */
import { Unicode11Addon } from "@xterm/addon-unicode11";
import { Terminal as XTerm } from "@xterm/headless";
import type { ColorLevel } from "../../src/ui/terminal/colors.ts";
import type { KeyEvent, PasteEvent } from "../../src/ui/terminal/key-decoder.ts";
import type { KeyboardProtocol, Terminal } from "../../src/ui/terminal/terminal.ts";

export class VirtualTerminal implements Terminal {
  readonly xterm: XTerm;
  readonly writes: string[] = [];
  colorLevel: ColorLevel = "truecolor";
  keyboardProtocol: KeyboardProtocol = "legacy";
  private inputHandlers = new Set<(event: KeyEvent | PasteEvent) => void>();
  private resizeHandlers = new Set<() => void>();
  private pending: Promise<void> = Promise.resolve();

  constructor(columns = 40, rows = 10, scrollback = 100_000) {
    this.xterm = new XTerm({ cols: columns, rows, scrollback, allowProposedApi: true });
    // Unicode 11 widths (emoji are 2 columns), as modern terminals and Bun.stringWidth count them.
    this.xterm.loadAddon(new Unicode11Addon());
    this.xterm.unicode.activeVersion = "11";
  }

  get columns(): number {
    return this.xterm.cols;
  }

  get rows(): number {
    return this.xterm.rows;
  }

  write(data: string): void {
    this.writes.push(data);
    this.pending = new Promise((resolve) => this.xterm.write(data, resolve));
  }

  /** Resolves when xterm has parsed everything written so far. */
  settled(): Promise<void> {
    return this.pending;
  }

  /** Everything written, as one string. */
  get output(): string {
    return this.writes.join("");
  }

  async resize(columns: number, rows: number): Promise<void> {
    await this.settled();
    this.xterm.resize(columns, rows);
    for (const handler of this.resizeHandlers) handler();
  }

  onInput(handler: (event: KeyEvent | PasteEvent) => void): () => void {
    this.inputHandlers.add(handler);
    return () => this.inputHandlers.delete(handler);
  }

  onResize(handler: () => void): () => void {
    this.resizeHandlers.add(handler);
    return () => this.resizeHandlers.delete(handler);
  }

  enterRawMode(): void {}
  leaveRawMode(): void {}

  /** All buffer lines (scrollback then screen), right-trimmed, trailing empty lines dropped. */
  async lines(): Promise<string[]> {
    await this.settled();
    const buffer = this.xterm.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < buffer.length; i++) out.push(buffer.getLine(i)!.translateToString(true));
    while (out.length > 0 && out[out.length - 1] === "") out.pop();
    return out;
  }

  /** The visible screen's rows, right-trimmed. */
  async screen(): Promise<string[]> {
    await this.settled();
    const buffer = this.xterm.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < this.xterm.rows; i++) out.push(buffer.getLine(buffer.baseY + i)!.translateToString(true));
    return out;
  }

  /** The lines that scrolled off the top of the screen. */
  async scrollback(): Promise<string[]> {
    await this.settled();
    const buffer = this.xterm.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < buffer.baseY; i++) out.push(buffer.getLine(i)!.translateToString(true));
    return out;
  }

  /** Cursor position on the screen (0-based). */
  async cursor(): Promise<{ x: number; y: number }> {
    await this.settled();
    const buffer = this.xterm.buffer.active;
    return { x: buffer.cursorX, y: buffer.cursorY };
  }
}

/** Waits for the renderer's coalesced flush (one turn of the event loop). */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
