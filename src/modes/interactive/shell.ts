/**
 * `!command` and `!!command`: a shell command the user runs from the editor, with kit's bash tool
 * (output streamed live, timeouts, the whole process tree killed on cancel). With one `!` its output
 * goes with the next message to the model (as a <shell> part before the text); with `!!` it is only
 * shown.
 */
import { renderToolBlock } from "../../ui/components/tool-block.ts";
import type { Theme } from "../../ui/theme/theme.ts";
import type { Tool } from "../../tools/types.ts";
import { toolResultText } from "../../llm/message-text.ts";

/** Where the command runs, and kit's bash tool that runs it (the app's userShell). */
export interface ShellOptions {
  cwd: string;
  bash: Tool;
}

const MAX_LIVE_OUTPUT = 64 * 1024;

export class ShellRun {
  private output = "";
  private status: "running" | "done" | "error" = "running";
  private readonly abort = new AbortController();

  constructor(
    readonly command: string,
    readonly inContext: boolean,
    private readonly o: ShellOptions,
    private readonly changed: () => void,
  ) {}

  /** Runs the command; resolves with the text that goes to the model (undefined for `!!`). */
  async run(): Promise<string | undefined> {
    const tool = this.o.bash;
    let exit: number | null = null;
    try {
      const result = await tool.execute(
        { command: this.command },
        {
          toolCallId: "shell",
          signal: this.abort.signal,
          onOutput: (chunk) => {
            if (this.output.length < MAX_LIVE_OUTPUT) this.output += chunk;
            this.changed();
          },
        },
      );
      this.output = toolResultText(result.content);
      this.status = result.isError ? "error" : "done";
      exit = (result.details as { exitCode?: number | null } | undefined)?.exitCode ?? null;
    } catch (err) {
      this.output = (err as Error).message;
      this.status = "error";
    }
    this.changed();
    if (!this.inContext) return undefined;
    const attr = this.command.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
    return `<shell command="${attr}" exit_code="${exit ?? "killed"}">\n${this.output.replace(/\n$/, "")}\n</shell>`;
  }

  cancel(): void {
    this.abort.abort();
  }

  lines(width: number, theme: Theme): string[] {
    const state = { toolName: "bash", args: { command: this.command }, status: this.status, output: this.output, isError: this.status === "error" };
    const displayName = this.inContext ? "Shell" : "Shell (not sent to the model)";
    return renderToolBlock(state, width, theme, { cwd: this.o.cwd, renderer: { displayName }, maxLines: 20 });
  }
}
