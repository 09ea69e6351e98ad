/**
 * The diff renderer. The screen has two parts: above, the terminal's own scrollback, where finished
 * transcript lines are written once by `commit` and never touched again; below, the live region
 * (streaming message, running tools, widgets, editor, status bar), which `render` redraws by
 * comparing each line with the previous frame and writing only the lines that changed.
 *
 * - Every write is one string wrapped in synchronized output (CSI ?2026h … CSI ?2026l). The screen
 *   and scrollback are never cleared (no ESC[2J / ESC[3J); lines that disappear from the bottom of
 *   the live region are erased with ESC[J from their first row.
 * - The cursor moves relatively (CSI A / CSI B and CR): the renderer never knows, nor needs, its
 *   absolute row, so it works wherever the shell left the cursor. It keeps nothing of what was
 *   committed: a frame costs the same after 10 or 10,000 transcript messages.
 * - `render` and `commit` only record; the write happens once per turn of the event loop
 *   (setImmediate), so many calls in a row cost one frame. Nothing runs while nothing is asked.
 * - A commit is written where the live region starts, followed by the live region drawn again below
 *   it, in the same synchronized frame: the committed lines scroll up into the scrollback on their own.
 * - A live region taller than the terminal shows its bottom `rows` lines; the top part is not drawn
 *   (it would scroll into the scrollback where it could not be updated any more). The caller commits
 *   it when it is finished, so it reaches the scrollback once, whole.
 * - After a resize the caller renders again at the new width; the renderer then redraws the whole
 *   live region from its top (erasing from there down), and nothing above it. When the terminal got
 *   narrower, it assumes the terminal reflowed the old lines (as xterm.js, VTE, iTerm2, kitty,
 *   WezTerm and Windows Terminal do) to find that top. Limit: if the reflowed old region is taller
 *   than the rows above the cursor, the terminal pushed its top into the scrollback, out of reach of
 *   any cursor movement; those rows stay there (clearing the scrollback is not an option).
 * - A frame may say where the cursor goes (the editor's caret). By default the renderer draws it as
 *   an inverse cell and parks the terminal's hidden cursor at the start of the last live line, which
 *   keeps the resize arithmetic right in every terminal; `hardwareCursor` shows the real one there.
 */
import { LINK_CLOSE, SGR_RESET } from "../ansi.ts";
import type { Terminal } from "../terminal/terminal.ts";
import { expandTabs, invertColumn, truncate, visibleWidth } from "../width.ts";

export const SYNC_START = "\x1b[?2026h";
export const SYNC_END = "\x1b[?2026l";
const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";
const ERASE_LINE_END = "\x1b[K";
const ERASE_BELOW = "\x1b[J";

/** Where the terminal cursor goes in a frame: a line of the frame and a column on it. */
export interface CursorPosition {
  row: number;
  col: number;
}

export interface RendererOptions {
  /**
   * Where the frame's cursor is shown. false (default): the renderer draws it as an inverse cell and
   * keeps the terminal's cursor hidden at the start of the last live line, the one spot every
   * terminal (xterm.js included) keeps attached to its line when it reflows on a resize. true: the
   * terminal's own cursor goes there (better for IME candidate windows), and a resize in a terminal
   * that does not keep the cursor on its line (xterm.js, so VS Code) may leave some rows of the old
   * live region behind.
   */
  hardwareCursor?: boolean;
}

export interface RendererStats {
  /** Frames written (each one synchronized write). */
  frames: number;
  /** Characters written over all frames. */
  written: number;
}

/** Control characters that would move the cursor; escape sequences (ESC) are kept. */
const CONTROL = /[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f]/;
const CONTROLS = /[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f]/g;

/** A live line as it can be written on one row of `columns`: no tabs, no controls, not wider. */
function fitLine(line: string, columns: number): { text: string; width: number } {
  let text = line;
  if (text.includes("\t")) text = expandTabs(text);
  if (CONTROL.test(text)) text = text.replace(CONTROLS, "");
  let width = visibleWidth(text);
  if (width > columns) {
    text = truncate(text, columns, "");
    width = visibleWidth(text);
  }
  return { text: closeStyles(text), width };
}

/** A line ends with every style and link closed, so nothing leaks into the next one. */
function closeStyles(text: string): string {
  if (!text.includes("\x1b")) return text;
  return text + SGR_RESET + (text.includes("\x1b]8;") ? LINK_CLOSE : "");
}

export class Renderer {
  /** Lines of the live region as last drawn (the caller's strings, for comparison). */
  private lines: string[] = [];
  /** Width in columns of each drawn line. */
  private widths: number[] = [];
  /** Row of the live region the terminal cursor is on, and its column. */
  private cursorRow = 0;
  private cursorCol = 0;
  private cursorShown = true;
  /** Terminal size the live region was drawn at. */
  private drawnColumns = 0;
  private drawnRows = 0;
  private nextLines: string[] | null = null;
  private nextCursor: CursorPosition | null = null;
  /** Cursor of the frame on screen (null: hidden). */
  private cursor: CursorPosition | null = null;
  private committed: string[] = [];
  /** The last cursor line drawn with its inverse cell (withCursorCell). */
  private cursorCell = { line: "", col: -1, drawn: "" };
  private scheduled: ReturnType<typeof setImmediate> | undefined;
  private readonly counters: RendererStats = { frames: 0, written: 0 };

  private readonly hardwareCursor: boolean;

  constructor(
    private readonly terminal: Terminal,
    options: RendererOptions = {},
  ) {
    this.hardwareCursor = options.hardwareCursor ?? false;
  }

  get stats(): Readonly<RendererStats> {
    return this.counters;
  }

  /**
   * The live region's next content, and where its cursor is. Tabs are expanded, other control
   * characters (newlines too) dropped, lines wider than the terminal cut.
   */
  render(lines: string[], cursor: CursorPosition | null = null): void {
    this.nextLines = lines;
    this.nextCursor = cursor;
    this.schedule();
  }

  /** Finished lines for the scrollback, written above the live region once and never again. */
  commit(lines: string[]): void {
    for (const line of lines) {
      if (line.includes("\n")) this.committed.push(...line.split("\n"));
      else this.committed.push(line);
    }
    this.schedule();
  }

  /** Writes what is pending now instead of at the next turn of the event loop. */
  flush(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const frame = this.frame();
    if (frame === "") return;
    this.counters.frames++;
    this.counters.written += frame.length;
    this.terminal.write(SYNC_START + frame + SYNC_END);
  }

  /**
   * Ends the live region: pending output is written, then the region is erased (`clear`) or left on
   * screen with the cursor below it; the cursor is shown. The next `render` starts a new region at
   * the cursor.
   */
  stop(options: { clear?: boolean } = {}): void {
    this.flush();
    let out = "";
    if (options.clear) out += this.moveTo(0) + "\r" + ERASE_BELOW;
    else if (this.lines.length > 0) out += this.moveTo(this.lines.length - 1) + "\r\n";
    if (!this.cursorShown) out += SHOW_CURSOR;
    this.cursor = null;
    this.lines = [];
    this.widths = [];
    this.cursorRow = this.cursorCol = 0;
    this.cursorShown = true;
    this.drawnColumns = this.drawnRows = 0;
    if (out) this.terminal.write(SYNC_START + out + SYNC_END);
  }

  private schedule(): void {
    if (this.scheduled === undefined) this.scheduled = setImmediate(() => this.flush());
  }

  private frame(): string {
    const columns = this.terminal.columns;
    const rows = this.terminal.rows;
    let next = this.nextLines ?? this.lines;
    let cursor = this.nextLines ? this.nextCursor : this.cursor;
    const fresh = this.nextLines !== null;
    this.nextLines = null;
    if (next.length > rows) {
      const hidden = next.length - rows;
      next = next.slice(hidden);
      if (cursor) cursor = cursor.row >= hidden ? { row: cursor.row - hidden, col: cursor.col } : null;
    }
    if (cursor && (cursor.row < 0 || cursor.row >= next.length)) cursor = null;
    if (fresh && cursor && !this.hardwareCursor) {
      next = next.slice();
      next[cursor.row] = this.withCursorCell(next[cursor.row]!, Math.max(0, Math.min(columns - 1, cursor.col)));
    }
    const resized = this.drawnColumns !== 0 && (columns !== this.drawnColumns || rows !== this.drawnRows);
    let body = this.committed.length > 0 || resized ? this.redraw(next, columns, resized) : this.diff(next, columns);
    this.drawnColumns = columns;
    this.drawnRows = rows;
    this.cursor = cursor;
    const hardware = this.hardwareCursor ? cursor : null;
    body += this.placeCursor(hardware, next.length, columns);
    const wasShown = this.cursorShown;
    const show = hardware !== null;
    if (body === "" && wasShown === show) return "";
    this.cursorShown = show;
    // The cursor is hidden while it moves around (for terminals without synchronized output).
    return (wasShown ? HIDE_CURSOR : "") + body + (show ? SHOW_CURSOR : "");
  }

  /**
   * The line with its cursor cell drawn inverse. Inverting splits the line into graphemes, the
   * costliest part of a frame whose cursor line is the one of the last frame (the editor while a
   * reply streams or a widget ticks); so the last one is kept, and, the very same string, it then
   * compares equal to the drawn line at once.
   */
  private withCursorCell(line: string, col: number): string {
    if (line !== this.cursorCell.line || col !== this.cursorCell.col) this.cursorCell = { line, col, drawn: invertColumn(line, col) };
    return this.cursorCell.drawn;
  }

  /** Relative move to row `row` of the live region (the column is left where it is). */
  private moveTo(row: number): string {
    const delta = row - this.cursorRow;
    this.cursorRow = row;
    if (delta === 0) return "";
    return delta < 0 ? `\x1b[${-delta}A` : `\x1b[${delta}B`;
  }

  /** Writes only the lines that differ from the last frame. */
  private diff(next: string[], columns: number): string {
    let out = "";
    const previous = this.lines.length;
    for (let i = 0; i < next.length; i++) {
      const line = next[i]!;
      if (i < previous && line === this.lines[i]) continue;
      const { text, width } = fitLine(line, columns);
      if (i < previous) {
        out += this.moveTo(i) + "\r" + text + (width < this.widths[i]! ? ERASE_LINE_END : "");
      } else {
        // A new row: erase whatever the terminal had there (not after a full-width line, whose
        // cursor waits on the last column, where ESC[K would erase the last character).
        out += (i === 0 ? "\r" : this.moveTo(i - 1) + "\r\n") + text + (width < columns ? ERASE_LINE_END : "");
        this.cursorRow = i;
      }
      this.cursorCol = Math.min(width, columns - 1);
      this.lines[i] = line;
      this.widths[i] = width;
    }
    if (next.length < previous) {
      out += this.moveTo(next.length === 0 ? 0 : next.length) + "\r" + ERASE_BELOW;
      this.cursorCol = 0;
      this.lines.length = next.length;
      this.widths.length = next.length;
    }
    return out;
  }

  /**
   * Writes the pending committed lines where the live region starts, then the whole live region
   * below them. Used for commits and after a resize.
   */
  private redraw(next: string[], columns: number, resized: boolean): string {
    const up = resized ? this.rowsAboveCursor(columns) : this.cursorRow;
    let out = "\r" + (up > 0 ? `\x1b[${up}A` : "") + ERASE_BELOW;
    for (const line of this.committed) {
      let text = expandTabs(line);
      if (CONTROL.test(text)) text = text.replace(CONTROLS, "");
      out += closeStyles(text) + "\r\n";
    }
    this.committed = [];
    this.lines = [];
    this.widths = [];
    for (let i = 0; i < next.length; i++) {
      const { text, width } = fitLine(next[i]!, columns);
      out += (i > 0 ? "\r\n" : "") + text;
      this.lines.push(next[i]!);
      this.widths.push(width);
      this.cursorCol = Math.min(width, columns - 1);
    }
    this.cursorRow = Math.max(0, next.length - 1);
    if (next.length === 0) this.cursorCol = 0;
    return out;
  }

  /**
   * Screen rows between the top of the live region and the cursor's row after a resize. A narrower
   * terminal reflowed each drawn line above the cursor over ceil(width / columns) rows; the cursor's
   * own line is taken as not moving the cursor down (xterm.js leaves it unwrapped; a cursor parked at
   * column 0 stays on its first row anywhere). A wider terminal left every line on one row.
   */
  private rowsAboveCursor(columns: number): number {
    if (columns >= this.drawnColumns) return this.cursorRow;
    let rows = 0;
    for (let i = 0; i < this.cursorRow && i < this.widths.length; i++) rows += Math.max(1, Math.ceil(this.widths[i]! / columns));
    return rows;
  }

  /** Moves the cursor where the frame asks, or to the start of the last line. */
  private placeCursor(cursor: CursorPosition | null, height: number, columns: number): string {
    const row = cursor ? Math.max(0, Math.min(height - 1, cursor.row)) : Math.max(0, height - 1);
    const col = cursor ? Math.max(0, Math.min(columns - 1, cursor.col)) : 0;
    if (row === this.cursorRow && col === this.cursorCol) return "";
    const out = this.moveTo(row) + "\r" + (col > 0 ? `\x1b[${col}C` : "");
    this.cursorCol = col;
    return out;
  }
}
