import type { HostModelControl } from "../extensions/host.ts";
import type { ExtensionRunner } from "../extensions/runner.ts";
import type { ThinkingLevel } from "../llm/types.ts";
import type { McpHub } from "../mcp/hub.ts";
import type { SessionStore } from "../session/store.ts";
import type { Tool } from "../tools/types.ts";
import type { ModelRuntime } from "./runtime.ts";
import type { ToolAllowList } from "./tool-selection.ts";

export interface ModelControlSource {
  readonly runtime: ModelRuntime;
  /** The app's current session (a getter: a session switch replaces it). */
  readonly session: SessionStore;
  runner(): ExtensionRunner | undefined;
  /** Every tool of the run now: core, extensions', MCP servers'. */
  tools(): Tool[];
  readonly coreTools: Tool[];
  readonly mcp: McpHub | undefined;
  readonly allowList: ToolAllowList;
}

/**
 * The model-and-tools members of the Context: switching the model, the models and thinking level,
 * the tools and their allow-list, the MCP servers. The Context members are own arrow functions, so
 * the Context spreads them as they are; switchModel and setThinkingLevel are the app's own (/model
 * and /thinking, as the user).
 */
export class ModelControl implements HostModelControl {
  // A #private field: the Context spreads this object's own properties, and the app's internals must not be among them.
  readonly #src: ModelControlSource;

  constructor(src: ModelControlSource) {
    this.#src = src;
  }

  setModel = (model: string): void => this.switchModel(model, "extension");
  getAvailableModels = () => this.#src.runtime.reachableModels();
  getThinkingLevel = () => this.#src.runtime.thinkingLevel();
  getAllTools = () => this.#src.allowList.describe(this.#src.tools(), this.#src.coreTools, this.#src.mcp?.tools() ?? []);
  setActiveTools = (names: string[] | null): void => this.#src.allowList.set(names);
  listMcpServers = () => this.#src.mcp?.statuses() ?? [];
  callMcpTool = async (server: string, tool: string, args: Record<string, unknown> = {}) => {
    if (!this.#src.mcp) throw new Error("no MCP servers are configured (see kit mcp add)");
    const out = await this.#src.mcp.callTool(server, tool, args);
    return { content: typeof out.content === "string" ? out.content : out.content.map((b) => (b.type === "text" ? b.text : `[image ${b.mediaType}]`)).join("\n"), isError: out.isError === true, ...(out.details !== undefined ? { details: out.details } : {}) };
  };

  /**
   * Switches the model from the next call on; recorded in the session and announced to extensions.
   * `listedByServer`: a local server just listed the model, which no table of kit's holds.
   */
  switchModel(spec: string, source: "extension" | "user", listedByServer = false): void {
    const runtime = this.#src.runtime;
    const previous = runtime.spec;
    // The contract: an unknown model throws (a typo must not switch the session to a model that 404s).
    // Models of a configured provider or a customModels entry are known by their config.
    const resolved = runtime.registry.resolve(spec);
    if (!resolved.info && !resolved.custom && !resolved.providerConfig && !listedByServer) {
      throw new Error(`unknown model "${spec}": ctx.getAvailableModels() lists the models kit knows`);
    }
    runtime.switchTo(spec);
    this.recordSwitch(previous, source);
  }

  /**
   * After /login or /logout: the model is reached again with the stored keys; a first start that
   * named no model takes the default of the provider now logged in (recorded like a switch).
   */
  credentialsChanged(): void {
    const runtime = this.#src.runtime;
    const previous = runtime.spec;
    runtime.credentialsChanged();
    if (runtime.spec !== previous) this.recordSwitch(previous, "user");
  }

  private recordSwitch(previous: string, source: "extension" | "user"): void {
    const runtime = this.#src.runtime;
    const now = runtime.target;
    this.#src.session.append({ type: "model_change", provider: now.provider, model: now.model });
    this.#src.runner()?.emitNotification("model_change", { newModel: runtime.spec, previousModel: previous, source });
  }

  /** Changes the thinking level from the next call on; recorded in the session and announced to extensions. */
  setThinkingLevel(level: ThinkingLevel, source: "user" | "extension" | "model_fallback" = "user"): void {
    const runtime = this.#src.runtime;
    const previous = runtime.thinkingLevel();
    runtime.generation.thinkingLevel = level;
    if (previous === level) return;
    this.#src.session.append({ type: "thinking_level_change", level });
    this.#src.runner()?.emitNotification("thinking_level_change", { newLevel: level, previousLevel: previous, source });
  }
}
