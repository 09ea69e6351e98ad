import type { AgentEvent, TurnResult } from "../agent/types.ts";
import type { Config } from "../config/config.ts";
import type { McpServerConfig } from "../mcp/config.ts";
import type { StateStore } from "../session/state-store.ts";
import type { SessionStore } from "../session/store.ts";
import type { Tool } from "../tools/types.ts";
import type { CompactionReport } from "./compaction-policy.ts";
import type { AppResources } from "./resources.ts";
import type { ModelRuntime } from "./runtime.ts";
import type { ThemeManager } from "./themes.ts";

/** The shapes a mode uses to build and drive the app (app.ts). */

/** What the current mode does with output an extension or the app produces. */
export interface AppOutput {
  print(text: string): void;
  printInfo(text: string): void;
  printError(text: string): void;
  printBlock(opts: { text: string; borderColor?: string; subtitle?: string }): void;
  /** Every agent event of every turn, for the mode to render. */
  event(ev: AgentEvent): void;
  /** The conversation was compacted (manually, automatically, or after a context overflow). */
  compaction(report: CompactionReport): void;
  /** A user message went into the session and its turn starts (interactive: shown in the transcript). */
  userMessage?(text: string, source: InputSource): void;
}

export interface KitAppOptions {
  config: Config;
  cwd: string;
  env: NodeJS.ProcessEnv;
  runtime: ModelRuntime;
  session: SessionStore;
  state: StateStore;
  coreTools: Tool[];
  /** The stable system prompt of the session. */
  systemPrompt: string;
  interactive: boolean;
  output: AppOutput;
  /** -e paths (the config key `extension` is read from config). */
  extensionPaths: string[];
  /** Skills, prompt templates and named agents (app/resources.ts); none when absent. */
  resources?: AppResources;
  /** The MCP servers of the run (mcp/config.ts); none when absent. */
  mcpServers?: McpServerConfig[];
  /** The run's themes, resolved for the mode's terminal; default: the headless ones, which paint nothing. */
  themes?: ThemeManager;
}

export type InputSource = "interactive" | "cli" | "stdin" | "extension" | "queue";

/** How a submitted input ended: a turn ran, or the input was consumed before any turn. */
export type SubmitOutcome =
  | { kind: "turn"; result: TurnResult }
  | { kind: "handled" }
  /** failed: the command threw (already reported, naming the extension file). */
  | { kind: "command"; output?: string; failed?: boolean };
