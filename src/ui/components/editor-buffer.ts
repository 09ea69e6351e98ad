/**
 * The editor's text and cursor: logical lines, the cursor as a line and a string index within it,
 * and the primitive edits and motions on them. Knows nothing of keys, undo steps, the kill ring or
 * drawing; the editor builds those on top.
 */
import { nextGrapheme, prevGrapheme, wordEndAfter, wordStartBefore } from "./editor-text.ts";

/** The text and cursor at one moment (an undo step). */
export interface BufferState {
  lines: string[];
  line: number;
  index: number;
}

export class EditorBuffer {
  lines: string[] = [""];
  line = 0;
  index = 0;

  get text(): string {
    return this.lines.join("\n");
  }

  get isEmpty(): boolean {
    return this.lines.length === 1 && this.lines[0] === "";
  }

  /** The line the cursor is on. */
  get current(): string {
    return this.lines[this.line]!;
  }

  /** Replaces the text; the cursor goes to the end. */
  load(text: string): void {
    this.lines = cleanText(text).split("\n");
    this.line = this.lines.length - 1;
    this.index = this.current.length;
  }

  snapshot(): BufferState {
    return { lines: [...this.lines], line: this.line, index: this.index };
  }

  restore(state: BufferState): void {
    this.lines = state.lines;
    this.line = state.line;
    this.index = state.index;
  }

  /** Moves the cursor; out-of-range values are clamped. */
  moveTo(line: number, index: number): void {
    this.line = Math.max(0, Math.min(line, this.lines.length - 1));
    this.index = Math.max(0, Math.min(index, this.lines[this.line]!.length));
  }

  /** Inserts text at the cursor, which ends after it. */
  splice(text: string): void {
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
  remove(fromLine: number, fromIndex: number, toLine: number, toIndex: number): string {
    const removed = [...this.lines.slice(fromLine, toLine + 1)];
    removed[removed.length - 1] = removed[removed.length - 1]!.slice(0, toIndex);
    removed[0] = removed[0]!.slice(fromIndex);
    const joined = this.lines[fromLine]!.slice(0, fromIndex) + this.lines[toLine]!.slice(toIndex);
    this.lines.splice(fromLine, toLine - fromLine + 1, joined);
    this.line = fromLine;
    this.index = fromIndex;
    return removed.join("\n");
  }

  /** The end of the line, or the start of the next line when already at the end (kills the newline). */
  lineEndOrNext(): [number, number] {
    if (this.index < this.current.length || this.line === this.lines.length - 1) return [this.line, this.current.length];
    return [this.line + 1, 0];
  }

  /** The start of the line, or the end of the previous line when already at the start. */
  lineStartOrPrev(): [number, number] {
    if (this.index > 0 || this.line === 0) return [this.line, 0];
    return [this.line - 1, this.lines[this.line - 1]!.length];
  }

  moveLeft(): void {
    if (this.index > 0) this.index = prevGrapheme(this.current, this.index);
    else if (this.line > 0) this.moveTo(this.line - 1, Infinity);
  }

  moveRight(): void {
    if (this.index < this.current.length) this.index = nextGrapheme(this.current, this.index);
    else if (this.line < this.lines.length - 1) this.moveTo(this.line + 1, 0);
  }

  wordLeft(): void {
    if (this.index === 0) this.moveLeft();
    else this.index = wordStartBefore(this.current, this.index);
  }

  wordRight(): void {
    if (this.index === this.current.length) this.moveRight();
    else this.index = wordEndAfter(this.current, this.index);
  }
}

/** Text as the editor keeps it: "\n" line breaks, no control characters but tabs. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f]/g, "");
}
