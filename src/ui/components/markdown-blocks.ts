/**
 * Markdown split into blocks, one complete line at a time. A block is closed as soon as a line
 * shows it cannot continue, and a closed block never changes again, which is what lets streaming
 * render each finished block once. The splitter holds nothing between blocks, so the open block's
 * lines fed to a fresh splitter give the same result (the streaming renderer relies on it).
 *
 * Blocks: paragraph, heading (ATX and setext), fenced code, list (items with their nested content),
 * quote, table (a paragraph whose second line is a delimiter row), thematic break.
 */

export type BlockKind = "paragraph" | "heading" | "code" | "list" | "quote" | "table" | "rule";

export interface Block {
  kind: BlockKind;
  /** Source lines of the block (without their newlines). */
  lines: string[];
  /** heading: level 1-6. */
  level?: number;
  /** code: the fence ("```" or "~~~~"), the info string's first word, and whether it was closed. */
  fence?: string;
  lang?: string;
  closed?: boolean;
  /** list: inside a fenced code block of an item (its lines never end the list). */
  listFence?: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}>/;
export const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const TABLE_DELIMITER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

const isBlank = (line: string) => line.trim() === "";

/** Whether a line begins a block that ends a paragraph (or a lazy continuation). */
function interrupts(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
}

function closingFence(line: string, fence: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return match !== null && match[1]![0] === fence[0] && match[1]!.length >= fence.length;
}

/** What a line does to the open block: joins it, joins and finishes it, or is not part of it. */
type Continuation = "join" | "join-and-close" | "stop";

export class BlockSplitter {
  private open: Block | undefined;

  /** The block still open (it may yet change), if any. */
  get current(): Block | undefined {
    return this.open;
  }

  /** Feeds one complete line; returns the blocks it finished, in order. */
  feed(line: string): Block[] {
    const block = this.open;
    if (block) {
      const step = continues(block, line);
      if (step === "join") return [];
      this.open = undefined;
      if (step === "join-and-close") return [block];
      return [finish(block), ...this.feed(line)];
    }
    if (isBlank(line)) return [];
    const started = start(line);
    if (started.kind === "heading" || started.kind === "rule") return [started];
    this.open = started;
    return [];
  }

  /** Closes the open block (end of the text). */
  end(): Block[] {
    const block = this.open;
    this.open = undefined;
    return block ? [finish(block)] : [];
  }
}

/** Adds `line` to the open block when it belongs there (possibly changing the block's kind). */
function continues(block: Block, line: string): Continuation {
  switch (block.kind) {
    case "code":
      block.lines.push(line);
      if (!closingFence(line, block.fence!)) return "join";
      block.closed = true;
      return "join-and-close";
    case "paragraph": {
      if (isBlank(line)) return "stop";
      const tableHeader = block.lines.length === 1 && block.lines[0]!.includes("|");
      if (tableHeader && TABLE_DELIMITER.test(line) && line.includes("-") && (line.includes("|") || !SETEXT.test(line))) {
        block.kind = "table";
        block.lines.push(line);
        return "join";
      }
      if (SETEXT.test(line)) {
        block.kind = "heading";
        block.level = line.trim()[0] === "=" ? 1 : 2;
        block.lines.push(line);
        return "join-and-close";
      }
      if (interrupts(line)) return "stop";
      block.lines.push(line);
      return "join";
    }
    case "table":
      if (isBlank(line) || !line.includes("|")) return "stop";
      block.lines.push(line);
      return "join";
    case "quote":
      if (isBlank(line) || (!QUOTE.test(line) && interrupts(line))) return "stop";
      block.lines.push(line);
      return "join";
    case "list":
      return continuesList(block, line) ? "join" : "stop";
    default:
      return "stop";
  }
}

function start(line: string): Block {
  const fence = FENCE.exec(line);
  if (fence) return { kind: "code", lines: [line], fence: fence[1]!, lang: fence[2] ?? "", closed: false };
  const heading = HEADING.exec(line);
  if (heading) return { kind: "heading", lines: [line], level: heading[1]!.length };
  if (RULE.test(line)) return { kind: "rule", lines: [line] };
  if (QUOTE.test(line)) return { kind: "quote", lines: [line] };
  if (LIST_ITEM.test(line)) return { kind: "list", lines: [line] };
  return { kind: "paragraph", lines: [line] };
}

function continuesList(block: Block, line: string): boolean {
  if (block.listFence) {
    block.lines.push(line);
    if (closingFence(line.trimStart(), block.listFence)) block.listFence = undefined;
    return true;
  }
  const previous = block.lines[block.lines.length - 1]!;
  const indented = /^( {2,}|\t)/.test(line);
  let belongs: boolean;
  if (isBlank(line)) belongs = true;
  else if (LIST_ITEM.test(line) || indented) belongs = true;
  // A lazy continuation: text right after an item's text, not starting another block.
  else belongs = !isBlank(previous) && !interrupts(line);
  if (!belongs) return false;
  block.lines.push(line);
  const fence = FENCE.exec(line.trimStart());
  if (fence && !isBlank(line)) block.listFence = fence[1]!;
  return true;
}

/** A block as it ends: lists drop the blank lines they held in case an item followed. */
function finish(block: Block): Block {
  if (block.kind === "list") while (block.lines.length > 1 && isBlank(block.lines[block.lines.length - 1]!)) block.lines.pop();
  return block;
}

/** Splits a whole text into blocks (its end closes the last one). */
export function splitBlocks(text: string): Block[] {
  const splitter = new BlockSplitter();
  const blocks: Block[] = [];
  const lines = text.split("\n");
  // A final newline ends the last line; it does not start an empty one.
  if (lines[lines.length - 1] === "") lines.pop();
  for (const line of lines) blocks.push(...splitter.feed(line));
  blocks.push(...splitter.end());
  return blocks;
}
