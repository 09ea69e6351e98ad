/**
 * The prompt editor: multi-line text with a cursor, readline/emacs keys, a kill ring of one entry,
 * undo, and a history of submitted texts. Pure state: `handle` takes decoded input events, `render`
 * returns lines for a width plus where the terminal cursor belongs. The text and cursor themselves,
 * with the primitive edits and motions, are an `EditorBuffer`; this class maps keys onto them.
 *
 * Keys: Enter submits (a line ending in "\" turns Enter into a newline); Shift+Enter, Alt+Enter and
 * Ctrl+J insert a newline. Left/Right (Ctrl+B/F) by grapheme, Ctrl/Alt+Left/Right and Alt+B/F by
 * word, Home/End (Ctrl+A/E) to the line's ends, Up/Down (Ctrl+P/N) by displayed row and into the
 * history on the first/last row. Backspace (Ctrl+H), Delete, Ctrl+D (when not empty). Ctrl+K/Ctrl+U
 * kill to the end/start of the line, Ctrl+W the whitespace-delimited word before, Alt+Backspace
 * (Ctrl+Backspace) the word before, Alt+D the word after; consecutive kills collect; Ctrl+Y yanks.
 * Ctrl+Z or Ctrl+_ undoes. A paste is inserted as one edit (one undo step, never a submit).
 */
import type { Theme } from "../theme/theme.ts";
import { truncate, visibleWidth } from "../width.ts";
import { EditorBuffer, cleanText, type BufferState } from "./editor-buffer.ts";
import { columnOf, indexAtColumn, layoutRows, rowOf, rowText } from "./editor-layout.ts";
import { EditorHistory } from "./editor-history.ts";
import { bigWordStartBefore, nextGrapheme, prevGrapheme, wordEndAfter, wordStartBefore } from "./editor-text.ts";
import type { ComponentInput } from "./input.ts";

export interface EditorOptions {
  /** Shown dimmed while the editor is empty. */
  placeholder?: string;
  /** Earlier submitted texts, oldest first. */
  history?: readonly string[];
  /** Most history entries kept (default 500). */
  historyLimit?: number;
  /** Drawn before the first row (default "› "); later rows are indented to match. */
  prompt?: string;
}

export type EditorAction = { type: "submit"; text: string } | { type: "handled" } | { type: "ignored" };

export interface EditorRender {
  lines: string[];
  /** Where the terminal cursor belongs: row within `lines`, column in cells. */
  cursor: { row: number; col: number };
}

type EditKind = "type" | "kill" | "other";

const UNDO_LIMIT = 200;

export class Editor {
  private readonly buffer = new EditorBuffer();
  private readonly history: EditorHistory;
  private killed = "";
  private lastEdit: EditKind | undefined;
  private readonly undoStack: BufferState[] = [];
  /** The column up/down aim for, kept across consecutive vertical moves. */
  private goalColumn: number | undefined;
  /** Text width of the last render: vertical moves follow the rows the user saw. */
  private lastWidth = Infinity;
  /** First row shown when rendering with maxRows. */
  private scrollTop = 0;
  placeholder: string;
  prompt: string;

  constructor(options: EditorOptions = {}) {
    this.placeholder = options.placeholder ?? "";
    this.prompt = options.prompt ?? "› ";
    this.history = new EditorHistory(options.history, options.historyLimit);
  }

  get text(): string {
    return this.buffer.text;
  }

  get isEmpty(): boolean {
    return this.buffer.isEmpty;
  }

  /** The cursor as a logical line and a string index within it. */
  get cursor(): { line: number; index: number } {
    return { line: this.buffer.line, index: this.buffer.index };
  }

  /** Submitted texts, oldest first. */
  getHistory(): string[] {
    return this.history.list();
  }

  /** Replaces the text (one undo step); the cursor goes to the end. */
  setText(text: string): void {
    this.snapshot("other");
    this.load(text);
  }

  clear(): void {
    this.setText("");
  }

  /** Inserts text at the cursor (typing; consecutive typing is one undo step). */
  insert(text: string): void {
    this.insertText(cleanText(text), "type");
  }

  /** Inserts pasted text as one edit. */
  paste(text: string): void {
    this.insertText(cleanText(text), "other");
  }

  /** Moves the cursor; out-of-range values are clamped. */
  moveTo(line: number, index: number): void {
    this.buffer.moveTo(line, index);
    this.goalColumn = undefined;
  }

  handle(input: ComponentInput): EditorAction {
    if (input.type === "paste") {
      this.paste(input.text);
      return HANDLED;
    }
    const name = input.name;
    const buffer = this.buffer;
    const vertical = name === "up" || name === "down" || name === "ctrl+p" || name === "ctrl+n";
    if (!vertical) this.goalColumn = undefined;
    const wasKill = this.lastEdit === "kill";
    const types = input.text !== undefined && !name.startsWith("ctrl+") && !name.startsWith("alt+");
    // Typing continues a typing undo step and kills collect, but only when nothing came between.
    if (!types && !KILL_KEYS.has(name)) this.lastEdit = undefined;
    switch (name) {
      case "enter":
        return this.enter();
      case "shift+enter":
      case "alt+enter":
      case "ctrl+j":
      case "ctrl+shift+enter":
        this.insertText("\n", "other");
        return HANDLED;
      case "left":
      case "ctrl+b":
        buffer.moveLeft();
        return HANDLED;
      case "right":
      case "ctrl+f":
        buffer.moveRight();
        return HANDLED;
      case "ctrl+left":
      case "alt+left":
      case "alt+b":
        buffer.wordLeft();
        return HANDLED;
      case "ctrl+right":
      case "alt+right":
      case "alt+f":
        buffer.wordRight();
        return HANDLED;
      case "home":
      case "ctrl+a":
        buffer.index = 0;
        return HANDLED;
      case "end":
      case "ctrl+e":
        buffer.index = buffer.current.length;
        return HANDLED;
      case "ctrl+home":
        buffer.moveTo(0, 0);
        return HANDLED;
      case "ctrl+end":
        buffer.moveTo(buffer.lines.length - 1, Infinity);
        return HANDLED;
      case "up":
      case "ctrl+p":
        return this.vertical(-1);
      case "down":
      case "ctrl+n":
        return this.vertical(1);
      case "backspace":
      case "ctrl+h":
      case "shift+backspace":
        return this.backspace();
      case "delete":
        return this.deleteForward();
      case "ctrl+d":
        return this.isEmpty ? IGNORED : this.deleteForward();
      case "ctrl+k":
        return this.kill(buffer.line, buffer.index, ...buffer.lineEndOrNext(), wasKill, false);
      case "ctrl+u":
        return this.kill(...buffer.lineStartOrPrev(), buffer.line, buffer.index, wasKill, true);
      case "ctrl+w":
        return this.killBackward(bigWordStartBefore, wasKill);
      case "alt+backspace":
      case "ctrl+backspace":
      case "ctrl+alt+h":
        return this.killBackward(wordStartBefore, wasKill);
      case "alt+d":
      case "alt+delete":
      case "ctrl+delete":
        return this.killForward(wasKill);
      case "ctrl+y":
        if (this.killed !== "") this.insertText(this.killed, "other");
        return HANDLED;
      case "ctrl+z":
      case "ctrl+_":
        return this.undo();
    }
    if (types) {
      this.insert(input.text!);
      return HANDLED;
    }
    return IGNORED;
  }

  /**
   * Lines for `width` columns (prompt included) and the cursor position within them. With
   * `maxRows`, a window of that many rows that follows the cursor (a long paste stays small).
   */
  render(width: number, theme: Theme, options: { maxRows?: number } = {}): EditorRender {
    const prompt = visibleWidth(this.prompt) + 2 <= width ? this.prompt : "";
    const promptWidth = visibleWidth(prompt);
    // One column stays free so the cursor fits after a full row.
    const textWidth = Math.max(1, width - promptWidth - 1);
    this.lastWidth = textWidth;
    const paintedPrompt = prompt === "" ? "" : theme.fg("primary", prompt, { bold: true });
    const indent = " ".repeat(promptWidth);
    if (this.isEmpty) {
      const hint = this.placeholder ? theme.fg("veryMuted", truncate(this.placeholder, Math.max(0, width - promptWidth))) : "";
      return { lines: [paintedPrompt + hint], cursor: { row: 0, col: promptWidth } };
    }
    const { lines: textLines, line, index } = this.buffer;
    const rows = layoutRows(textLines, textWidth);
    const cursorRow = rowOf(rows, line, index);
    const col = promptWidth + columnOf(textLines, rows[cursorRow]!, index);
    const maxRows = Math.max(1, options.maxRows ?? Infinity);
    if (cursorRow < this.scrollTop) this.scrollTop = cursorRow;
    else if (cursorRow >= this.scrollTop + maxRows) this.scrollTop = cursorRow - maxRows + 1;
    this.scrollTop = Math.max(0, Math.min(this.scrollTop, rows.length - Math.min(maxRows, rows.length)));
    const shown = rows.slice(this.scrollTop, this.scrollTop + maxRows);
    const lines = shown.map((row, k) => (k + this.scrollTop === 0 ? paintedPrompt : indent) + rowText(textLines, row));
    return { lines, cursor: { row: cursorRow - this.scrollTop, col } };
  }

  // ── editing ───────────────────────────────────────────────────────────────────────────────────

  private load(text: string): void {
    this.buffer.load(text);
    this.goalColumn = undefined;
  }

  private snapshot(kind: EditKind): void {
    // Consecutive typing (or killing) is one undo step.
    if (kind !== "other" && this.lastEdit === kind) return;
    this.undoStack.push(this.buffer.snapshot());
    if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
    this.lastEdit = kind;
  }

  private insertText(text: string, kind: EditKind): void {
    if (text === "") return;
    this.snapshot(kind);
    this.buffer.splice(text);
  }

  private enter(): EditorAction {
    const { line, index, current } = this.buffer;
    if (index > 0 && current[index - 1] === "\\") {
      this.snapshot("other");
      this.buffer.remove(line, index - 1, line, index);
      this.buffer.splice("\n");
      return HANDLED;
    }
    const text = this.text;
    if (text.trim() === "") return HANDLED;
    this.history.add(text);
    this.undoStack.length = 0;
    this.lastEdit = undefined;
    this.load("");
    return { type: "submit", text };
  }

  private backspace(): EditorAction {
    const { lines, line, index, current } = this.buffer;
    if (index > 0) {
      this.snapshot("other");
      this.buffer.remove(line, prevGrapheme(current, index), line, index);
    } else if (line > 0) {
      this.snapshot("other");
      this.buffer.remove(line - 1, lines[line - 1]!.length, line, 0);
    }
    return HANDLED;
  }

  private deleteForward(): EditorAction {
    const { lines, line, index, current } = this.buffer;
    if (index < current.length) {
      this.snapshot("other");
      this.buffer.remove(line, index, line, nextGrapheme(current, index));
    } else if (line < lines.length - 1) {
      this.snapshot("other");
      this.buffer.remove(line, index, line + 1, 0);
    }
    return HANDLED;
  }

  private kill(fromLine: number, fromIndex: number, toLine: number, toIndex: number, append: boolean, backward: boolean): EditorAction {
    if (fromLine === toLine && fromIndex === toIndex) return HANDLED;
    this.snapshot("kill");
    const removed = this.buffer.remove(fromLine, fromIndex, toLine, toIndex);
    this.killed = append ? (backward ? removed + this.killed : this.killed + removed) : removed;
    this.lastEdit = "kill";
    return HANDLED;
  }

  private killBackward(start: (line: string, index: number) => number, append: boolean): EditorAction {
    const { line, index, current } = this.buffer;
    if (index === 0) return this.kill(...this.buffer.lineStartOrPrev(), line, index, append, true);
    return this.kill(line, start(current, index), line, index, append, true);
  }

  private killForward(append: boolean): EditorAction {
    const { line, index, current } = this.buffer;
    if (index === current.length) return this.kill(line, index, ...this.buffer.lineEndOrNext(), append, false);
    return this.kill(line, index, line, wordEndAfter(current, index), append, false);
  }

  private undo(): EditorAction {
    const previous = this.undoStack.pop();
    if (previous) this.buffer.restore(previous);
    this.lastEdit = undefined;
    return HANDLED;
  }

  // ── vertical motion: by displayed row, then into the history ─────────────────────────────────

  private vertical(direction: -1 | 1): EditorAction {
    const { lines, line, index } = this.buffer;
    const rows = layoutRows(lines, this.lastWidth);
    const r = rowOf(rows, line, index);
    const target = r + direction;
    if (target < 0 || target >= rows.length) return this.browseHistory(direction);
    this.goalColumn ??= columnOf(lines, rows[r]!, index);
    const row = rows[target]!;
    this.buffer.line = row.line;
    this.buffer.index = indexAtColumn(lines, row, this.goalColumn);
    return HANDLED;
  }

  private browseHistory(direction: -1 | 1): EditorAction {
    const text = this.history.move(direction, this.text);
    if (text === undefined) return direction < 0 ? HANDLED : IGNORED;
    this.load(text);
    this.undoStack.length = 0;
    this.lastEdit = undefined;
    return HANDLED;
  }
}

const HANDLED: EditorAction = { type: "handled" };
const IGNORED: EditorAction = { type: "ignored" };
const KILL_KEYS = new Set(["ctrl+k", "ctrl+u", "ctrl+w", "alt+backspace", "ctrl+backspace", "ctrl+alt+h", "alt+d", "alt+delete", "ctrl+delete"]);
