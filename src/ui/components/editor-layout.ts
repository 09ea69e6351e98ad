/**
 * The editor's text laid out in rows of at most `width` columns: each logical line wraps at word
 * boundaries where it can (a space stays at the end of its row, so every string index has exactly
 * one place), tabs take the columns up to the next tab stop. Used for drawing and for moving the
 * cursor up and down by what the user sees.
 */
import { TAB_WIDTH, visibleWidth } from "../width.ts";
import { graphemeStarts } from "./editor-text.ts";

export interface Row {
  /** Logical line index. */
  line: number;
  /** String indices [start, end) of the row within its line. */
  start: number;
  end: number;
  /** Whether this is the last row of its line (the cursor may sit at `end` only then). */
  last: boolean;
  /** The width rows were wrapped at (a tab never reaches past it). */
  width: number;
}

interface Cell {
  index: number;
  text: string;
  width: number;
}

/** The graphemes of a row of `line` from `start` with their widths, tabs expanded from column 0 (up to `width`). */
function cells(line: string, start: number, end: number, width: number): Cell[] {
  const starts = graphemeStarts(line);
  const out: Cell[] = [];
  let column = 0;
  for (let k = 0; k < starts.length - 1; k++) {
    const index = starts[k]!;
    if (index < start) continue;
    if (index >= end) break;
    const text = line.slice(index, starts[k + 1]!);
    const cellWidth = text === "\t" ? Math.max(1, Math.min(TAB_WIDTH - (column % TAB_WIDTH), width - column)) : visibleWidth(text);
    out.push({ index, text, width: cellWidth });
    column += cellWidth;
  }
  return out;
}

/** Wraps each line into rows no wider than `width` (≥ 1); Infinity = no wrapping. */
export function layoutRows(lines: readonly string[], width: number): Row[] {
  const rows: Row[] = [];
  lines.forEach((line, lineIndex) => {
    if (width === Infinity || line === "") {
      rows.push({ line: lineIndex, start: 0, end: line.length, last: true, width });
      return;
    }
    let start = 0;
    while (true) {
      const end = rowEnd(line, start, width);
      if (end >= line.length) {
        rows.push({ line: lineIndex, start, end: line.length, last: true, width });
        return;
      }
      rows.push({ line: lineIndex, start, end, last: false, width });
      start = end;
    }
  });
  return rows;
}

/** Where the row starting at `start` ends: after the last space that fits, else at the width. */
function rowEnd(line: string, start: number, width: number): number {
  let column = 0;
  let breakAfterSpace = -1;
  for (const cell of cells(line, start, line.length, width)) {
    if (column + cell.width > width) {
      if (cell.index === start) return start + cell.text.length; // wider than the row: alone
      if (cell.text === " " || cell.text === "\t") return cell.index;
      return breakAfterSpace > start ? breakAfterSpace : cell.index;
    }
    column += cell.width;
    if (cell.text === " " || cell.text === "\t") breakAfterSpace = cell.index + cell.text.length;
  }
  return line.length;
}

/** The row that holds the cursor at (line, index). */
export function rowOf(rows: readonly Row[], line: number, index: number): number {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.line !== line) continue;
    if (index < row.end || (index === row.end && row.last) || (index >= row.start && row.last)) return r;
  }
  return rows.length - 1;
}

/** Columns from the row's start to `index`. */
export function columnOf(lines: readonly string[], row: Row, index: number): number {
  let column = 0;
  for (const cell of cells(lines[row.line]!, row.start, index, row.width)) column += cell.width;
  return column;
}

/** The index in `row` whose column is nearest to `column` without passing it. */
export function indexAtColumn(lines: readonly string[], row: Row, column: number): number {
  let at = 0;
  let index = row.start;
  for (const cell of cells(lines[row.line]!, row.start, row.end, row.width)) {
    if (at + cell.width > column) return cell.index;
    at += cell.width;
    index = cell.index + cell.text.length;
  }
  // Past the row's text: its end, but on a wrapped row the end belongs to the next row.
  return row.last ? index : Math.min(index, prevIndex(lines[row.line]!, row.end));
}

function prevIndex(line: string, end: number): number {
  const starts = graphemeStarts(line).filter((s) => s < end);
  return starts[starts.length - 1] ?? 0;
}

/** The row's text for display: tabs expanded to spaces. */
export function rowText(lines: readonly string[], row: Row): string {
  return cells(lines[row.line]!, row.start, row.end, row.width)
    .map((cell) => (cell.text === "\t" ? " ".repeat(cell.width) : cell.text))
    .join("");
}
