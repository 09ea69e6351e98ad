/**
 * Seeing a block whole. Ctrl+O expands or collapses the last reasoning or tool block of the running
 * turn (live-turn.ts), which then reaches the scrollback as shown; with none live, it prints the
 * conversation's last reasoning or tool output whole into the scrollback. `/expand [n]` prints the
 * n-th last tool output whole into the scrollback, or hands it to `$PAGER` when that is set.
 */
import { toolResultText } from "../../llm/message-text.ts";
import type { Message, ToolCallPart, ToolResultPart } from "../../llm/types.ts";
import { renderThinkingBlock } from "../../ui/components/thinking-block.ts";
import { renderToolBlock, summarizeArgs } from "../../ui/components/tool-block.ts";
import type { Controller } from "./controller.ts";
import type { BuiltinCommand } from "./slash-commands.ts";
import { diffOf } from "./transcript.ts";

/** A block of the conversation that the transcript shows shortened: reasoning, or a tool call and its result. */
type Shortened = { kind: "reasoning"; text: string } | { kind: "tool"; call: ToolCallPart; result: ToolResultPart };

/** The conversation's reasoning and finished tool calls, oldest first. */
function shortenedBlocks(messages: readonly Message[]): Shortened[] {
  const results = new Map<string, ToolResultPart>();
  for (const m of messages) if (m.role === "tool") for (const p of m.content) if (p.type === "tool_result") results.set(p.toolCallId, p);
  const out: Shortened[] = [];
  for (const m of messages) {
    if (m.role !== "assistant") continue;
    for (const p of m.content) {
      if (p.type === "reasoning" && p.text.trim()) out.push({ kind: "reasoning", text: p.text });
      const result = p.type === "tool_call" ? results.get(p.id) : undefined;
      if (p.type === "tool_call" && result) out.push({ kind: "tool", call: p, result });
    }
  }
  return out;
}

/** A block's lines, whole. */
function wholeLines(c: Controller, block: Shortened): string[] {
  if (block.kind === "reasoning") return renderThinkingBlock({ text: block.text }, c.width, c.theme);
  const { call, result } = block;
  const diff = result.isError ? undefined : diffOf(result.details);
  const state = { toolName: call.name, args: call.input, status: result.isError ? ("error" as const) : ("done" as const), output: toolResultText(result.content), isError: result.isError, expanded: true, ...(diff ? { diff } : {}) };
  return renderToolBlock(state, c.width, c.theme, { cwd: c.cwd });
}

/** Ctrl+O: the live turn's last block toggles; with none, the conversation's last shortened block is printed whole. */
export function expandLast(c: Controller): void {
  if (c.toggleLiveExpanded()) return;
  const last = shortenedBlocks(c.app.session.context()).at(-1);
  if (!last) return c.notice("info", "Nothing to expand yet: Ctrl+O shows reasoning and tool output whole.");
  c.commitBlock(wholeLines(c, last));
}

/** `/expand [n]`: the n-th last tool output whole, in the scrollback or through $PAGER. */
export function expandCommand(c: Controller, env: Record<string, string | undefined>): BuiltinCommand {
  return {
    name: "expand",
    args: "[n]",
    description: "Show the last (or n-th last) tool output whole ($PAGER when set)",
    immediate: true,
    run: async (args) => {
      const tools = shortenedBlocks(c.app.session.context()).filter((b) => b.kind === "tool");
      if (tools.length === 0) return c.notice("info", "No tool output to expand yet.");
      const n = args === "" ? 1 : Number(args);
      if (!Number.isInteger(n) || n < 1) return c.notice("error", `/expand takes a count from the end (1 = the last tool output), not "${args}".`);
      if (n > tools.length) return c.notice("error", `There ${tools.length === 1 ? "is 1 tool output" : `are ${tools.length} tool outputs`} in this conversation: /expand ${tools.length} is the oldest.`);
      const block = tools[tools.length - n]!;
      const pager = env.PAGER?.trim();
      if (!pager) return c.commitBlock(wholeLines(c, block));
      const { call, result } = block;
      const text = `${call.name} ${summarizeArgs(call.name, call.input, c.cwd)}\n\n${toolResultText(result.content)}\n`;
      await page(c, pager, text);
    },
  };
}

/** Hands `text` to the pager on its stdin, with the terminal given over to it until it ends. */
async function page(c: Controller, pager: string, text: string): Promise<void> {
  const ui = c.app.ui;
  let failure: string | undefined;
  const run = async () => {
    try {
      const proc = Bun.spawn(["sh", "-c", pager], { cwd: c.cwd, stdin: new Blob([text]), stdout: "inherit", stderr: "inherit" });
      const code = await proc.exited;
      if (code !== 0) failure = `exited with code ${code}`;
    } catch (err) {
      failure = (err as Error).message;
    }
  };
  if (ui) await ui.suspendTUI(run);
  else await run();
  if (failure) c.notice("error", `The pager ($PAGER=${pager}) failed: ${failure}. Unset PAGER to have /expand print into the transcript.`);
}
