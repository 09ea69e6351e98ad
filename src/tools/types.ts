import type { ToolResultBlock, Usage } from "../llm/types.ts";
import type { OutputFiles } from "./output-files.ts";
import type { CommandSandbox } from "./sandbox.ts";

/** Contract kinds (kit/ext ToolKind). */
export type ToolKind = "execute" | "edit" | "read" | "search" | "agent";

export interface ToolRunContext {
  toolCallId: string;
  /** Aborted when the turn is cancelled; tools must stop and clean up (kill child processes). */
  signal: AbortSignal;
  /** Streams live output (bash lines, progress text) as it happens. */
  onOutput(chunk: string, isStderr: boolean): void;
}

export interface ToolOutput {
  content: string | ToolResultBlock[];
  isError?: boolean;
  /** Tool-specific structured data for renderers and extensions (e.g. edit's unified diff). */
  details?: unknown;
  /**
   * Model usage the tool caused (a subagent's model calls): the agent loop adds it to the turn's
   * token and cost aggregates. `cost` undefined = a price was unknown.
   */
  usage?: { tokens: Usage; cost: number | undefined };
}

export interface Tool {
  name: string;
  description: string;
  /** JSON Schema (type: object) of the arguments. */
  parameters: Record<string, unknown>;
  kind: ToolKind;
  /** Read-only tools may run in parallel with each other. */
  readOnly: boolean;
  /** Throws on failure; the agent loop turns the throw into an error result. */
  execute(args: Record<string, unknown>, ctx: ToolRunContext): Promise<ToolOutput>;
}

export interface ToolOptions {
  cwd: string;
  /** Seconds; default timeout of bash (config `bash-timeout`, default 120). */
  bashTimeout: number;
  /** Seconds; the most a model may ask for (config `bash-max-timeout`, default 600). */
  bashMaxTimeout: number;
  /** Where bash saves the full output of commands too long to return. */
  outputFiles: OutputFiles;
  /** --sandbox: bash runs its commands inside it; none = unsandboxed. */
  sandbox?: CommandSandbox;
}
