/**
 * Markdown to terminal lines, for whole texts and for streamed ones. `MarkdownStream` takes text as
 * it arrives: complete lines go through the block splitter once, each finished block is rendered
 * once (per width and theme) and kept; only the open block and the unfinished last line are
 * rendered again on each update. The result always equals `renderMarkdown` of the same text.
 */
import type { Theme } from "../theme/theme.ts";
import { padEnd, visibleWidth, wrapLine } from "../width.ts";
import { highlightCode } from "./highlight.ts";
import { BlockSplitter, LIST_ITEM, splitBlocks, type Block } from "./markdown-blocks.ts";
import { renderInline } from "./markdown-inline.ts";
import { renderTable } from "./markdown-table.ts";

const MAX_NESTING = 8;

/** Lines of a whole Markdown text at `width` columns. */
export function renderMarkdown(text: string, width: number, theme: Theme): string[] {
  return joinBlocks(splitBlocks(text).map((block) => renderBlock(block, width, theme)));
}

/** Blocks' lines with one blank line between blocks (none when tight, as inside a list item). */
function joinBlocks(rendered: string[][], tight = false): string[] {
  const out: string[] = [];
  for (const lines of rendered) {
    if (lines.length === 0) continue;
    if (out.length > 0 && !tight) out.push("");
    out.push(...lines);
  }
  return out;
}

/** One block's lines. */
export function renderBlock(block: Block, width: number, theme: Theme, depth = 0): string[] {
  width = Math.max(1, width);
  switch (block.kind) {
    case "heading": {
      const text = block.lines.length > 1 && /^ {0,3}(=+|-+)\s*$/.test(block.lines[block.lines.length - 1]!)
        ? block.lines.slice(0, -1).map((l) => l.trim()).join(" ")
        : block.lines[0]!.replace(/^ {0,3}#{1,6}\s*/, "").replace(/\s+#+\s*$/, "").trim();
      const styled = theme.fg("mdHeading", `${"#".repeat(block.level ?? 1)} ${renderInline(text, theme)}`, { bold: true, underline: block.level === 1 });
      return wrapLine(styled, width);
    }
    case "paragraph":
      return wrapLine(renderInline(block.lines.map((l) => l.trim()).join("\n"), theme), width);
    case "rule":
      return [theme.fg("border", "─".repeat(width))];
    case "code":
      return renderCode(block, width, theme);
    case "table":
      return renderTable(block.lines, width, theme);
    case "quote":
      return renderQuote(block, width, theme, depth);
    case "list":
      return renderList(block, width, theme, depth);
  }
}

function renderCode(block: Block, width: number, theme: Theme): string[] {
  const body = block.lines.slice(1, block.closed ? -1 : undefined);
  // Fence lines inside a list item keep the item's indentation: strip the fence's own indent.
  const indent = /^ */.exec(block.lines[0]!)![0].length;
  const code = body.map((line) => line.slice(Math.min(indent, /^ */.exec(line)![0].length))).join("\n");
  const highlighted = body.length === 0 ? [] : highlightCode(code, block.lang ?? "", theme);
  const inner = Math.max(1, width - 2);
  const lines = highlighted.flatMap((line) => wrapLine(line, inner, { wordWrap: false }));
  if (lines.length === 0) lines.push("");
  return lines.map((line) => {
    const padded = "  " + line;
    return theme.level === "none" ? padded : theme.bg(theme.codeBackground, padEnd(padded, width));
  });
}

function renderQuote(block: Block, width: number, theme: Theme, depth: number): string[] {
  const inner = block.lines.map((line) => line.replace(/^ {0,3}> ?/, "")).join("\n");
  const bar = theme.fg("border", "│ ");
  const lines = depth < MAX_NESTING ? renderNested(inner, width - 2, theme, depth + 1) : wrapLine(inner, width - 2);
  return lines.map((line) => bar + theme.fg("muted", line));
}

/** Markdown inside a list item or a quote: the full block pipeline, not cached. */
function renderNested(text: string, width: number, theme: Theme, depth: number, tight = false): string[] {
  return joinBlocks(
    splitBlocks(text).map((block) => renderBlock(block, width, theme, depth)),
    tight,
  );
}

function renderList(block: Block, width: number, theme: Theme, depth: number): string[] {
  const items: { marker: string; lines: string[]; blankBefore: boolean }[] = [];
  const baseIndent = /^ */.exec(block.lines[0]!)![0].length;
  let contentIndent = 0;
  block.lines.forEach((line, k) => {
    const item = LIST_ITEM.exec(line);
    const indent = item ? item[1]!.length : 0;
    if (item && indent < baseIndent + 2 && !inItemFence(items)) {
      const bullet = item[2]!;
      const marker = /\d/.test(bullet) ? bullet : "•";
      const text = line.slice(item[0].length);
      contentIndent = item[0].length;
      items.push({ marker, lines: [text], blankBefore: k > 0 && block.lines[k - 1]!.trim() === "" });
      return;
    }
    const current = items[items.length - 1];
    if (!current) return;
    const leading = /^ */.exec(line)![0].length;
    current.lines.push(line.slice(Math.min(leading, contentIndent)));
  });
  const out: string[] = [];
  for (const item of items) {
    // Items the source separates with a blank line keep it (a loose list).
    if (item.blankBefore && out.length > 0) out.push("");
    const marker = theme.fg("accent", item.marker);
    const markerWidth = visibleWidth(item.marker) + 1;
    const inner = Math.max(1, width - markerWidth);
    const text = item.lines.join("\n").replace(/\n+$/, "");
    const task = /^\[([ xX])\]\s/.exec(text);
    let content = depth < MAX_NESTING ? renderNested(text, inner, theme, depth + 1, true) : wrapLine(text, inner);
    if (task && inner >= 8) {
      const box = task[1] === " " ? theme.fg("muted", "[ ]") : theme.fg("success", "[x]");
      content = renderNested(text.slice(task[0].length), Math.max(1, inner - 4), theme, depth + 1, true).map((line, k) => (k === 0 ? `${box} ` : "    ") + line);
    }
    if (content.length === 0) content = [""];
    const pad = " ".repeat(markerWidth);
    content.forEach((line, k) => out.push((k === 0 ? `${marker} ` : pad) + line));
  }
  return out;
}

/** Whether the last item's lines are inside an open code fence (an item line there is code). */
function inItemFence(items: { lines: string[] }[]): boolean {
  const last = items[items.length - 1];
  if (!last) return false;
  let fence: string | undefined;
  for (const line of last.lines) {
    const match = /^\s*(`{3,}|~{3,})/.exec(line);
    if (!match) continue;
    if (fence === undefined) fence = match[1];
    else if (match[1]![0] === fence[0] && match[1]!.length >= fence.length) fence = undefined;
  }
  return fence !== undefined;
}

interface CachedBlock {
  block: Block;
  lines?: string[];
  /** The first part of a paragraph cut for being too tall (splitTallParagraph): no blank line follows it. */
  continued?: boolean;
}

/** Lines a cut paragraph keeps open at least: a one-line paragraph could still become a table's header. */
const MIN_OPEN_LINES = 2;

/**
 * Streaming Markdown: `append` text as it arrives and `render` at any time. Finished blocks are
 * rendered once per width/theme; `stats` counts block renders (tests and benchmarks).
 */
export class MarkdownStream {
  /**
   * The text after the last complete line (the lines before it went to the splitter). Only this is
   * kept: slicing a string that keeps growing would copy all of it on every chunk.
   */
  private partial = "";
  private splitter = new BlockSplitter();
  private readonly done: CachedBlock[] = [];
  private ended = false;
  private width = -1;
  private theme: Theme | undefined;
  /** The finished blocks' lines joined, grown as blocks finish (at `width`/`theme`), and how many blocks they hold. */
  private joined: string[] = [];
  private joinedBlocks = 0;
  /** Block renders so far: finished blocks (once each per width/theme) and tail blocks (per render). */
  readonly stats = { finished: 0, tail: 0 };

  constructor(text = "") {
    if (text) this.append(text);
  }

  /** Finished blocks so far. */
  get finishedBlocks(): number {
    return this.done.length;
  }

  append(chunk: string): void {
    if (chunk === "") return;
    if (this.ended) throw new Error("MarkdownStream: append after end()");
    const text = this.partial + chunk;
    let from = 0;
    for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", from)) {
      for (const block of this.splitter.feed(text.slice(from, newline))) this.done.push({ block });
      from = newline + 1;
    }
    this.partial = text.slice(from);
  }

  /** The text is complete: its last line and the open block become final. */
  end(): void {
    if (this.ended) return;
    const closed = this.partial !== "" ? this.splitter.feed(this.partial) : [];
    for (const block of [...closed, ...this.splitter.end()]) this.done.push({ block });
    this.partial = "";
    this.ended = true;
  }

  /** All lines at `width`. */
  render(width: number, theme: Theme): string[] {
    return [...this.stableLines(width, theme), ...this.tailLines(width, theme)];
  }

  /**
   * The leading lines that will not change while width and theme stay the same (finished blocks
   * and the blank lines between them), e.g. to move them into the terminal's scrollback. Kept and
   * grown as blocks finish, so a call costs what finished since the last one: do not change it.
   */
  stableLines(width: number, theme: Theme): readonly string[] {
    if (width !== this.width || theme !== this.theme) {
      for (const entry of this.done) entry.lines = undefined;
      this.width = width;
      this.theme = theme;
      this.joined = [];
      this.joinedBlocks = 0;
    }
    for (; this.joinedBlocks < this.done.length; this.joinedBlocks++) {
      const entry = this.done[this.joinedBlocks]!;
      this.stats.finished++;
      entry.lines = renderBlock(entry.block, width, theme);
      if (entry.lines.length === 0) continue;
      if (this.joined.length > 0 && !this.lastJoinedContinues()) this.joined.push("");
      for (const line of entry.lines) this.joined.push(line);
    }
    return this.joined;
  }

  /** The lines from index `from` on (the stable ones there, then the open block's): what is not yet elsewhere. */
  linesFrom(from: number, width: number, theme: Theme): string[] {
    return [...this.stableLines(width, theme).slice(from), ...this.tailLines(width, theme)];
  }

  /**
   * Keeps an open paragraph from growing past `maxRows` rows at `width`: once it does, its complete
   * source lines but the last few become a finished block (so they can go to the scrollback, and are
   * never rendered again) that the rest continues without a blank line. Its rendering then matches
   * renderMarkdown's unless an inline span (emphasis, a link) crosses the cut, or a setext underline
   * later turns the paragraph into a heading: a screenful back, both are out of reach anyway.
   * True when it cut.
   */
  splitTallParagraph(maxRows: number, width: number, theme: Theme): boolean {
    const open = this.splitter.current;
    if (this.ended || open?.kind !== "paragraph" || open.lines.length <= MIN_OPEN_LINES) return false;
    if (this.tailLines(width, theme).length <= maxRows) return false;
    // Half a screen stays open, so the next cut is half a screen of text away (not every chunk).
    const keep = Math.max(MIN_OPEN_LINES, Math.floor(maxRows / 2));
    if (open.lines.length <= keep) return false;
    this.done.push({ block: { kind: "paragraph", lines: open.lines.splice(0, open.lines.length - keep) }, continued: true });
    return true;
  }

  private lastJoinedContinues(): boolean {
    for (let i = this.joinedBlocks - 1; i >= 0; i--) if (this.done[i]!.lines!.length > 0) return this.done[i]!.continued === true;
    return false;
  }

  /** The lines of the open block and the unfinished last line (with their separating blank line). */
  private tailLines(width: number, theme: Theme): string[] {
    const open = this.splitter.current;
    const partial = this.partial;
    if (this.ended || (!open && partial === "")) return [];
    // A fresh splitter over the open block's lines reaches the same state (it holds nothing
    // between blocks), then takes the partial line as if it were complete.
    const splitter = new BlockSplitter();
    const blocks: Block[] = [];
    for (const line of open?.lines ?? []) blocks.push(...splitter.feed(line));
    if (partial !== "") blocks.push(...splitter.feed(partial));
    blocks.push(...splitter.end());
    const rendered = blocks.map((block) => {
      this.stats.tail++;
      return renderBlock(block, width, theme);
    });
    const tail = joinBlocks(rendered);
    const stable = this.stableLines(width, theme);
    return tail.length > 0 && stable.length > 0 && !this.lastJoinedContinues() ? ["", ...tail] : tail;
  }
}
