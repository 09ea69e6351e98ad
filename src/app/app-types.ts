import type { AgentEvent, TurnResult } from "../agent/types.ts";
import type { Config } from "../config/config.ts";
import type { HostUI } from "../extensions/host.ts";
import type { McpServerConfig } from "../mcp/config.ts";
import type { StateStore } from "../session/state-store.ts";
import type { SessionStore } from "../session/store.ts";
import type { Tool, ToolOptions } from "../tools/types.ts";
import type { CompactionReport } from "./compaction-policy.ts";
import type { PermissionAnswer, PermissionRequest } from "./permission-types.ts";
import type { Permissions } from "./permissions.ts";
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
  /**
   * What extension code wrote with console.log/.error/… (one call, no trailing newline), named after
   * its extension. A mode that gives this owns the process: the app guards it while extensions run
   * (uncaught errors reported, process.exit intercepted; extensions/process-guard.ts).
   */
  extensionConsole?(name: string, text: string, stream: "stdout" | "stderr"): void;
}

export type SwitchReason = "new" | "clear" | "resume" | "fork" | "import";

export type SwitchOutcome = { switched: true } | { switched: false; reason: string };

/**
 * What a mode plugs into the app when it is assembled: how it shows what only it can show. Every
 * member is optional; a headless run gives none.
 */
export interface ModeHooks {
  /** The terminal UI's members of the Context (interactive mode). */
  ui?: HostUI;
  /** ctx.exit() was called: the mode quits. */
  exit?(): void;
  /** A follow-up was queued (ctx.sendMessage), so an idle mode can run it. */
  queued?(): void;
  /** Messages waiting to be sent into the running turn came or went (app.steering.pending). */
  steeringChanged?(): void;
  /**
   * A session switch ended (switched, or why not): the mode shows where the conversation now is.
   * A mode without it keeps one session (ctx.newSession throws).
   */
  switched?(outcome: SwitchOutcome, reason: SwitchReason): void;
  /** A background subagent started or ended (app.subagents.running changed). */
  subagentsChanged?(): void;
  /** Runs a prompt as the user's (the prompt of ctx.newSession, in the new session). */
  prompt?(text: string): void;
  /**
   * Permission mode `ask` met a tool call no rule covers: the mode asks the user and answers. A mode
   * without it (headless) has no one to ask, so such calls are denied.
   */
  askPermission?(request: PermissionRequest): Promise<PermissionAnswer>;
}

export interface KitAppOptions {
  config: Config;
  cwd: string;
  env: NodeJS.ProcessEnv;
  runtime: ModelRuntime;
  session: SessionStore;
  state: StateStore;
  coreTools: Tool[];
  /** What the core tools were made with; the user's own shell commands (`!command`) run with the same. */
  toolOptions: ToolOptions;
  /** The permission mode and rules every tool call passes (permissions.ts). */
  permissions: Permissions;
  /** The stable system prompt of the session. */
  systemPrompt: string;
  interactive: boolean;
  output: AppOutput;
  /** The mode's hooks; none when headless. */
  hooks?: ModeHooks;
  /** -e paths (the config key `extension` is read from config). */
  extensionPaths: string[];
  /** Skills, prompt templates and named agents (app/resources.ts); none when absent. */
  resources?: AppResources;
  /** The MCP servers of the run (mcp/config.ts); none when absent. */
  mcpServers?: McpServerConfig[];
  /** The run's themes, resolved for the mode's terminal; default: the headless ones, which paint nothing. */
  themes?: ThemeManager;
}

export type InputSource = "interactive" | "cli" | "stdin" | "extension" | "queue" | "steer";

/** How a submitted input ended: a turn ran, or the input was consumed before any turn. */
export type SubmitOutcome =
  | { kind: "turn"; result: TurnResult }
  | { kind: "handled" }
  /** failed: the command threw (already reported, naming the extension file). */
  | { kind: "command"; output?: string; failed?: boolean };
