import type { AgentContext, ClientCapabilities, ToolCallContent } from "@agentclientprotocol/sdk";
import { optionalInt, requiredString, requiredText } from "../../tools/args.ts";
import { applyReplacements, editOutput, readReplacements } from "../../tools/edit.ts";
import { displayPath, resolvePath } from "../../tools/paths.ts";
import { readText, type TextLines } from "../../tools/read.ts";
import { LIMITS_TEXT, MAX_BYTES, MAX_LINES } from "../../tools/truncate.ts";
import type { Tool, ToolOptions, ToolOutput, ToolRunContext } from "../../tools/types.ts";

/** What the editor offers a session: its files (unsaved buffers included) and terminals, as initialize said. */
export interface ClientAccess {
  client: AgentContext;
  capabilities: ClientCapabilities;
  sessionId(): string;
  /** Tells the editor what a call shows besides its result: the diff of a file it changed, the terminal it runs in. */
  show(toolCallId: string, content: ToolCallContent): void;
}

/**
 * A core tool as ACP intends it when the editor offers the means: read, write and edit work on the
 * editor's view of files (fs/read_text_file, fs/write_text_file), bash runs in an editor terminal
 * (unless kit sandboxes commands).
 * Anything else, or an editor without them, keeps kit's own tool.
 */
export function throughClient(tool: Tool, options: ToolOptions, access: ClientAccess): Tool {
  const fs = access.capabilities.fs;
  const files = new EditorFiles(access, options.cwd);
  switch (tool.name) {
    case "read":
      return fs?.readTextFile ? { ...tool, execute: (args, ctx) => files.read(tool, args, ctx) } : tool;
    case "write":
      return fs?.writeTextFile ? { ...tool, execute: (args, ctx) => files.write(args, ctx) } : tool;
    case "edit":
      return fs?.readTextFile && fs.writeTextFile ? { ...tool, execute: (args, ctx) => files.edit(tool, args, ctx) } : tool;
    case "bash":
      // A command kit must sandbox (--sandbox) runs in kit's sandbox, never in a terminal outside it.
      return access.capabilities.terminal && !options.sandbox ? { ...tool, execute: (args, ctx) => runInTerminal(args, ctx, options, access) } : tool;
    default:
      return tool;
  }
}

class EditorFiles {
  constructor(
    private readonly access: ClientAccess,
    private readonly cwd: string,
  ) {}

  /** The editor's text of the file; what it cannot give as text (no such file, an image, a binary file) kit's own tool reads from disk, with its checks and messages. */
  async read(own: Tool, args: Record<string, unknown>, ctx: ToolRunContext): Promise<ToolOutput> {
    const input = requiredString(args, "path");
    const offset = optionalInt(args, "offset", 1) ?? 1;
    const limit = optionalInt(args, "limit", 1);
    const text = await this.text(resolvePath(input, this.cwd));
    if (text === undefined) return own.execute(args, ctx);
    return readText(input, new BufferLines(text), offset, limit);
  }

  async write(args: Record<string, unknown>, ctx: ToolRunContext): Promise<ToolOutput> {
    const input = requiredString(args, "path");
    const content = requiredText(args, "content");
    const abs = resolvePath(input, this.cwd);
    const before = await this.text(abs);
    await this.put(abs, input, content);
    this.access.show(ctx.toolCallId, { type: "diff", path: abs, oldText: before ?? null, newText: content });
    return { content: `Wrote ${Buffer.byteLength(content)} bytes to ${input}` };
  }

  async edit(own: Tool, args: Record<string, unknown>, ctx: ToolRunContext): Promise<ToolOutput> {
    const input = requiredString(args, "path");
    const replacements = readReplacements(args);
    const abs = resolvePath(input, this.cwd);
    const raw = await this.text(abs);
    if (raw === undefined) return own.execute(args, ctx);
    const edited = applyReplacements(raw, replacements, input);
    await this.put(abs, input, edited.text);
    this.access.show(ctx.toolCallId, { type: "diff", path: abs, oldText: raw, newText: edited.text });
    return editOutput(input, displayPath(abs, this.cwd), edited, replacements.length);
  }

  private async text(abs: string): Promise<string | undefined> {
    try {
      const { content } = await this.access.client.request("fs/read_text_file", { sessionId: this.access.sessionId(), path: abs });
      return content.includes("\0") ? undefined : content;
    } catch {
      return undefined;
    }
  }

  private async put(abs: string, input: string, content: string): Promise<void> {
    try {
      await this.access.client.request("fs/write_text_file", { sessionId: this.access.sessionId(), path: abs, content });
    } catch (e) {
      throw new Error(`The editor could not write ${input}: ${(e as Error).message}`);
    }
  }
}

/** An editor's buffer as read's line source: already in memory, so its lines are always all counted. */
class BufferLines implements TextLines {
  readonly stopped = false;
  readonly size: number;
  private readonly text: string;

  constructor(text: string) {
    this.text = text.replace(/^\uFEFF/, "");
    this.size = Buffer.byteLength(this.text);
  }

  async *lines(): AsyncGenerator<string> {
    const lines = this.text.split(/\r?\n/);
    if (lines.at(-1) === "") lines.pop();
    yield* lines;
  }

  stopAfter(): void {}
}

/**
 * bash in an editor terminal (terminal/create): the user watches it live in the tool call; the model
 * gets the output's tail and how the command ended, as from kit's own bash. Timeout and cancellation
 * kill the command; the terminal is released either way.
 */
async function runInTerminal(args: Record<string, unknown>, ctx: ToolRunContext, options: ToolOptions, access: ClientAccess): Promise<ToolOutput> {
  const command = requiredString(args, "command");
  const timeout = Math.min(optionalInt(args, "timeout", 1) ?? options.bashTimeout, options.bashMaxTimeout);
  if (ctx.signal.aborted) return { content: "Command was cancelled before it started.", isError: true };
  const terminal = await access.client.createTerminal({ sessionId: access.sessionId(), command: "bash", args: ["-c", command], cwd: options.cwd, outputByteLimit: MAX_BYTES * 4 });
  access.show(ctx.toolCallId, { type: "terminal", terminalId: terminal.id });
  try {
    let stopped: "timeout" | "cancel" | undefined;
    const kill = (why: "timeout" | "cancel") => {
      stopped ??= why;
      void terminal.kill().catch(() => {});
    };
    const timer = setTimeout(() => kill("timeout"), timeout * 1000);
    const onAbort = () => kill("cancel");
    ctx.signal.addEventListener("abort", onAbort);
    try {
      await terminal.waitForExit();
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onAbort);
    }
    const { output, truncated, exitStatus } = await terminal.currentOutput();
    const tail = lastLines(output);
    const notes: string[] = [];
    if (truncated || tail.cut) notes.push(`[Output truncated: showing its end, at most ${LIMITS_TEXT}; the editor's terminal shows the rest.]`);
    let failure: string | undefined;
    if (stopped === "timeout") failure = `Command timed out after ${timeout} s and was killed.`;
    else if (stopped === "cancel") failure = "Command was cancelled and killed.";
    else if (exitStatus?.signal) failure = `Command was killed by signal ${exitStatus.signal}.`;
    else if (exitStatus?.exitCode) failure = `Exit code: ${exitStatus.exitCode}`;
    if (failure) notes.push(failure);
    return { content: [tail.text === "" ? "(no output)" : tail.text, ...notes].join("\n\n"), isError: failure !== undefined, details: { exitCode: exitStatus?.exitCode ?? null } };
  } finally {
    await terminal.release().catch(() => {});
  }
}

function lastLines(output: string): { text: string; cut: boolean } {
  const lines = output.replace(/\n$/, "").split("\n");
  let kept = lines.slice(-MAX_LINES).join("\n");
  if (Buffer.byteLength(kept) > MAX_BYTES) kept = Buffer.from(kept).subarray(-MAX_BYTES).toString().replace(/^[^\n]*\n/, "");
  return { text: kept, cut: kept.length < output.replace(/\n$/, "").length };
}
