import type { AgentContext, AvailableCommand, ClientCapabilities, ContentBlock, McpServer, SessionConfigOption, SessionModeState, SessionUpdate, StopReason } from "@agentclientprotocol/sdk";
import { RequestError } from "@agentclientprotocol/sdk";
import type { TurnResult } from "../../agent/types.ts";
import type { KitApp, SubmitOutcome } from "../../app/app.ts";
import { assembleApp } from "../../app/assemble.ts";
import { adviceFor, refusalMessage } from "../../app/exit-status.ts";
import type { PermissionMode } from "../../app/permission-types.ts";
import { PERMISSION_MODES } from "../../app/permissions.ts";
import type { AppResources } from "../../app/resources.ts";
import type { ModelRuntime } from "../../app/runtime.ts";
import type { FlagValues } from "../../config/coerce.ts";
import { loadConfig } from "../../config/config.ts";
import { ProjectTrust, skippedLine } from "../../app/project-trust.ts";
import { KitError } from "../../errors.ts";
import { throughClient } from "./client-tools.ts";
import { historyUpdates } from "./history.ts";
import { kitCommandOf, kitCommands, type KitCommand } from "./kit-commands.ts";
import { clientMcpServers } from "./mcp-servers.ts";
import { askClient } from "./permissions.ts";
import { promptInput } from "./prompt-content.ts";
import { SessionOutput } from "./session-output.ts";

/** What every session of the connection shares: kit's flags, the client, the log. */
export interface SessionContext {
  flags: FlagValues;
  extensionPaths: string[];
  allowRules: string[];
  trustProject: boolean;
  env: NodeJS.ProcessEnv;
  client: AgentContext;
  /** What the editor offers (initialize): its files and terminals, which kit's tools then use. */
  capabilities: ClientCapabilities;
  /** One line to the log (stderr). */
  log(line: string): void;
}

export interface OpenSession {
  cwd: string;
  mcpServers: readonly McpServer[];
  /** The stored session to continue (session/load); a new one when absent. */
  file?: string;
}

const MODEL_OPTION = "model";
const MODE_OPTION = "mode";

/** kit's permission modes as the editor shows them. */
const MODES: Readonly<Record<PermissionMode, { name: string; description: string }>> = {
  auto: { name: "Auto", description: "Run every tool call without asking" },
  ask: { name: "Ask", description: "Ask before edits, writes, commands and MCP tools not marked read-only" },
  "read-only": { name: "Read-only", description: "Offer only the tools that change nothing" },
};

/**
 * One ACP session: a kit app (as a headless run assembles it, extensions with a headless context)
 * over a kit session file, whose turns the editor starts (session/prompt) and cancels (session/cancel).
 */
export class AcpSession {
  private running = false;
  private cancelled = false;
  private readonly kitCommands: readonly KitCommand[];

  private constructor(
    readonly id: string,
    readonly cwd: string,
    private readonly app: KitApp,
    private readonly runtime: ModelRuntime,
    private readonly resources: AppResources,
    private readonly output: SessionOutput,
    private readonly send: (update: SessionUpdate) => void,
  ) {
    this.kitCommands = kitCommands(app);
  }

  /** Assembles and starts the app (MCP servers connected, extensions loaded); a bad flag or file is a JSON-RPC error saying what to fix. */
  static async open(ctx: SessionContext, o: OpenSession): Promise<AcpSession> {
    try {
      const loadOptions = {
        cwd: o.cwd,
        env: ctx.env,
        flags: { ...ctx.flags, ...(o.file ? { session: o.file } : {}) },
        ...(typeof ctx.flags.config === "string" ? { explicitFile: ctx.flags.config } : {}),
      };
      // As in a headless run there is no one to ask about an untrusted project: its items are left out, and the log says so.
      const trust = new ProjectTrust(loadOptions, loadConfig(loadOptions), ctx.trustProject, ctx.extensionPaths);
      if (trust.untrusted) ctx.log(skippedLine(trust.untrusted).replace(/^kit: /, ""));
      const config = trust.settle("skip");
      // The id is known once the app is assembled; nothing is shown before then.
      let id = "";
      const send = (update: SessionUpdate) => void ctx.client.notify("session/update", { sessionId: id, update }).catch(() => {});
      const output = new SessionOutput({ cwd: o.cwd, send, log: ctx.log });
      const { app, runtime, opened, resources } = assembleApp({
        config,
        cwd: o.cwd,
        env: ctx.env,
        extensionPaths: ctx.extensionPaths,
        allowRules: ctx.allowRules,
        interactive: false,
        output,
        hooks: { askPermission: (request) => askClient(ctx.client, id, request, o.cwd) },
        adaptTool: (tool, options) =>
          throughClient(tool, options, { client: ctx.client, capabilities: ctx.capabilities, sessionId: () => id, show: (callId, content) => output.show(callId, content) }),
        notice: ctx.log,
        mcpServers: clientMcpServers(o.mcpServers),
        ...(config.bool("debug") ? { debug: (line: string) => ctx.log(`debug: ${line}`) } : {}),
      });
      id = opened.store.id;
      await app.start();
      return new AcpSession(id, o.cwd, app, runtime, resources, output, send);
    } catch (e) {
      if (e instanceof KitError) throw RequestError.invalidParams({ kind: e.kind }, e.message);
      throw e;
    }
  }

  /** The stored conversation, replayed to the editor (session/load answers after it). */
  replayHistory(): void {
    for (const update of historyUpdates(this.app.session.context(), this.cwd)) this.send(update);
  }

  /** Slash commands: kit's (those an editor session has a use for), extensions', prompt templates', skills' and MCP prompts'. */
  advertiseCommands(): void {
    this.send({ sessionUpdate: "available_commands_update", availableCommands: this.commands() });
  }

  private commands(): AvailableCommand[] {
    const app = this.app;
    const ext = app.extensions?.runner.registry.commands().map((c) => ({ name: c.name, description: c.def.description })) ?? [];
    const templates = this.resources.templates.map((t) => ({ name: t.name, description: t.description, ...(t.argumentHint ? { input: { hint: t.argumentHint } } : {}) }));
    const skills = this.resources.skills.list().map((s) => ({ name: `skill:${s.name}`, description: s.description }));
    const mcp = app.mcp?.prompts().map((p) => ({ name: `${p.server}:${p.name}`, description: `${p.description ?? ""} (MCP prompt)`.trim() })) ?? [];
    const own = this.kitCommands.map(({ name, description, input }) => ({ name, description, ...(input ? { input } : {}) }));
    return [...own, ...ext, ...templates, ...skills, ...mcp];
  }

  /** kit's permission modes as the session's modes (session/set_mode). */
  modes(): SessionModeState {
    return { currentModeId: this.app.permissions.mode, availableModes: PERMISSION_MODES.map((id) => ({ id, ...MODES[id] })) };
  }

  /** The permission mode, from the next tool call on; the editor hears of it through both of its ways to show it. */
  setMode(modeId: string): void {
    if (!(PERMISSION_MODES as readonly string[]).includes(modeId)) {
      throw RequestError.invalidParams({ modeId }, `unknown mode "${modeId}": kit's permission modes are ${PERMISSION_MODES.join(", ")}`);
    }
    this.app.permissions.setMode(modeId as PermissionMode);
    this.send({ sessionUpdate: "current_mode_update", currentModeId: modeId });
    this.send({ sessionUpdate: "config_option_update", configOptions: this.configOptions() });
  }

  /** The permission mode (as the session modes also offer it) and the model, selectable from the editor. */
  configOptions(): SessionConfigOption[] {
    const current = this.runtime.spec;
    const specs = new Set([current, ...this.runtime.reachableModels().map((m) => `${m.provider}/${m.modelId}`)]);
    return [
      {
        type: "select",
        id: MODE_OPTION,
        name: "Permission mode",
        category: "mode",
        currentValue: this.app.permissions.mode,
        options: PERMISSION_MODES.map((id) => ({ value: id, ...MODES[id] })),
      },
      {
        type: "select",
        id: MODEL_OPTION,
        name: "Model",
        category: "model",
        currentValue: current,
        options: [...specs].map((spec) => ({ value: spec, name: spec })),
      },
    ];
  }

  setConfigOption(id: string, value: unknown): SessionConfigOption[] {
    if (id === MODE_OPTION) {
      this.setMode(String(value));
      return this.configOptions();
    }
    if (id !== MODEL_OPTION) throw RequestError.invalidParams({ configId: id }, `unknown config option "${id}": kit's sessions have "${MODE_OPTION}" and "${MODEL_OPTION}"`);
    try {
      this.app.modelControl.switchModel(String(value), "user");
    } catch (e) {
      throw RequestError.invalidParams({ value }, (e as Error).message);
    }
    return this.configOptions();
  }

  /** One prompt turn (and the follow-ups extensions queue during it); its stop reason. */
  async prompt(blocks: readonly ContentBlock[]): Promise<StopReason> {
    if (this.running) throw RequestError.invalidRequest({ sessionId: this.id }, "a prompt is already running in this session: wait for its answer, or cancel it (session/cancel)");
    this.running = true;
    this.cancelled = false;
    const input = promptInput(blocks, this.cwd);
    for (const w of input.warnings) this.output.print(`kit: ${w}`);
    // kit's own commands, and a typo of a command, are answered here: nothing goes to the model.
    const own = kitCommandOf(this.kitCommands, input.text);
    const unknown = own ? undefined : this.app.unknownCommand(input.text, this.kitCommands.map((c) => c.name), "the editor's / menu lists the commands");
    if (own || unknown) {
      try {
        this.output.print(own ? await own.command.run(own.args) : unknown!);
      } finally {
        this.running = false;
      }
      return "end_turn";
    }
    let stop: StopReason = "end_turn";
    const onOutcome = (outcome: SubmitOutcome) => {
      if (outcome.kind === "command" && outcome.output) this.output.print(outcome.output);
      if (outcome.kind === "turn") stop = this.stopReason(outcome.result);
    };
    try {
      onOutcome(await this.app.submit(input.text, "interactive", input.attachments));
      await this.app.drainQueue(onOutcome);
    } catch (e) {
      // A `/template` with too few arguments, an unknown `/skill:`, a prompt that could not be saved.
      if (e instanceof KitError) throw RequestError.invalidParams({ kind: e.kind }, e.message);
      throw e;
    } finally {
      this.running = false;
    }
    return this.cancelled ? "cancelled" : stop;
  }

  /** session/cancel: as Ctrl+C, the turn stops (its prompt answers "cancelled") and queued follow-ups are dropped. */
  cancel(): void {
    if (!this.running) return;
    this.cancelled = true;
    this.app.interrupt();
  }

  close(): Promise<void> {
    return this.app.shutdown();
  }

  private stopReason(result: TurnResult): StopReason {
    switch (result.stopReason) {
      case "stop":
        return "end_turn";
      case "length":
        return "max_tokens";
      case "refusal":
        this.output.printError(refusalMessage(result));
        return "refusal";
      case "max_steps":
      case "max_cost":
        this.output.printError(`stopped: the ${result.stopReason === "max_steps" ? "step limit (--max-steps)" : "cost limit (--max-cost)"} was reached; raise it or set 0 for no limit`);
        return "max_turn_requests";
      case "cancelled":
        return "cancelled";
      case "error": {
        const error = result.error!;
        throw new RequestError(-32603, `${error.message} (${adviceFor(error.kind, this.runtime.target.provider)})`, { kind: error.kind });
      }
    }
  }
}
