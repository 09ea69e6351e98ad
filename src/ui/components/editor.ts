/**
 * The prompt editor: multi-line text with a cursor, readline/emacs keys, a kill ring of one entry,
 * undo, and a history of submitted texts. Pure state: `handle` takes decoded input events, `render`
 * returns lines for a width plus where the terminal cursor belongs.
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
import { columnOf, indexAtColumn, layoutRows, rowOf, rowText, type Row } from "./editor-layout.ts";
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

interface Snapshot {
  lines: string[];
  line: number;
  index: number;
}

type EditKind = "type" | "kill" | "other";

const UNDO_LIMIT = 200;

export class Editor {
  private lines: string[] = [""];
  private line = 0;
  private index = 0;
  private readonly history: EditorHistory;
  private killed = "";
  private lastEdit: EditKind | undefined;
  private readonly undoStack: Snapshot[] = [];
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
    return this.lines.join("\n");
  }

  get isEmpty(): boolean {
    return this.lines.length === 1 && this.lines[0] === "";
  }

  /** The cursor as a logical line and a string index within it. */
  get cursor(): { line: number; index: number } {
    return { line: this.line, index: this.index };
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
    this.insertText(clean(text), "type");
  }

  /** Inserts pasted text as one edit. */
  paste(text: string): void {
    this.insertText(clean(text), "other");
  }

  /** Moves the cursor; out-of-range values are clamped. */
  moveTo(line: number, index: number): void {
    this.line = Math.max(0, Math.min(line, this.lines.length - 1));
    this.index = Math.max(0, Math.min(index, this.lines[this.line]!.length));
    this.goalColumn = undefined;
  }

  handle(input: ComponentInput): EditorAction {
    if (input.type === "paste") {
      this.paste(input.text);
      return HANDLED;
    }
    const name = input.name;
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
        return this.moveLeft();
      case "right":
      case "ctrl+f":
        return this.moveRight();
      case "ctrl+left":
      case "alt+left":
      case "alt+b":
        return this.wordLeft();
      case "ctrl+right":
      case "alt+right":
      case "alt+f":
        return this.wordRight();
      case "home":
      case "ctrl+a":
        this.index = 0;
        return HANDLED;
      case "end":
      case "ctrl+e":
        this.index = this.current.length;
        return HANDLED;
      case "ctrl+home":
        this.moveTo(0, 0);
        return HANDLED;
      case "ctrl+end":
        this.moveTo(this.lines.length - 1, Infinity);
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
        return this.kill(this.line, this.index, ...this.lineEndOrNext(), wasKill, false);
      case "ctrl+u":
        return this.kill(...this.lineStartOrPrev(), this.line, this.index, wasKill, true);
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
    const rows = layoutRows(this.lines, textWidth);
    const cursorRow = rowOf(rows, this.line, this.index);
    const col = promptWidth + columnOf(this.lines, rows[cursorRow]!, this.index);
    const maxRows = Math.max(1, options.maxRows ?? Infinity);
    if (cursorRow < this.scrollTop) this.scrollTop = cursorRow;
    else if (cursorRow >= this.scrollTop + maxRows) this.scrollTop = cursorRow - maxRows + 1;
    this.scrollTop = Math.max(0, Math.min(this.scrollTop, rows.length - Math.min(maxRows, rows.length)));
    const shown = rows.slice(this.scrollTop, this.scrollTop + maxRows);
    const lines = shown.map((row, k) => (k + this.scrollTop === 0 ? paintedPrompt : indent) + rowText(this.lines, row));
    return { lines, cursor: { row: cursorRow - this.scrollTop, col } };
  }

  // ── editing ───────────────────────────────────────────────────────────────────────────────────

  private get current(): string {
    return this.lines[this.line]!;
  }

  private load(text: string): void {
    this.lines = clean(text).split("\n");
    this.line = this.lines.length - 1;
    this.index = this.current.length;
    this.goalColumn = undefined;
  }

  private snapshot(kind: EditKind): void {
    // Consecutive typing (or killing) is one undo step.
    if (kind !== "other" && this.lastEdit === kind) return;
    this.undoStack.push({ lines: [...this.lines], line: this.line, index: this.index });
    if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
    this.lastEdit = kind;
  }

  private insertText(text: string, kind: EditKind): void {
    if (text === "") return;
    this.snapshot(kind);
    this.splice(text);
  }

  /** Inserts text at the cursor, which ends after it. */
  private splice(text: string): void {
    const before = this.current.slice(0, this.index);
    const after = this.current.slice(this.index);
    const parts = text.split("\n");
    parts[0] = before + parts[0];
    const lastLength = parts[parts.length - 1]!.length;
    parts[parts.length - 1] += after;
    this.lines.splice(this.line, 1, ...parts);
    this.line += parts.length - 1;
    this.index = lastLength;
  }

  /** Removes text between two positions (start before end); returns the removed text. */
  private remove(fromLine: number, fromIndex: number, toLine: number, toIndex: number): string {
    const removed = [...this.lines.slice(fromLine, toLine + 1)];
    removed[removed.length - 1] = removed[removed.length - 1]!.slice(0, toIndex);
    removed[0] = removed[0]!.slice(fromIndex);
    const joined = this.lines[fromLine]!.slice(0, fromIndex) + this.lines[toLine]!.slice(toIndex);
    this.lines.splice(fromLine, toLine - fromLine + 1, joined);
    this.line = fromLine;
    this.index = fromIndex;
    return removed.join("\n");
  }

  private enter(): EditorAction {
    if (this.index > 0 && this.current[this.index - 1] === "\\") {
      this.snapshot("other");
      this.remove(this.line, this.index - 1, this.line, this.index);
      this.splice("\n");
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
    if (this.index > 0) {
      this.snapshot("other");
      this.remove(this.line, prevGrapheme(this.current, this.index), this.line, this.index);
    } else if (this.line > 0) {
      this.snapshot("other");
      this.remove(this.line - 1, this.lines[this.line - 1]!.length, this.line, 0);
    }
    return HANDLED;
  }

  private deleteForward(): EditorAction {
    if (this.index < this.current.length) {
      this.snapshot("other");
      this.remove(this.line, this.index, this.line, nextGrapheme(this.current, this.index));
    } else if (this.line < this.lines.length - 1) {
      this.snapshot("other");
      this.remove(this.line, this.index, this.line + 1, 0);
    }
    return HANDLED;
  }

  private kill(fromLine: number, fromIndex: number, toLine: number, toIndex: number, append: boolean, backward: boolean): EditorAction {
    if (fromLine === toLine && fromIndex === toIndex) return HANDLED;
    this.snapshot("kill");
    const removed = this.remove(fromLine, fromIndex, toLine, toIndex);
    this.killed = append ? (backward ? removed + this.killed : this.killed + removed) : removed;
    this.lastEdit = "kill";
    return HANDLED;
  }

  private killBackward(start: (line: string, index: number) => number, append: boolean): EditorAction {
    if (this.index === 0) return this.kill(...this.lineStartOrPrev(), this.line, this.index, append, true);
    return this.kill(this.line, start(this.current, this.index), this.line, this.index, append, true);
  }

  private killForward(append: boolean): EditorAction {
    if (this.index === this.current.length) return this.kill(this.line, this.index, ...this.lineEndOrNext(), append, false);
    return this.kill(this.line, this.index, this.line, wordEndAfter(this.current, this.index), append, false);
  }

  /** The end of the line, or the start of the next line when already at the end (kills the newline). */
  private lineEndOrNext(): [number, number] {
    if (this.index < this.current.length || this.line === this.lines.length - 1) return [this.line, this.current.length];
    return [this.line + 1, 0];
  }

  private lineStartOrPrev(): [number, number] {
    if (this.index > 0 || this.line === 0) return [this.line, 0];
    return [this.line - 1, this.lines[this.line - 1]!.length];
  }

  private undo(): EditorAction {
    const previous = this.undoStack.pop();
    if (previous) {
      this.lines = previous.lines;
      this.line = previous.line;
      this.index = previous.index;
    }
    this.lastEdit = undefined;
    return HANDLED;
  }

  // ── motion ────────────────────────────────────────────────────────────────────────────────────

  private moveLeft(): EditorAction {
    if (this.index > 0) this.index = prevGrapheme(this.current, this.index);
    else if (this.line > 0) this.moveTo(this.line - 1, Infinity);
    return HANDLED;
  }

  private moveRight(): EditorAction {
    if (this.index < this.current.length) this.index = nextGrapheme(this.current, this.index);
    else if (this.line < this.lines.length - 1) this.moveTo(this.line + 1, 0);
    return HANDLED;
  }

  private wordLeft(): EditorAction {
    if (this.index === 0) return this.moveLeft();
    this.index = wordStartBefore(this.current, this.index);
    return HANDLED;
  }

  private wordRight(): EditorAction {
    if (this.index === this.current.length) return this.moveRight();
    this.index = wordEndAfter(this.current, this.index);
    return HANDLED;
  }

  private vertical(direction: -1 | 1): EditorAction {
    const rows = layoutRows(this.lines, this.lastWidth);
    const r = rowOf(rows, this.line, this.index);
    const target = r + direction;
    if (target < 0 || target >= rows.length) return this.browseHistory(direction);
    this.goalColumn ??= columnOf(this.lines, rows[r]!, this.index);
    const row: Row = rows[target]!;
    this.line = row.line;
    this.index = indexAtColumn(this.lines, row, this.goalColumn);
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

/** Text as the editor keeps it: "\n" line breaks, no control characters but tabs. */
function clean(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f]/g, "");
}
