/**
 * How a run is put together, the same for every mode: the model runtime, skills, templates and
 * named agents, the core tools (plus the subagent and skill tools), the session, its extension state,
 * the system prompt, and the app over them. The mode brings its output and decides what to do next.
 */
import { join } from "node:path";
import type { Config } from "../config/config.ts";
import { buildSystemPrompt, readCustomPrompt } from "../resources/system-prompt.ts";
import { StateStore } from "../session/state-store.ts";
import { createCoreTools } from "../tools/index.ts";
import { createSubagentTool } from "../tools/subagent.ts";
import { OutputFiles } from "../tools/output-files.ts";
import { CommandSandbox, sandboxPolicy, type SandboxMode } from "../tools/sandbox.ts";
import type { Tool, ToolOptions } from "../tools/types.ts";
import type { DebugLog } from "../llm/types.ts";
import { KitApp, type AppOutput, type ModeHooks } from "./app.ts";
import { debugReport } from "./debug-report.ts";
import { permissionsFor } from "./permissions.ts";
import { loadAppResources, skillToolFor, type AppResources } from "./resources.ts";
import { ModelRuntime } from "./runtime.ts";
import { openSession, type OpenedSession } from "./session-setup.ts";
import type { ThemeManager } from "./themes.ts";
import { selectCoreTools } from "./tool-selection.ts";
import { mcpServersOf, type McpServerConfig } from "../mcp/config.ts";

export interface AssembleOptions {
  config: Config;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** -e paths from the command line. */
  extensionPaths: string[];
  /** --allow rules from the command line. */
  allowRules?: string[];
  interactive: boolean;
  output: AppOutput;
  /** What the mode shows that only it can (the Context's UI, quitting, queued follow-ups, session switches); none when headless. */
  hooks?: ModeHooks;
  /** Warnings and notices found while assembling (bad resource files, a damaged session, …). */
  notice(text: string): void;
  /** Warnings of the mode's own (e.g. about @files of the prompt), reported after the runtime's, before the session's. */
  warnings?: string[];
  /** With --debug: where the mode shows debug lines (the resolved setup, then one per provider request). */
  debug?: DebugLog;
  /** The mode's themes (interactive: resolved for its terminal); default: headless ones. */
  themes?: ThemeManager;
  /** A core tool as the mode runs it (kit acp: through the editor's files and terminals); default kit's own. */
  adaptTool?(tool: Tool, options: ToolOptions): Tool;
  /** MCP servers the mode brings (an ACP client's), connected with the configured ones; a name of both is the mode's. */
  mcpServers?: McpServerConfig[];
  /** Start even when no provider has a key (the interactive first start, where /login can add one). */
  startWithoutKey?: boolean;
}

export interface Assembled {
  app: KitApp;
  runtime: ModelRuntime;
  opened: OpenedSession;
  state: StateStore;
  tools: Tool[];
  resources: AppResources;
}

/** Builds the app of a run; throws UsageError (bad flags, a bad --session) before anything is written. */
export function assembleApp(o: AssembleOptions): Assembled {
  const { config, cwd, env } = o;
  const runtime = new ModelRuntime(config, env, o.debug, o.startWithoutKey);
  if (o.debug) for (const line of debugReport(config, runtime)) o.debug(line);
  const resources = loadAppResources(config, cwd, (w) => o.notice(w));
  // The subagent tool runs through the app, which is made from the tools: it is bound once the app exists.
  let app: KitApp | undefined;
  const subagent = createSubagentTool({ agents: resources.agents, run: (args, rc) => app!.subagents.runTool(args, rc) });
  const skill = skillToolFor(resources.skills);
  const policy = sandboxPolicy((config.string("sandbox") ?? "off") as SandboxMode, config.bool("sandbox-network"), cwd);
  const sandbox = policy ? new CommandSandbox(policy) : undefined;
  // Said once up front (as well as to the model at each command) when the sandbox asked for cannot run.
  void sandbox?.unavailable().then((why) => why && o.notice(why));
  const permissions = permissionsFor({
    mode: config.string("permission-mode"),
    cwd,
    dataDir: config.paths.dataDir,
    allowRules: o.allowRules ?? [],
    ...(o.hooks?.askPermission ? { ask: o.hooks.askPermission.bind(o.hooks) } : {}),
    report: (m) => o.output.printError(m),
  });
  const toolOptions: ToolOptions = {
    cwd,
    bashTimeout: config.number("bash-timeout") ?? 120,
    bashMaxTimeout: config.number("bash-max-timeout") ?? 600,
    outputFiles: new OutputFiles(join(config.paths.dataDir, "bash-output")),
    ...(sandbox ? { sandbox } : {}),
  };
  const tools = [
    ...selectCoreTools([...createCoreTools(toolOptions), subagent], config).map((t) => o.adaptTool?.(t, toolOptions) ?? t),
    ...(skill ? [skill] : []),
  ];
  const opened = openSession(config, cwd);
  const customPrompt = config.string("system-prompt");
  const appendPrompt = config.string("append-system-prompt");
  const system = buildSystemPrompt({
    cwd,
    configDir: config.paths.configDir,
    customPrompt: customPrompt === undefined ? undefined : readCustomPrompt(customPrompt, cwd),
    appendPrompt: appendPrompt === undefined ? undefined : readCustomPrompt(appendPrompt, cwd),
    tools,
    date: new Date(),
    onWarning: (w) => o.notice(w),
    skills: resources.skills.list(),
    agents: resources.agents,
  });
  for (const w of [...config.warnings, ...runtime.registry.warnings, ...runtime.modelWarnings(), ...(o.warnings ?? []), ...opened.store.warnings.map((w) => `${opened.store.path}: ${w}`)]) o.notice(w);
  if (opened.notice) o.notice(opened.notice);
  const state = new StateStore(opened.store.path, { onError: (e) => o.notice(`extension state not saved: ${e.message}`) });
  if (state.warning) o.notice(state.warning);
  app = new KitApp({
    config,
    cwd,
    env,
    runtime,
    session: opened.store,
    state,
    coreTools: tools,
    toolOptions,
    permissions,
    systemPrompt: system,
    interactive: o.interactive,
    output: o.output,
    ...(o.hooks ? { hooks: o.hooks } : {}),
    extensionPaths: o.extensionPaths,
    resources,
    mcpServers: withModeServers(mcpServersOf(config, cwd, env), o.mcpServers ?? []),
    ...(o.themes ? { themes: o.themes } : {}),
  });
  return { app, runtime, opened, state, tools, resources };
}

function withModeServers(configured: McpServerConfig[], mode: McpServerConfig[]): McpServerConfig[] {
  const names = new Set(mode.map((s) => s.name));
  return [...configured.filter((s) => !names.has(s.name)), ...mode];
}
