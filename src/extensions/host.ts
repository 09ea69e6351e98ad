import type {
  CompleteRequest,
  CompleteResponse,
  Context,
  SubagentConfig,
  SubagentHandle,
  ThemeColorConfig,
  ThemeColors,
} from "./contract.ts";

/** The conversation-tree members of the Context, as the app answers them. */
export type HostTree = Pick<Context, "getTreeNode" | "getCurrentBranch" | "getChildren" | "navigateTo" | "summarizeBranch" | "collapseBranch">;
/** The skill members of the Context. */
export type HostSkills = Pick<
  Context,
  "discoverSkills" | "loadSkill" | "loadSkillsFromDir" | "injectSkillAsContext" | "injectRawSkillAsContext" | "getAvailableSkills"
>;
/** The model-resolution members of the Context. */
export type HostModels = Pick<Context, "resolveModelChain" | "getModelCapabilities" | "checkModelAvailable" | "getCurrentProvider" | "getCurrentModelID">;

/** The model-and-tools members of the Context: the model, thinking level, tools and MCP servers. */
export type HostModelControl = Pick<
  Context,
  "setModel" | "getAvailableModels" | "getThinkingLevel" | "getAllTools" | "setActiveTools" | "listMcpServers" | "callMcpTool"
>;
/** The output members of the Context (the UI draws rendered messages; headless, stdout and stderr). */
export type HostOutput = Pick<Context, "print" | "printInfo" | "printError" | "printBlock" | "renderMessage">;
/** The session-data members of the Context: stats, usage, messages, custom entries, extension state. */
export type HostSessionData = Pick<
  Context,
  "getContextStats" | "getSessionUsage" | "getMessages" | "getSessionPath" | "appendEntry" | "getEntries" | "setState" | "getState" | "deleteState" | "listState"
>;

/** The terminal UI's members of the Context, as the interactive mode answers them. */
export type HostUI = Pick<
  Context,
  | "setWidget" | "removeWidget" | "setHeader" | "removeHeader" | "setFooter" | "removeFooter" | "setStatus" | "removeStatus"
  | "setUIVisibility" | "setEditor" | "resetEditor" | "setEditorText" | "suspendTUI" | "getTerminalSize"
  | "promptSelect" | "promptConfirm" | "promptInput" | "promptMultiSelect" | "showOverlay" | "renderMessage"
>;

/** The run's themes (app/themes.ts): one registry and one remembered choice, whichever the mode. */
export interface HostThemes {
  register(name: string, colors: ThemeColorConfig): void;
  /** Applies and remembers the theme; throws on an unknown name. */
  set(name: string): void;
  list(): string[];
  /** The theme in use as ctx.getTheme() gives it (headless: its colours, painting nothing). */
  contract(): ThemeColors;
}

/**
 * What the app and the current mode give extensions. The Context handed to each extension
 * (context.ts) is a thin view over this; extensions never reach the app any other way.
 */
export interface ExtensionHost {
  readonly interactive: boolean;
  readonly cwd: string;
  sessionId(): string;
  /** "provider/model" of the active model. */
  model(): string;

  // Conversation control.
  sendMessage(text: string): void;
  cancelAndSend(text: string): void;
  /** Into the running turn before its next model call; sent like sendMessage when none runs. */
  steer(text: string): void;
  abort(): void;
  isIdle(): boolean;
  newSession(prompt?: string): Promise<void>;
  compact(opts?: { customInstructions?: string }): Promise<void>;
  exit(): void;

  // Completions, subagents, reload.
  complete(req: CompleteRequest): Promise<CompleteResponse>;
  spawnSubagent(cfg: SubagentConfig): SubagentHandle;
  reloadExtensions(): Promise<void>;

  // Output, session data, conversation tree, skills, model resolution.
  readonly output: HostOutput;
  readonly sessionData: HostSessionData;
  readonly modelControl: HostModelControl;
  readonly tree: HostTree;
  readonly skills: HostSkills;
  readonly models: HostModels;
  readonly themes: HostThemes;
  /** The interactive mode's UI; undefined in headless runs, where the UI members do nothing. */
  readonly ui?: HostUI | undefined;
}
