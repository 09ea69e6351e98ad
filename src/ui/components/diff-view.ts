/**
 * A unified diff (as the edit tool reports it) drawn for the terminal: file headers in bold, hunk
 * headers as separators, every line with its line number, added and removed lines on the theme's
 * diff backgrounds. Collapsed, long lines are cut and the view stops after `maxLines` with a note;
 * expanded, lines wrap under their number and nothing is left out.
 */
import type { Theme } from "../theme/theme.ts";
import { padEnd, truncate, visibleWidth, wrapLine } from "../width.ts";

export interface DiffStats {
  added: number;
  removed: number;
}

export interface DiffViewOptions {
  /** Most lines shown (default Infinity); more give a "… N more lines" note. */
  maxLines?: number;
  /** Wrap long lines instead of cutting them. */
  wrap?: boolean;
}

interface DiffLine {
  kind: "file" | "hunk" | "add" | "remove" | "context" | "note";
  text: string;
  number?: number;
}

/** Added and removed line counts of a unified diff. */
export function diffStats(diff: string): DiffStats {
  const lines = parse(diff);
  return { added: lines.filter((l) => l.kind === "add").length, removed: lines.filter((l) => l.kind === "remove").length };
}

function parse(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  // Lines still to come in the current hunk, from its header's counts.
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of diff.replace(/\n$/, "").split("\n")) {
    const hunk = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/.exec(line);
    if (hunk) {
      oldLine = Number(hunk[1]);
      oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      newLine = Number(hunk[3]);
      newLeft = hunk[4] === undefined ? 1 : Number(hunk[4]);
      out.push({ kind: "hunk", text: hunk[5]!.trim() });
    } else if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith("+")) {
        out.push({ kind: "add", text: line.slice(1), number: newLine++ });
        newLeft--;
      } else if (line.startsWith("-")) {
        out.push({ kind: "remove", text: line.slice(1), number: oldLine++ });
        oldLeft--;
      } else if (line.startsWith("\\")) out.push({ kind: "note", text: line });
      else {
        out.push({ kind: "context", text: line.slice(1), number: newLine++ });
        oldLine++;
        oldLeft--;
        newLeft--;
      }
    } else if (line.startsWith("\\")) out.push({ kind: "note", text: line });
    else if (line.startsWith("+++ ")) out.push({ kind: "file", text: line.slice(4).replace(/^b\//, "").replace(/\t.*$/, "") });
    else if (!/^(--- |diff |index |new file|deleted file|similarity|rename |old mode|new mode)/.test(line) && line.trim() !== "") {
      out.push({ kind: "note", text: line });
    }
  }
  return out;
}

/** Lines of the diff view, each at most `width` columns. */
export function renderDiff(diff: string, width: number, theme: Theme, options: DiffViewOptions = {}): string[] {
  width = Math.max(1, width);
  const parsed = parse(diff);
  const numberWidth = Math.max(1, ...parsed.map((line) => String(line.number ?? "").length));
  const out: string[] = [];
  let firstHunk = true;
  for (const line of parsed) {
    if (line.kind === "file") {
      out.push(truncate(theme.style(line.text, { bold: true }), width));
      continue;
    }
    if (line.kind === "hunk") {
      if (!firstHunk) out.push(truncate(theme.fg("veryMuted", " ".repeat(numberWidth) + " ⋯" + (line.text ? " " + line.text : "")), width));
      firstHunk = false;
      continue;
    }
    if (line.kind === "note") {
      out.push(truncate(theme.fg("muted", line.text), width));
      continue;
    }
    const sign = line.kind === "add" ? "+" : line.kind === "remove" ? "-" : " ";
    const gutter = String(line.number).padStart(numberWidth) + " " + sign + " ";
    const gutterWidth = visibleWidth(gutter);
    const available = Math.max(1, width - gutterWidth);
    const pieces = options.wrap ? wrapLine(line.text, available, { wordWrap: false }) : [truncate(line.text, available)];
    pieces.forEach((piece, k) => {
      const lead = k === 0 ? gutter : " ".repeat(gutterWidth);
      out.push(paintLine(line.kind, lead, piece, width, theme));
    });
  }
  const max = options.maxLines ?? Infinity;
  if (out.length > max) {
    const hidden = out.length - max;
    out.length = Math.max(0, max);
    out.push(truncate(theme.fg("muted", `… ${hidden} more line${hidden === 1 ? "" : "s"}`), width));
  }
  return out;
}

function paintLine(kind: DiffLine["kind"], gutter: string, text: string, width: number, theme: Theme): string {
  if (kind === "context") return truncate(theme.fg("veryMuted", gutter) + theme.fg("muted", text), width);
  const slot = kind === "add" ? "success" : "error";
  const background = kind === "add" ? theme.diffAdded : theme.diffRemoved;
  const line = padEnd(theme.fg(slot, gutter) + text, width);
  return theme.level === "none" ? truncate(line, width).replace(/\s+$/, "") : theme.bg(background, truncate(line, width));
}
