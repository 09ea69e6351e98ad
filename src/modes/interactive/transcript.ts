/**
 * Transcript blocks as lines for the scrollback: the user's messages, the assistant's answers
 * (Markdown), notices (info, errors, system messages), boxed blocks (ctx.printBlock, widgets), and
 * the replay of a session's earlier messages when it is resumed. Pure functions of text, width and
 * theme; what is committed is never drawn again.
 */
import { imageNote, toolResultText } from "../../llm/message-text.ts";
import type { ToolRenderConfig } from "kit/ext";
import type { Part, ToolResultPart } from "../../llm/types.ts";
import type { SessionEntry } from "../../session/types.ts";
import { renderMarkdown } from "../../ui/components/markdown.ts";
import { renderThinkingBlock } from "../../ui/components/thinking-block.ts";
import { renderToolBlock } from "../../ui/components/tool-block.ts";
import { isSlot } from "../../ui/theme/slots.ts";
import type { Theme } from "../../ui/theme/theme.ts";
import { padEnd, truncate, visibleWidth, wrapLine } from "../../ui/width.ts";

export type NoticeKind = "info" | "error" | "warning" | "system";

/** A hex colour, or a theme slot's colour by name; undefined for anything else. */
export function colorOf(value: string | undefined, theme: Theme): string | undefined {
  if (!value) return undefined;
  if (/^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(value)) return value;
  return isSlot(value) ? theme[value] : undefined;
}

/** The user's message: "› " then the text, wrapped under itself. */
export function userBlock(text: string, width: number, theme: Theme): string[] {
  const inner = Math.max(1, width - 2);
  return wrapLine(text.replace(/\s+$/, ""), inner).map((line, i) => (i === 0 ? theme.fg("primary", "› ", { bold: true }) : "  ") + theme.fg("text", line, { bold: true }));
}

export function assistantBlock(markdown: string, width: number, theme: Theme): string[] {
  return renderMarkdown(markdown, Math.max(1, width), theme);
}

const NOTICE: Record<NoticeKind, { mark: string; slot: "info" | "error" | "warning" | "system" }> = {
  info: { mark: "•", slot: "info" },
  error: { mark: "✗", slot: "error" },
  warning: { mark: "!", slot: "warning" },
  system: { mark: "•", slot: "system" },
};

/** A notice: a mark in the kind's colour, then the text (wrapped, indented under itself). */
export function noticeBlock(kind: NoticeKind, text: string, width: number, theme: Theme): string[] {
  const { mark, slot } = NOTICE[kind];
  const inner = Math.max(1, width - 2);
  const body = kind === "error" || kind === "warning" ? (line: string) => theme.fg(slot, line) : (line: string) => (kind === "info" ? theme.fg("muted", line) : line);
  return wrapLine(text.replace(/\s+$/, ""), inner).map((line, i) => (i === 0 ? theme.fg(slot, mark) + " " : "  ") + body(line));
}

/** Columns a box's borders and padding take ("│ " and " │"). */
export const BOX_EDGES = 4;

/** Text in a rounded box, the subtitle in its top border (ctx.printBlock, widgets with a border). */
export function boxBlock(lines: string[], width: number, theme: Theme, opts: { borderColor?: string; title?: string } = {}): string[] {
  const hex = colorOf(opts.borderColor, theme) ?? theme.border;
  const border = (s: string) => theme.paint(hex, s);
  if (width < 5) return lines.map((line) => truncate(line, width));
  const inner = width - BOX_EDGES;
  const title = opts.title ? truncate(` ${opts.title} `, inner) : "";
  const top = border("╭─") + (title ? theme.fg("text", title, { bold: true }) : "") + border("─".repeat(Math.max(0, inner - visibleWidth(title))) + "─╮");
  const body = lines.map((line) => border("│ ") + padEnd(truncate(line, inner), inner) + border(" │"));
  return [top, ...body, border("╰" + "─".repeat(width - 2) + "╯")];
}

/** ctx.printBlock: the text wrapped inside a box. */
export function printBlock(opts: { text: string; borderColor?: string; subtitle?: string }, width: number, theme: Theme): string[] {
  const inner = Math.max(1, width - BOX_EDGES);
  const lines = String(opts.text ?? "").replace(/\s+$/, "").split("\n").flatMap((line) => wrapLine(line, inner));
  return boxBlock(lines, width, theme, { ...(opts.borderColor ? { borderColor: opts.borderColor } : {}), ...(opts.subtitle ? { title: opts.subtitle } : {}) });
}

/**
 * Rows of a name and a description (/help, /tools, /shortcuts) as lines of `width`: the names padded
 * to one column, each description wrapped under its own column rather than under the name. A
 * description longer than `maxLines` rows is cut at a word, with "…".
 */
export function columnLines(rows: readonly (readonly [string, string])[], width: number, maxLines = Infinity): string[] {
  const column = Math.max(0, ...rows.map(([name]) => visibleWidth(name))) + 2;
  const room = width - column;
  // Too narrow for two columns: each row wraps as one text.
  if (room < 16) return rows.flatMap(([name, text]) => wrapLine(`${name}  ${text}`, Math.max(1, width)));
  return rows.flatMap(([name, text]) => {
    let lines = wrapLine(text, room);
    if (lines.length > maxLines) {
      lines = lines.slice(0, maxLines);
      const last = lines[maxLines - 1]!;
      lines[maxLines - 1] = `${visibleWidth(last) < room ? last : last.replace(/\s*\S+$/, "")}…`;
    }
    return lines.map((line, i) => (i === 0 ? padEnd(name, column) : " ".repeat(column)) + line);
  });
}

/** The diff an edit tool reports in its details, if any. */
export function diffOf(details: unknown): string | undefined {
  if (details && typeof details === "object" && typeof (details as { diff?: unknown }).diff === "string") return (details as { diff: string }).diff;
  return undefined;
}

export interface ReplayOptions {
  cwd: string;
  toolRenderer(name: string): ToolRenderConfig | undefined;
  /** Most messages replayed; earlier ones are summed up in one line (default 60). */
  limit?: number;
}

/** Attached files and shell outputs of a user message are shown by name, not inlined. */
function userText(parts: Part[]): { text: string; attached: string[] } {
  const texts: string[] = [];
  const attached: string[] = [];
  for (const p of parts) {
    if (p.type === "image") attached.push(imageNote(p));
    if (p.type !== "text") continue;
    const file = /^<file path="([^"]+)">/.exec(p.text);
    const shell = /^<shell command="([^"]*)"/.exec(p.text);
    if (file) attached.push(file[1]!);
    else if (shell) attached.push(`!${shell[1]}`);
    else texts.push(p.text);
  }
  return { text: texts.join("\n\n"), attached };
}

/**
 * The blocks of a session's branch as they were shown when it ran: user messages, answers,
 * reasoning (collapsed), tool calls with their results, compactions and branch summaries.
 */
export function replayBlocks(entries: readonly SessionEntry[], width: number, theme: Theme, o: ReplayOptions): string[][] {
  const shown = entries.filter((e) => e.type === "message" || e.type === "compaction" || e.type === "branch_summary");
  const limit = o.limit ?? 60;
  const blocks: string[][] = [];
  const skipped = shown.length - limit;
  if (skipped > 0) blocks.push(noticeBlock("info", `… ${skipped} earlier entries not shown (/export writes the whole conversation)`, width, theme));
  const results = new Map<string, ToolResultPart>();
  for (const e of shown) if (e.type === "message" && e.role === "tool") for (const p of e.content) if (p.type === "tool_result") results.set(p.toolCallId, p);
  for (const e of skipped > 0 ? shown.slice(skipped) : shown) {
    if (e.type === "compaction") {
      blocks.push(noticeBlock("system", `The earlier conversation was compacted (about ${e.tokensBefore} tokens) into a summary.`, width, theme));
      continue;
    }
    if (e.type === "branch_summary") {
      blocks.push(noticeBlock("system", "A branch was set aside here and summarised.", width, theme));
      continue;
    }
    if (e.type !== "message") continue;
    if (e.role === "user") {
      const { text, attached } = userText(e.content);
      const lines = text ? userBlock(text, width, theme) : [];
      if (attached.length) lines.push(theme.fg("muted", truncate(`  attached: ${attached.join(", ")}`, width)));
      if (lines.length) blocks.push(lines);
    } else if (e.role === "assistant") {
      for (const p of e.content) {
        if (p.type === "reasoning" && p.text) blocks.push(renderThinkingBlock({ text: p.text, collapsed: true }, width, theme));
        else if (p.type === "text" && p.text.trim()) blocks.push(assistantBlock(p.text, width, theme));
        else if (p.type === "tool_call") {
          const r = results.get(p.id);
          const diff = r && !r.isError ? diffOf(r.details) : undefined;
          const state = {
            toolName: p.name,
            args: p.input,
            status: r ? (r.isError ? ("error" as const) : ("done" as const)) : ("error" as const),
            output: r ? toolResultText(r.content) : "(no result)",
            ...(r?.isError ? { isError: true } : {}),
            ...(diff ? { diff } : {}),
          };
          const renderer = o.toolRenderer(p.name);
          blocks.push(renderToolBlock(state, width, theme, { cwd: o.cwd, ...(renderer ? { renderer } : {}) }));
        }
      }
    }
  }
  return blocks;
}
