/**
 * A Markdown table drawn with box characters. Columns get their natural width when it fits; when
 * it does not, the widest columns shrink and their cells wrap. Too narrow for even that, the
 * source lines are shown wrapped.
 */
import type { Theme } from "../theme/theme.ts";
import { visibleWidth, wrapLine } from "../width.ts";
import { renderInline } from "./markdown-inline.ts";

type Align = "left" | "center" | "right";

/** Splits a table row into cells at unescaped pipes (outer pipes optional). */
export function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith("|")) row = row.slice(1);
  if (row.endsWith("|") && !row.endsWith("\\|")) row = row.slice(0, -1);
  const cells: string[] = [];
  let cell = "";
  let code = false;
  for (let i = 0; i < row.length; i++) {
    const ch = row[i]!;
    if (ch === "\\" && row[i + 1] === "|") {
      cell += "|";
      i++;
    } else if (ch === "`") {
      code = !code;
      cell += ch;
    } else if (ch === "|" && !code) {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

function alignments(delimiter: string): Align[] {
  return splitRow(delimiter).map((cell) => (cell.startsWith(":") && cell.endsWith(":") ? "center" : cell.endsWith(":") ? "right" : "left"));
}

/** Column widths that fit `available` columns: natural widths, the widest shrunk first. */
function fitColumns(natural: number[], available: number): number[] {
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= available) return natural;
  const widths = [...natural];
  let excess = total - available;
  while (excess > 0) {
    const widest = Math.max(...widths);
    if (widest <= 3) break;
    const next = Math.max(3, ...widths.filter((w) => w < widest));
    const count = widths.filter((w) => w === widest).length;
    const cut = Math.min(widest - next, Math.ceil(excess / count));
    for (let c = 0; c < widths.length && excess > 0; c++) {
      if (widths[c] === widest) {
        const take = Math.min(cut, excess);
        widths[c]! -= take;
        excess -= take;
      }
    }
  }
  return widths;
}

function place(text: string, width: number, align: Align): string {
  const pad = Math.max(0, width - visibleWidth(text));
  if (align === "right") return " ".repeat(pad) + text;
  if (align === "center") return " ".repeat(Math.floor(pad / 2)) + text + " ".repeat(pad - Math.floor(pad / 2));
  return text + " ".repeat(pad);
}

export function renderTable(lines: readonly string[], width: number, theme: Theme): string[] {
  const header = splitRow(lines[0]!);
  const aligns = alignments(lines[1] ?? "");
  const columns = header.length;
  const body = lines.slice(2).map((line) => {
    const cells = splitRow(line).slice(0, columns);
    while (cells.length < columns) cells.push("");
    return cells;
  });
  const rows = [header, ...body].map((cells) => cells.map((cell) => renderInline(cell, theme)));
  rows[0] = rows[0]!.map((cell) => theme.style(cell, { bold: true }));
  const natural = Array.from({ length: columns }, (_, c) => Math.max(1, ...rows.map((row) => visibleWidth(row[c] ?? ""))));
  // Borders: one per column plus one, and a space either side of each cell.
  const available = width - (columns + 1) - 2 * columns;
  const widths = fitColumns(natural, available);
  if (available < columns * 3 || widths.reduce((a, b) => a + b, 0) > available) {
    return lines.flatMap((line) => wrapLine(line, width));
  }
  const border = (text: string) => theme.fg("border", text);
  const rule = (left: string, middle: string, right: string) => border(left + widths.map((w) => "─".repeat(w + 2)).join(middle) + right);
  const out = [rule("┌", "┬", "┐")];
  rows.forEach((row, r) => {
    const wrapped = row.map((cell, c) => wrapLine(cell, widths[c]!));
    const height = Math.max(...wrapped.map((cell) => cell.length));
    for (let k = 0; k < height; k++) {
      const cells = wrapped.map((cell, c) => place(cell[k] ?? "", widths[c]!, aligns[c] ?? "left"));
      out.push(border("│") + cells.map((cell) => ` ${cell} `).join(border("│")) + border("│"));
    }
    if (r === 0) out.push(rule("├", "┼", "┤"));
  });
  out.push(rule("└", "┴", "┘"));
  return out;
}
