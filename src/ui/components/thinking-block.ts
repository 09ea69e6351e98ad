/**
 * The model's reasoning in the transcript: dimmed and italic under a "Thinking" header, or
 * collapsed to one line (the header and the start of the text). Toggling `collapsed` is the app's.
 */
import type { Theme } from "../theme/theme.ts";
import { truncate, wrapLine } from "../width.ts";

export interface ThinkingBlockState {
  text: string;
  collapsed?: boolean;
  /** Still arriving: the header says "Thinking…". */
  streaming?: boolean;
  /** How long it took, once done: the header says "Thought for 3s". */
  durationMs?: number;
}

export interface ThinkingBlockOptions {
  /** Most text lines shown expanded (default Infinity); the first ones are dropped beyond it. */
  maxLines?: number;
}

const INDENT = "  ";

export function renderThinkingBlock(state: ThinkingBlockState, width: number, theme: Theme, options: ThinkingBlockOptions = {}): string[] {
  width = Math.max(1, width);
  const label = state.streaming ? "Thinking…" : state.durationMs !== undefined ? `Thought for ${formatDuration(state.durationMs)}` : "Thinking";
  const text = state.text.trim();
  const mark = state.collapsed ? "▸" : "▾";
  const header = theme.fg("muted", `${mark} ${label}`, { italic: true });
  if (state.collapsed || text === "") {
    const summary = text.split("\n").find((line) => line.trim() !== "")?.trim() ?? "";
    const line = summary ? `${header} ${theme.fg("veryMuted", summary, { italic: true })}` : header;
    return [truncate(line, width)];
  }
  const indent = width >= 4 ? INDENT : "";
  const inner = Math.max(1, width - indent.length);
  let body = text.split("\n").flatMap((line) => wrapLine(line, inner));
  const max = options.maxLines ?? Infinity;
  const hidden = Math.max(0, body.length - max);
  if (hidden > 0) body = body.slice(hidden);
  const lines = [truncate(header, width)];
  if (hidden > 0) lines.push(indent + theme.fg("veryMuted", truncate(`… ${hidden} earlier line${hidden === 1 ? "" : "s"}`, inner)));
  for (const line of body) lines.push(indent + theme.fg("muted", line, { italic: true, dim: theme.level === "basic" }));
  return lines;
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m ${seconds % 60}s`;
}
