/**
 * The test harness of `kit/test`: loads one extension through kit's real loader and drives it through
 * the real ExtensionRunner, with a MockContext that records what the extension did.
 *
 *   const h = await createHarness().load("./guard.ts");
 *   assertBlocked(await h.emit("tool_call", { toolName: "bash", input: '{"command":"rm -rf /"}' }), "Dangerous");
 *
 * Every action (emit, emitCustom, runTool, runCommand, pressShortcut) resolves only after everything it
 * set off has been delivered: notifications, custom events an extension emitted, model_change from
 * ctx.setModel. So a test can assert right after awaiting it. Nothing is fired on its own: loading an
 * extension does not emit session_start (emit it when the test needs it).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { isEventName, EVENT_NAMES, type EventName, type Events, type Results, type ThinkingLevel, type ToolResult } from "../contract.ts";
import { errorText } from "../event-rules.ts";
import { formatLoadError, loadAll } from "../loader.ts";
import { OptionValues } from "../options.ts";
import { ExtensionRegistry, type RegistryIssue } from "../registry.ts";
import { ExtensionRunner, formatHandlerError } from "../runner.ts";
import { withDefaults } from "./event-defaults.ts";
import { CORE_TOOLS, MockContext } from "./mock-context.ts";

export interface HarnessOptions {
  /** Working directory of the context; relative paths given to load() resolve from it. Default process.cwd(). */
  cwd?: string;
  /** "provider/model". Default anthropic/claude-sonnet-4-5. */
  model?: string;
  /** Default true: UI calls are recorded and prompts answered. False behaves like a headless run. */
  interactive?: boolean;
  /** Default "test-session". */
  sessionId?: string;
  /** Default "off". */
  thinkingLevel?: ThinkingLevel;
  /** Extension option values as the config key `options` would give them (KIT_OPT_* env still wins). */
  options?: Record<string, string>;
  /**
   * Re-bundle the extension on every load, as a hot reload does, so module-level state starts fresh
   * for each harness. Default false: the extension is imported like on a first start (Bun caches
   * the module, so module-level variables are shared by the harnesses of one test file).
   */
  fresh?: boolean;
}

/** What runTool resolves to; `details` only when the tool returned some. Progress lines go to `h.context.progress`. */
export interface ToolRunResult {
  content: string;
  isError: boolean;
  details?: unknown;
}

export const DEFAULT_HARNESS_MODEL = "anthropic/claude-sonnet-4-5";

export class Harness {
  readonly context: MockContext;
  private readonly runner: ExtensionRunner;
  private readonly cwd: string;
  private readonly fresh: boolean;
  private loadedFrom: { path: string } | { source: string; fileName: string } | undefined;
  private toolRuns = 0;

  constructor(opts: HarnessOptions = {}) {
    this.cwd = resolve(opts.cwd ?? process.cwd());
    this.fresh = opts.fresh === true;
    this.runner = new ExtensionRunner({
      registry: emptyRegistry(),
      contextFor: () => this.context,
      onHandlerError: (extPath, event, error) => this.context.handlerErrors.push(formatHandlerError(extPath, event, error)),
      options: new OptionValues({ env: process.env, config: opts.options ?? {} }),
    });
    this.context = new MockContext({
      cwd: this.cwd,
      interactive: opts.interactive ?? true,
      sessionId: opts.sessionId ?? "test-session",
      model: opts.model ?? DEFAULT_HARNESS_MODEL,
      thinkingLevel: opts.thinkingLevel ?? "off",
      runner: () => this.runner,
      reload: () => this.reload(),
    });
  }

  /** Loads one extension file (relative to the harness's cwd), replacing any loaded before. Rejects with "file:line:col: message". */
  async load(path: string): Promise<Harness> {
    const abs = resolve(this.cwd, path);
    this.loadedFrom = { path: abs };
    await this.loadFile(abs, this.fresh);
    return this;
  }

  /**
   * Loads an extension from its source text, written to a temporary file named `fileName` (default
   * extension.ts) that is removed once loaded. Its relative imports would resolve next to that
   * temporary file: use load() for an extension with helper files.
   */
  async loadString(source: string, fileName = "extension.ts"): Promise<Harness> {
    this.loadedFrom = { source, fileName };
    await this.loadSource(source, fileName);
    return this;
  }

  /** Dispatches through the real runner; missing event fields get neutral defaults (event-defaults.ts). */
  async emit<K extends EventName>(event: K, payload?: Partial<Events[K]>): Promise<Results[K] | undefined> {
    if (!isEventName(event)) throw new Error(`h.emit: unknown event ${JSON.stringify(event)}; events are: ${EVENT_NAMES.join(", ")}`);
    const full = withDefaults(event, payload, {
      sessionId: this.context.sessionId,
      model: this.context.model,
      interactive: this.context.interactive,
      thinkingLevel: this.context.getThinkingLevel(),
      contextLimit: this.context.getContextStats().contextLimit,
    });
    const result = await this.runner.emit(event, full);
    await this.runner.drain();
    return result;
  }

  /** Delivers a custom event to onCustomEvent(name) handlers, as ctx.emitCustomEvent does. */
  async emitCustom(name: string, data?: unknown): Promise<void> {
    await this.runner.emitCustomEvent(name, data);
    await this.runner.drain();
  }

  /** Runs a registered tool's execute with a ToolContext over the MockContext. A throw becomes an error result. */
  async runTool(name: string, args: Record<string, unknown> = {}): Promise<ToolRunResult> {
    const tool = this.runner.registry.tool(name);
    if (!tool) throw new Error(`h.runTool: no tool ${JSON.stringify(name)} is registered; ${known("tools", this.tools())}`);
    const toolCallId = `tool-run-${++this.toolRuns}`;
    const controller = new AbortController();
    let out: string | ToolResult;
    try {
      out = await tool.def.execute(args, {
        toolCallId,
        signal: controller.signal,
        isCancelled: () => controller.signal.aborted,
        onProgress: (line) => {
          this.context.progress.push({ toolName: name, text: String(line) });
          this.runner.emitNotification("tool_output", { toolCallId, toolName: name, chunk: String(line), isStderr: false });
        },
        ctx: this.context,
      });
    } catch (err) {
      return this.settled({ content: errorText(err), isError: true });
    }
    if (typeof out === "string") return this.settled({ content: out, isError: false });
    if (!out || typeof out.content !== "string") {
      return this.settled({ content: `tool ${name} returned neither text nor { content: string }`, isError: true });
    }
    const result: ToolRunResult = { content: out.content, isError: out.isError === true };
    if (out.details !== undefined) result.details = out.details;
    return this.settled(result);
  }

  /** Runs a registered slash command (name with or without "/"); resolves to what it returned. */
  async runCommand(name: string, args = ""): Promise<string | void> {
    const command = this.runner.registry.command(name);
    if (!command) throw new Error(`h.runCommand: no command ${JSON.stringify(name)} is registered; ${known("commands", this.commands())}`);
    const out = await command.def.execute(args, this.context);
    await this.runner.drain();
    return out;
  }

  /** Presses a registered shortcut; any spelling of the key works ("Ctrl+T", "control+t"). */
  async pressShortcut(key: string): Promise<void> {
    const shortcut = this.runner.registry.shortcut(key);
    if (!shortcut) throw new Error(`h.pressShortcut: no shortcut ${JSON.stringify(key)} is registered; ${known("shortcuts", this.shortcuts())}`);
    await shortcut.handler(this.context);
    await this.runner.drain();
  }

  hasHandlers(event: EventName): boolean {
    return this.runner.hasHandlers(event);
  }
  tools(): string[] {
    return this.runner.registry.tools().map((t) => t.name);
  }
  commands(): string[] {
    return this.runner.registry.commands().map((c) => c.name);
  }
  /** Canonical key names ("ctrl+alt+p"). */
  shortcuts(): string[] {
    return this.runner.registry.shortcuts().map((s) => s.key);
  }
  options(): string[] {
    return this.runner.registry.options().map((o) => o.def.name);
  }
  /** Registrations that were ignored because the name was taken (by a built-in tool, say), as the app warns. */
  issues(): RegistryIssue[] {
    return [...this.runner.registry.issues];
  }

  private async settled(result: ToolRunResult): Promise<ToolRunResult> {
    await this.runner.drain();
    return result;
  }

  private async loadFile(abs: string, fresh: boolean): Promise<void> {
    const result = await loadAll([abs], { fresh, registryOptions: { builtinTools: CORE_TOOLS.map((t) => t.name) } });
    const error = result.errors[0];
    if (error) {
      this.runner.setRegistry(emptyRegistry());
      throw new Error(formatLoadError(error));
    }
    this.runner.setRegistry(result.registry);
  }

  private async loadSource(source: string, fileName: string): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), "kit-harness-"));
    try {
      const file = join(dir, basename(fileName) || "extension.ts");
      writeFileSync(file, source);
      await this.loadFile(file, false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** ctx.reloadExtensions: session_shutdown {reload} to the old instance, a fresh load, session_start {reload}. */
  private async reload(): Promise<void> {
    const from = this.loadedFrom;
    if (!from) throw new Error("ctx.reloadExtensions: the harness has not loaded an extension");
    this.runner.emitNotification("session_shutdown", { reason: "reload" });
    if ("path" in from) await this.loadFile(from.path, true);
    else await this.loadSource(from.source, from.fileName);
    this.runner.emitNotification("session_start", { sessionId: this.context.sessionId, reason: "reload" });
  }
}

function emptyRegistry(): ExtensionRegistry {
  return new ExtensionRegistry({ builtinTools: CORE_TOOLS.map((t) => t.name) });
}

function known(what: string, names: string[]): string {
  return names.length === 0 ? `the extension registered no ${what}` : `registered ${what}: ${names.join(", ")}`;
}

/** A new harness with nothing loaded. */
export function createHarness(opts: HarnessOptions = {}): Harness {
  return new Harness(opts);
}
