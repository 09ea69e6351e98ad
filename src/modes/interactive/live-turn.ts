/**
 * A running turn on screen: the blocks it has made so far (reasoning, the streamed answer, tool
 * calls) in order. A block goes to the scrollback as soon as it is finished and every block before
 * it is too; the answer being streamed goes there a Markdown block at a time (its finished blocks
 * never change), so the live region only holds what can still change: the open Markdown block,
 * running tools, reasoning being streamed.
 */
import type { ToolRenderConfig } from "kit/ext";
import type { AgentEvent, LLMUsageInfo } from "../../agent/types.ts";
import { MarkdownStream } from "../../ui/components/markdown.ts";
import { renderThinkingBlock } from "../../ui/components/thinking-block.ts";
import { renderToolBlock, type ToolStatus } from "../../ui/components/tool-block.ts";
import type { Theme } from "../../ui/theme/theme.ts";
import { partsText, toolResultText } from "../../llm/message-text.ts";
import { diffOf, userBlock, type NoticeKind } from "./transcript.ts";

export interface LiveTurnHost {
  /** Lines for the scrollback, in order. */
  commit(lines: string[]): void;
  /** A notice outside the blocks (retries, provider warnings). */
  notice(kind: NoticeKind, text: string): void;
  /** The live lines changed. */
  changed(): void;
  usage(info: LLMUsageInfo): void;
  width(): number;
  theme(): Theme;
  cwd: string;
  toolRenderer(name: string): ToolRenderConfig | undefined;
}

interface AnswerBlock {
  kind: "answer";
  stream: MarkdownStream;
  finished: boolean;
  /** Lines already in the scrollback, counted at `width`/`theme`. */
  committed: number;
  width: number;
  theme: Theme | undefined;
}
interface ThinkingBlock {
  kind: "thinking";
  text: string;
  started: number;
  durationMs?: number;
  finished: boolean;
  /** Ctrl+O: shown whole (not the last lines, nor collapsed once done), and committed so. */
  expanded?: boolean;
}
interface ToolBlock {
  kind: "tool";
  id: string;
  name: string;
  args: string;
  status: ToolStatus;
  output: string;
  isError: boolean;
  diff?: string;
  finished: boolean;
  /** Ctrl+O: all of the output, wrapped, and committed so. */
  expanded?: boolean;
}
/** A message the user sent into the running turn (steering), shown where the model got it. */
interface UserBlock {
  kind: "user";
  text: string;
  finished: true;
}
type Block = AnswerBlock | ThinkingBlock | ToolBlock | UserBlock;

/** Streamed tool output kept for the live view (its head is what the block shows). */
const MAX_LIVE_OUTPUT = 64 * 1024;
/** Reasoning lines shown while it streams. */
const THINKING_LIVE_LINES = 6;

export class LiveTurn {
  private blocks: Block[] = [];
  /** `warned`: provider warnings already shown (the same advice comes with every call). */
  constructor(
    private readonly host: LiveTurnHost,
    private readonly warned: Set<string> = new Set(),
  ) {}

  get empty(): boolean {
    return this.blocks.length === 0;
  }

  handle(ev: AgentEvent): void {
    switch (ev.type) {
      case "reasoning_start":
        this.closeOpen();
        this.blocks.push({ kind: "thinking", text: "", started: Date.now(), finished: false });
        break;
      case "reasoning_delta": {
        const last = this.last();
        if (last?.kind === "thinking" && !last.finished) last.text += ev.text;
        else {
          this.closeOpen();
          this.blocks.push({ kind: "thinking", text: ev.text, started: Date.now(), finished: false });
        }
        break;
      }
      case "text_delta": {
        const last = this.last();
        if (last?.kind === "answer" && !last.finished) last.stream.append(ev.text);
        else {
          this.closeOpen();
          const stream = new MarkdownStream();
          stream.append(ev.text);
          this.blocks.push({ kind: "answer", stream, finished: false, committed: 0, width: 0, theme: undefined });
        }
        break;
      }
      case "tool_call_start":
        this.closeOpen();
        this.blocks.push({ kind: "tool", id: ev.id, name: ev.name, args: "", status: "pending", output: "", isError: false, finished: false });
        break;
      case "tool_call_delta": {
        const block = this.tool(ev.id);
        if (block) block.args += ev.delta;
        break;
      }
      case "message":
        if (ev.message.role === "user") {
          this.closeOpen();
          this.blocks.push({ kind: "user", text: partsText(ev.message.content), finished: true });
          break;
        }
        if (ev.message.role !== "assistant") break;
        this.closeOpen();
        // Providers that do not stream tool calls report them only here.
        for (const p of ev.message.content) {
          if (p.type !== "tool_call") continue;
          const block = this.tool(p.id);
          if (block) block.args = p.input;
          else this.blocks.push({ kind: "tool", id: p.id, name: p.name, args: p.input, status: "pending", output: "", isError: false, finished: false });
        }
        break;
      case "tool_execution_start": {
        const block = this.tool(ev.call.id) ?? this.addTool(ev.call.id, ev.call.name, ev.call.input);
        block.status = "running";
        break;
      }
      case "tool_output": {
        const block = this.tool(ev.call.id);
        if (block && block.output.length < MAX_LIVE_OUTPUT) block.output += ev.chunk;
        break;
      }
      case "tool_execution_end": {
        const block = this.tool(ev.call.id) ?? this.addTool(ev.call.id, ev.call.name, ev.call.input);
        block.isError = ev.result.isError;
        block.status = ev.result.isError ? "error" : "done";
        block.output = toolResultText(ev.result.content);
        const diff = ev.result.isError ? undefined : diffOf(ev.result.details);
        if (diff) block.diff = diff;
        block.finished = true;
        break;
      }
      case "step_finish":
        this.closeOpen();
        break;
      case "llm_usage":
        this.host.usage(ev.info);
        return;
      case "retry":
        this.host.notice("warning", `${ev.error.kind}: ${ev.error.message}; retrying in ${(ev.delayMs / 1000).toFixed(1)} s (attempt ${ev.attempt})`);
        return;
      case "warning":
        if (!this.warned.has(ev.message)) this.host.notice("warning", ev.message);
        this.warned.add(ev.message);
        return;
      case "turn_end":
        this.finish();
        return;
      default:
        return;
    }
    this.advance();
    this.host.changed();
  }

  /**
   * Ctrl+O: the last reasoning or tool block still live is shown whole, or back as it was; it goes to
   * the scrollback as it is then shown. False when no such block is live.
   */
  toggleExpanded(): boolean {
    const block = this.blocks.findLast((b): b is ThinkingBlock | ToolBlock => b.kind === "thinking" || b.kind === "tool");
    if (!block) return false;
    block.expanded = !block.expanded;
    this.host.changed();
    return true;
  }

  /** Ends every block (tools that never ran were cancelled) and sends them all to the scrollback. */
  finish(): void {
    for (const block of this.blocks) {
      if (block.kind === "tool" && !block.finished) {
        block.status = "error";
        block.isError = true;
        if (block.output === "") block.output = "cancelled";
      }
    }
    this.closeOpen();
    for (const block of this.blocks) block.finished = true;
    this.advance();
    this.host.changed();
  }

  /**
   * The live region's lines for the blocks not yet in the scrollback. An answer's paragraph taller
   * than `maxRows` gives its earlier lines to the scrollback first, so the turn never takes more
   * than the rows it is given (and a frame costs what the screen holds, not what the answer is).
   */
  lines(maxRows = Infinity): string[] {
    const width = this.host.width();
    const theme = this.host.theme();
    const front = this.blocks[0];
    if (front?.kind === "answer" && !front.finished) {
      this.rebase(front, width, theme);
      // The answer's own blank line above it, while nothing of it is in the scrollback yet.
      if (front.stream.splitTallParagraph(maxRows - (front.committed === 0 ? 1 : 0), width, theme)) this.advance();
    }
    const out: string[] = [];
    for (const block of this.blocks) {
      if (block.kind === "answer") {
        this.rebase(block, width, theme);
        const lines = block.stream.linesFrom(block.committed, width, theme);
        if (block.committed === 0) out.push("");
        out.push(...lines);
      } else {
        out.push("", ...this.render(block, width, theme));
      }
    }
    return out;
  }

  private render(block: ThinkingBlock | ToolBlock | UserBlock, width: number, theme: Theme): string[] {
    if (block.kind === "user") return userBlock(block.text, width, theme);
    if (block.kind === "thinking") {
      const state = { text: block.text, streaming: !block.finished, collapsed: block.finished && !block.expanded, ...(block.durationMs !== undefined ? { durationMs: block.durationMs } : {}) };
      return renderThinkingBlock(state, width, theme, block.expanded ? {} : { maxLines: THINKING_LIVE_LINES });
    }
    const renderer = this.host.toolRenderer(block.name);
    const state = {
      toolName: block.name,
      args: block.args,
      status: block.status,
      output: block.output,
      isError: block.isError,
      ...(block.diff ? { diff: block.diff } : {}),
      ...(block.expanded ? { expanded: true } : {}),
    };
    return renderToolBlock(state, width, theme, { cwd: this.host.cwd, ...(renderer ? { renderer } : {}) });
  }

  /** Commits the finished blocks at the front, and the finished Markdown blocks of an answer there. */
  private advance(): void {
    const width = this.host.width();
    const theme = this.host.theme();
    while (this.blocks.length > 0) {
      const block = this.blocks[0]!;
      if (block.kind === "answer") {
        this.rebase(block, width, theme);
        // A finished answer's lines are all stable.
        const lines = block.stream.stableLines(width, theme);
        if (lines.length > block.committed) {
          this.host.commit([...(block.committed === 0 ? [""] : []), ...lines.slice(block.committed)]);
          block.committed = lines.length;
        }
        if (!block.finished) return;
      } else {
        if (!block.finished) return;
        this.host.commit(["", ...this.render(block, width, theme)]);
      }
      this.blocks.shift();
    }
  }

  /**
   * After a resize or a theme change an answer's lines are counted anew: what the scrollback holds
   * was drawn at the old width, and everything stable then was committed then.
   */
  private rebase(block: AnswerBlock, width: number, theme: Theme): void {
    if (block.width === width && block.theme === theme) return;
    if (block.committed > 0) block.committed = block.stream.stableLines(width, theme).length;
    block.width = width;
    block.theme = theme;
  }

  /** The answer or reasoning being streamed is complete. */
  private closeOpen(): void {
    const last = this.last();
    if (!last || last.finished) return;
    if (last.kind === "answer") {
      last.stream.end();
      last.finished = true;
    } else if (last.kind === "thinking") {
      last.durationMs = Date.now() - last.started;
      last.finished = true;
    }
  }

  private last(): Block | undefined {
    return this.blocks[this.blocks.length - 1];
  }

  private tool(id: string): ToolBlock | undefined {
    for (const block of this.blocks) if (block.kind === "tool" && block.id === id) return block;
    return undefined;
  }

  private addTool(id: string, name: string, args: string): ToolBlock {
    const block: ToolBlock = { kind: "tool", id, name, args, status: "pending", output: "", isError: false, finished: false };
    this.blocks.push(block);
    return block;
  }
}
