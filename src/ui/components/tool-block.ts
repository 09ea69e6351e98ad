/**
 * A tool call in the transcript: a header line (status mark, tool name, a one-line summary of the
 * arguments) and a body (the output cut to a few lines with a "… N more lines" note, in the error
 * colour for errors, or a diff view for edits). Extensions may replace the arguments part of the
 * header (the mark and the name stay, so a call still shows whether it runs or failed) or the body,
 * rename the tool, colour the border or background, or have the body, theirs or the built-in one,
 * rendered as Markdown (ToolRenderConfig in kit/ext, which the interactive mode passes as a ToolBlockRenderer).
 */
import type { Theme } from "../theme/theme.ts";
import { isSlot } from "../theme/slots.ts";
import { padEnd, truncate, visibleWidth, wrapLine } from "../width.ts";
import { diffStats, renderDiff } from "./diff-view.ts";
import { renderMarkdown } from "./markdown.ts";

export type ToolStatus = "pending" | "running" | "done" | "error";

export interface ToolBlockState {
  toolName: string;
  /** Arguments: raw JSON (possibly incomplete while streaming) or parsed. */
  args?: string | Record<string, unknown> | null;
  status: ToolStatus;
  /** Output so far (streamed) or the result's content. */
  output?: string;
  isError?: boolean;
  /** A unified diff (the edit tool's details): shown instead of the output. */
  diff?: string;
  /** Show all of the output, wrapped, instead of the first lines. */
  expanded?: boolean;
}

/**
 * An extension's renderer for one tool, as this block uses it (the fields of kit/ext's
 * ToolRenderConfig it reads; ui/ stands alone, so the shape is its own). A hex colour or a theme
 * slot name for the colours; a renderer returning "" falls back to the built-in part.
 */
export interface ToolBlockRenderer {
  /** Replaces the capitalised tool name in the block title. */
  displayName?: string;
  borderColor?: string;
  background?: string;
  /** Render the body (renderBody's text, or the built-in output) through the markdown renderer. */
  bodyMarkdown?: boolean;
  /** The header's arguments part, in the `width` columns left after the status mark and the name. */
  renderHeader?(argsJson: string, width: number): string;
  renderBody?(result: string, isError: boolean, width: number): string;
}

export interface ToolBlockOptions {
  /** Output lines shown while collapsed (default 8; a diff gets twice as many). */
  maxLines?: number;
  /** An extension's renderer for this tool. */
  renderer?: ToolBlockRenderer;
  /** Absolute paths under this directory are shown relative to it. */
  cwd?: string;
}

const GUTTER = "│ ";
const DEFAULT_MAX_LINES = 8;

export function renderToolBlock(state: ToolBlockState, width: number, theme: Theme, options: ToolBlockOptions = {}): string[] {
  width = Math.max(1, width);
  const renderer = options.renderer;
  const argsJson = typeof state.args === "string" ? state.args : state.args ? JSON.stringify(state.args) : "";
  const header = headerLines(state, argsJson, width, theme, options);
  const inner = Math.max(1, width - visibleWidth(GUTTER));
  const body = customBody(state, inner, theme, renderer) ?? defaultBody(state, inner, theme, options);
  const borderHex = colorOf(renderer?.borderColor, theme) ?? (state.status === "error" || state.isError ? theme.error : theme.border);
  const lines = [...header, ...body.map((line) => theme.paint(borderHex, GUTTER) + truncate(line, inner))];
  const background = colorOf(renderer?.background, theme);
  if (!background || theme.level === "none") return lines;
  return lines.map((line) => theme.bg(background, padEnd(line, width)));
}

/** A hex colour, or a theme slot name, as a hex colour. */
function colorOf(value: string | undefined, theme: Theme): string | undefined {
  if (!value) return undefined;
  if (/^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(value)) return value;
  return isSlot(value) ? theme[value] : undefined;
}

/** An extension renderer's lines; undefined (built-in) when it returns "" or throws. */
function custom(render: () => string | undefined): string[] | undefined {
  try {
    const text = render();
    return typeof text === "string" && text !== "" ? text.replace(/\n$/, "").split("\n") : undefined;
  } catch {
    return undefined;
  }
}

function customBody(state: ToolBlockState, width: number, theme: Theme, renderer: ToolBlockRenderer | undefined): string[] | undefined {
  if (!renderer?.renderBody || state.output === undefined || state.status === "pending" || state.status === "running") return undefined;
  const failed = state.isError === true || state.status === "error";
  const lines = custom(() => renderer.renderBody!(state.output!, failed, width));
  return lines && renderer.bodyMarkdown ? renderMarkdown(lines.join("\n"), width, theme) : lines;
}

/**
 * The status mark and the tool's name, then the arguments: the extension's renderHeader (given the
 * columns left after the name; a second line of it goes below) or the built-in summary. An edit's
 * diff stats follow either.
 */
function headerLines(state: ToolBlockState, argsJson: string, width: number, theme: Theme, options: ToolBlockOptions): string[] {
  const failed = state.status === "error" || state.isError === true;
  const mark =
    state.status === "pending" ? theme.fg("veryMuted", "○") : theme.fg(failed ? "error" : state.status === "running" ? "tool" : "success", "●");
  const title = options.renderer?.displayName || capitalise(state.toolName);
  const head = `${mark} ${theme.fg("text", title, { bold: true })}`;
  const room = Math.max(1, width - visibleWidth(head) - 1);
  const renderHeader = options.renderer?.renderHeader;
  const [args = "", ...below] = custom(() => renderHeader?.(argsJson, room)) ?? [theme.fg("muted", summarizeArgs(state.toolName, state.args, options.cwd))];
  let summary = args;
  if (state.diff) {
    const stats = diffStats(state.diff);
    summary += `${visibleWidth(summary) ? "  " : ""}${theme.fg("success", `+${stats.added}`)} ${theme.fg("error", `-${stats.removed}`)}`;
  }
  return [truncate(visibleWidth(summary) ? `${head} ${summary}` : head, width), ...below.map((line) => truncate(line, width))];
}

function defaultBody(state: ToolBlockState, width: number, theme: Theme, options: ToolBlockOptions): string[] {
  const failed = state.status === "error" || state.isError === true;
  const max = state.expanded ? Infinity : options.maxLines ?? DEFAULT_MAX_LINES;
  if (state.diff && !failed) return renderDiff(state.diff, width, theme, { maxLines: max === Infinity ? max : max * 2, wrap: state.expanded });
  const output = (state.output ?? "").replace(/\s+$/, "");
  if (output === "") return state.status === "done" ? [theme.fg("veryMuted", "(no output)")] : [];
  let lines: string[];
  if (options.renderer?.bodyMarkdown && !failed) lines = renderMarkdown(output, width, theme);
  else {
    const raw = output.split("\n");
    lines = state.expanded ? raw.flatMap((line) => wrapLine(line, width)) : raw.map((line) => truncate(line, width));
    if (failed) lines = lines.map((line) => theme.fg("error", line));
  }
  if (lines.length > max) {
    const hidden = lines.length - max;
    lines = [...lines.slice(0, max), theme.fg("muted", `… ${hidden} more line${hidden === 1 ? "" : "s"}`)];
  }
  return lines;
}

function capitalise(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Argument keys that say what a call is about, most telling first. */
const MAIN_KEYS = ["command", "pattern", "query", "file_path", "path", "url", "prompt", "task", "description", "name"];

/**
 * One line saying what a call does: the main argument (command, path, pattern, ...) rather than
 * the whole JSON; grep/glob add their search path, read its line range. Incomplete JSON (still
 * streaming) shows the first string value seen so far.
 */
export function summarizeArgs(toolName: string, args: ToolBlockState["args"], cwd?: string): string {
  let parsed: Record<string, unknown> | undefined;
  if (typeof args === "string") {
    try {
      const value = JSON.parse(args);
      if (value && typeof value === "object" && !Array.isArray(value)) parsed = value;
    } catch {
      const first = /"[^"]*"\s*:\s*"((?:[^"\\]|\\.)*)/.exec(args);
      return first ? oneLine(unescape(first[1]!)) : "";
    }
  } else if (args) parsed = args;
  if (!parsed) return "";
  const path = (value: unknown) => (typeof value === "string" ? relative(value, cwd) : undefined);
  const key = MAIN_KEYS.find((k) => typeof parsed![k] === "string" && parsed![k] !== "");
  if (key) {
    let summary = key === "file_path" || key === "path" ? path(parsed[key])! : String(parsed[key]);
    if ((key === "pattern" || key === "query") && typeof parsed.path === "string") summary += ` in ${path(parsed.path)}`;
    const offset = Number(parsed.offset);
    const limit = Number(parsed.limit);
    if (/read/i.test(toolName) && (offset > 0 || limit > 0)) {
      const from = offset > 0 ? offset : 1;
      summary += limit > 0 ? `:${from}-${from + limit - 1}` : `:${from}-`;
    }
    return oneLine(summary);
  }
  const pairs = Object.entries(parsed).map(([k, v]) => {
    const text = typeof v === "string" ? v : JSON.stringify(v) ?? "";
    return `${k}=${text.length > 40 ? text.slice(0, 39) + "…" : text}`;
  });
  return oneLine(pairs.join(", "));
}

function relative(path: string, cwd: string | undefined): string {
  if (!cwd || !path.startsWith("/")) return path;
  const base = cwd.endsWith("/") ? cwd : cwd + "/";
  return path.startsWith(base) ? path.slice(base.length) : path;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ↵ ").replace(/\t/g, " ");
}

function unescape(text: string): string {
  try {
    return JSON.parse(`"${text.replace(/\\$/, "")}"`);
  } catch {
    return text;
  }
}
