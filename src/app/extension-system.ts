import { AsyncLocalStorage } from "node:async_hooks";
import { UsageError } from "../errors.ts";
import { createContext } from "../extensions/context.ts";
import type { Context } from "../extensions/contract.ts";
import { kitPaths } from "../config/paths.ts";
import { discoverExtensions, type DiscoveredExtension } from "../extensions/discovery.ts";
import { installedExtensionPaths, SCOPES } from "../install/packages.ts";
import type { ExtensionHost } from "../extensions/host.ts";
import { toLoadError } from "../extensions/load-error.ts";
import { formatLoadError, loadAll, type LoadError } from "../extensions/loader.ts";
import { OptionValues } from "../extensions/options.ts";
import { ExtensionOwners } from "../extensions/owners.ts";
import { guardProcess, InterceptedExit } from "../extensions/process-guard.ts";
import { ExtensionRunner, formatHandlerError } from "../extensions/runner.ts";
import type { Tool } from "../tools/types.ts";
import { extensionTool } from "./extension-tools.ts";
import { ExtensionWatch } from "./extension-watch.ts";

export interface ExtensionSystemOptions {
  configDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** -e paths from the command line. */
  explicit: string[];
  /** Config `extension` paths. */
  configPaths: string[];
  noDiscovery: boolean;
  /** The project is not trusted (app/project-trust.ts): its `.kit/extensions/` and `.kit/git/` packages are not loaded. */
  skipProject: boolean;
  /** Config `options`. */
  options: Record<string, string>;
  builtinTools: string[];
  builtinCommands: string[];
  host: ExtensionHost;
  /** Load failures, handler errors and registration clashes: never silent. */
  report(message: string): void;
  /** How long kit waits for extension handlers when it has to (runner.ts); default DEFAULT_GRACE_MS. */
  graceMs?: number;
  /**
   * Guard the process while extensions are loaded (process-guard.ts): errors outside handlers are
   * reported, process.exit is intercepted, and console output goes here, named after its extension
   * ("extension" when the call stack does not tell which). Absent: the process is left alone (tests).
   */
  guard?: { console(name: string, text: string, stream: "stdout" | "stderr"): void };
}

/**
 * The loaded extensions of a run: discovery, loading, the runner, one Context per extension, the
 * tools they registered, and hot reload. Created once per run by the app.
 */
export class ExtensionSystem {
  readonly runner: ExtensionRunner;
  private readonly contexts = new Map<string, Context>();
  private discovered: DiscoveredExtension[] = [];
  private watcher: ExtensionWatch | undefined;
  /** A change seen while a turn ran: reloaded when it ends (turnEnded). */
  private reloadPending = false;
  /** Hot reload's session id and report, once watching (interactive mode). */
  private watched: { sessionId: () => string; onReloaded: (errors: LoadError[]) => void } | undefined;
  /** Hot reloads run one after another. */
  private reloads: Promise<unknown> = Promise.resolve();
  /** Which extension a stack trace points at (for what happens outside handlers). */
  private owners = new ExtensionOwners([]);
  /** The extension command the user ran, along the async call chain it starts. */
  private readonly inUserCommand = new AsyncLocalStorage<{ name: string; extPath: string }>();
  private unguard: (() => void) | undefined;

  private constructor(private readonly opts: ExtensionSystemOptions, runner: ExtensionRunner) {
    this.runner = runner;
  }

  static async start(opts: ExtensionSystemOptions): Promise<ExtensionSystem> {
    const options = new OptionValues({ env: opts.env, config: opts.options });
    let system: ExtensionSystem | undefined;
    const runner = new ExtensionRunner({
      registry: (await loadAll([], { fresh: false })).registry,
      contextFor: (p) => system!.contextFor(p),
      onHandlerError: (extPath, event, error) => {
        // process.exit in a handler was reported where it was called.
        if (!(error instanceof InterceptedExit)) opts.report(formatHandlerError(extPath, event, error));
      },
      onUnfinished: (extPath, event, graceMs) =>
        opts.report(`extension ${extPath} did not finish handling ${event} within ${seconds(graceMs)}; kit goes on without waiting for it`),
      options,
      ...(opts.graceMs !== undefined ? { graceMs: opts.graceMs } : {}),
    });
    system = new ExtensionSystem(opts, runner);
    try {
      await system.load(false);
    } catch (err) {
      system.unguard?.();
      throw err;
    }
    return system;
  }

  /** Whether the process is guarded against the extensions (ExtensionSystemOptions.guard). */
  get guarding(): boolean {
    return this.unguard !== undefined;
  }

  /** Paths of the loaded extensions, in load order. */
  loaded(): string[] {
    return this.runner.registry.extensions().map((e) => e.path);
  }

  contextFor(extPath: string): Context {
    let ctx = this.contexts.get(extPath);
    if (!ctx) {
      ctx = createContext(this.opts.host, {
        getOption: (name) => this.runner.getOption(name),
        setOption: (name, value) => this.runner.setOption(name, value),
        emitCustomEvent: (name, data) => void this.runner.emitCustomEvent(name, data),
      });
      this.contexts.set(extPath, ctx);
    }
    return ctx;
  }

  /**
   * Runs the extension command an input ("/name args") names; undefined when it names none. A
   * command that throws is reported like a failing handler (one line naming the file), not as a
   * crash of kit.
   */
  async runCommand(text: string): Promise<{ output?: string; failed?: boolean } | undefined> {
    const command = text.startsWith("/") ? this.runner.registry.command(text.slice(1).split(/\s/, 1)[0]!) : undefined;
    if (!command) return undefined;
    const args = text.slice(1 + command.name.length).trim();
    let out: string | void;
    try {
      out = await this.inUserCommand.run({ name: command.name, extPath: command.extPath }, () => command.def.execute(args, this.contextFor(command.extPath)));
    } catch (err) {
      // Reported where it was called, and the session ends (the user ran the command).
      if (err instanceof InterceptedExit) return {};
      const located = toLoadError(command.extPath, err);
      this.opts.report(formatLoadError({ ...located, message: `command /${command.name} failed: ${located.message}` }));
      return { failed: true };
    }
    return typeof out === "string" ? { output: out } : {};
  }

  /** Tools the extensions registered, ready for the agent loop. */
  tools(): Tool[] {
    return this.runner.registry.tools().map((t) => extensionTool(t, (p) => this.contextFor(p)));
  }

  /**
   * Re-imports every extension (helper files included), keeping state and option overrides, and
   * swaps the registrations. Old instances get session_shutdown {reason:"reload"} first; the new
   * ones session_start {reason:"reload"}. Returns the load errors (also reported).
   */
  async reload(sessionId: string): Promise<LoadError[]> {
    // From inside a handler (ctx.reloadExtensions in agent_end), waiting for every delivery of
    // session_shutdown would wait on that handler itself; the calling extension gets it afterwards.
    if (this.runner.currentExtension()) this.runner.emitNotification("session_shutdown", { reason: "reload" });
    else await this.runner.emit("session_shutdown", { reason: "reload" });
    await this.runner.drain();
    const errors = await this.load(true);
    // The new code may import other files.
    this.watcher?.watch(this.discovered);
    this.runner.emitNotification("session_start", { sessionId, reason: "reload" });
    return errors;
  }

  /**
   * Hot reload: reloads when the content of an extension's code changes (extension-watch.ts), never
   * in the middle of a turn: a change seen while one runs is reloaded when it ends (turnEnded).
   */
  watch(sessionId: () => string, onReloaded: (errors: LoadError[]) => void): void {
    this.watched = { sessionId, onReloaded };
    const watcher = new ExtensionWatch({ onChange: () => this.codeChanged(), report: this.opts.report });
    this.watcher = watcher;
    // After the first frame: reading and scanning every extension's files takes tens of milliseconds
    // with many extensions (42 ms for the 33 examples).
    setImmediate(() => watcher.watch(this.discovered));
  }

  /** A turn ended (after agent_end): a change of extension code seen during it is reloaded now. */
  turnEnded(): void {
    if (this.reloadPending) this.reloadForChange();
  }

  private codeChanged(): void {
    if (this.opts.host.isIdle()) this.reloadForChange();
    else this.reloadPending = true;
  }

  private reloadForChange(): void {
    const watched = this.watched;
    if (!watched) return;
    this.reloadPending = false;
    this.reloads = this.reloads
      .then(() => this.reload(watched.sessionId()))
      .then(watched.onReloaded, (err: unknown) => this.opts.report(`hot reload failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  /**
   * session_shutdown, then every delivery still queued, within the grace period (`graceMs`, default
   * the runner's); the process guard comes off last.
   */
  async shutdown(graceMs?: number): Promise<void> {
    this.watcher?.close();
    this.runner.emitNotification("session_shutdown", { reason: "exit" });
    await this.runner.drain(graceMs === undefined ? {} : { graceMs });
    this.unguard?.();
    this.unguard = undefined;
  }

  private guard(route: NonNullable<ExtensionSystemOptions["guard"]>): () => void {
    const report = this.opts.report;
    return guardProcess({
      // The stack first; then the handler or command that runs (timers and promises keep it), since a
      // frame of the extension's may be missing (a tail call, a function passed straight to a timer).
      ownerOf: (stack) => this.owners.ownerOf(stack) ?? this.runner.currentExtension() ?? this.inUserCommand.getStore()?.extPath,
      uncaught: (owner, error) => {
        if (owner === undefined) {
          report(`uncaught error outside any extension handler: ${toLoadError("", error).message} (kit keeps running)`);
          return;
        }
        const located = toLoadError(owner, error);
        report(formatLoadError({ ...located, message: `uncaught error outside any handler: ${located.message} (kit keeps running)` }));
      },
      console: (owner, text, stream) => route.console(this.owners.nameOf(owner), text, stream),
      exitCalled: (owner, code) => {
        const call = `process.exit(${code ?? ""})`;
        const command = this.inUserCommand.getStore();
        // The line of the extension that called it: the first frame of its own in this stack.
        const where = (message: string) => (owner === undefined ? `an extension: ${message}` : formatLoadError({ ...toLoadError(owner, new Error()), message }));
        if (command !== undefined) {
          report(where(`/${command.name} called ${call}: kit ends the session as ctx.exit() does`));
          this.opts.host.exit();
        } else {
          report(where(`${call} ignored: an extension cannot end kit (ctx.exit() ends the session); kit keeps running`));
        }
      },
    });
  }

  private async load(fresh: boolean): Promise<LoadError[]> {
    // Installed packages (kit install): global ones, then this project's, each honouring its include list.
    const scopes = this.opts.skipProject ? (["global"] as const) : SCOPES;
    const installed = this.opts.noDiscovery ? { paths: [], errors: [] } : installedExtensionPaths({ dataDir: kitPaths(this.opts.env).dataDir, cwd: this.opts.cwd }, scopes);
    const found = discoverExtensions({
      configDir: this.opts.configDir,
      cwd: this.opts.cwd,
      packages: installed.paths,
      explicit: this.opts.explicit,
      noDiscovery: this.opts.noDiscovery,
      skipProject: this.opts.skipProject,
      configPaths: this.opts.configPaths,
    });
    const missingExplicit = found.errors.filter((e) => this.opts.explicit.includes(e.path));
    if (!fresh && missingExplicit.length > 0) throw new UsageError(missingExplicit.map(formatLoadError).join("\n"));
    this.discovered = found.extensions;
    this.owners = new ExtensionOwners(found.extensions);
    // Before loading: an extension's top-level code and init may log, start timers or exit too. A
    // run with no extensions leaves the process alone.
    if (this.opts.guard && !this.unguard && found.paths.length > 0) this.unguard = this.guard(this.opts.guard);
    const result = await loadAll(found.paths, {
      fresh,
      registryOptions: {
        builtinTools: this.opts.builtinTools,
        builtinCommands: this.opts.builtinCommands,
      },
    });
    this.runner.setRegistry(result.registry);
    const errors = [...installed.errors, ...found.errors.filter((e) => !missingExplicit.includes(e)), ...result.errors];
    for (const e of errors) this.opts.report(formatLoadError(e));
    for (const issue of result.registry.issues) this.opts.report(issue.message);
    return errors;
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
