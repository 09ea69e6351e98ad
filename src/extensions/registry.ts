/**
 * What the loaded extensions registered, per extension in load order: event handlers (in registration
 * order), custom-event handlers, tools, commands, shortcuts, options and renderers. Names that clash
 * are reported as RegistryIssues; the first registration keeps the name. Invalid registrations
 * (ctrl+c, a bad tool schema, a missing execute) throw, so the extension's init fails with its line.
 * One registry per set of loaded extensions: a hot reload builds a new one.
 */
import type {
  CommandDef,
  Context,
  EventName,
  Handler,
  MessageRendererConfig,
  OptionDef,
  ShortcutDef,
  ToolDef,
  ToolRenderConfig,
} from "./contract.ts";
import { TOOL_KINDS } from "./contract.ts";
import { checkFields, type DefinitionKind } from "./definition-fields.ts";
import { checkShortcut, normalizeShortcut } from "./shortcut-keys.ts";

export type CustomEventHandler = (data: unknown, ctx: Context) => void | Promise<void>;
export type ShortcutHandler = (ctx: Context) => void | Promise<void>;
// Handlers are stored untyped by event; the API types each registration.
type AnyHandler = Handler<EventName>;

export interface RegisteredTool {
  extPath: string;
  name: string;
  def: ToolDef;
  /** The JSON Schema as an object (parsed when it was given as JSON text). */
  parameters: Record<string, unknown>;
}
export interface RegisteredCommand {
  extPath: string;
  /** Without the leading "/". */
  name: string;
  def: CommandDef;
}
export interface RegisteredShortcut {
  extPath: string;
  /** Canonical key name (see shortcut-keys.ts). */
  key: string;
  def: ShortcutDef;
  handler: ShortcutHandler;
}
export interface RegisteredOption {
  extPath: string;
  def: OptionDef;
}
export interface Registered<T> {
  extPath: string;
  def: T;
}

/** One extension's own registrations, in the order it made them. */
export interface ExtensionRecord {
  readonly path: string;
  readonly handlers: Map<EventName, AnyHandler[]>;
  readonly customHandlers: Map<string, CustomEventHandler[]>;
  readonly tools: string[];
  readonly commands: string[];
  readonly shortcuts: string[];
  readonly options: string[];
}

export type RegistryIssueKind = "tool" | "command" | "shortcut" | "option" | "tool renderer" | "message renderer";

export interface RegistryIssue {
  /** The extension whose registration was ignored. */
  extPath: string;
  kind: RegistryIssueKind;
  name: string;
  /** Who has the name: an extension path, or "kit" for a built-in. */
  owner: string;
  message: string;
}

export interface RegistryOptions {
  /** Built-in tool names an extension may not take (read, write, …). */
  builtinTools?: Iterable<string>;
  /** Built-in slash commands an extension may not take. */
  builtinCommands?: Iterable<string>;
  /** Called for every clash as it happens (the issues are also kept in `issues`). */
  onIssue?(issue: RegistryIssue): void;
}

export class ExtensionRegistry {
  private readonly records: ExtensionRecord[] = [];
  private readonly toolMap = new Map<string, RegisteredTool>();
  private readonly commandMap = new Map<string, RegisteredCommand>();
  private readonly shortcutMap = new Map<string, RegisteredShortcut>();
  private readonly optionMap = new Map<string, RegisteredOption>();
  private readonly toolRendererMap = new Map<string, Registered<ToolRenderConfig>>();
  private readonly messageRendererMap = new Map<string, Registered<MessageRendererConfig>>();
  private readonly builtinTools: Set<string>;
  private readonly builtinCommands: Set<string>;
  readonly issues: RegistryIssue[] = [];

  constructor(private readonly opts: RegistryOptions = {}) {
    this.builtinTools = new Set(opts.builtinTools ?? []);
    this.builtinCommands = new Set(opts.builtinCommands ?? []);
  }

  /** Starts the record of an extension about to be initialised (it goes last in load order). */
  begin(extPath: string): ExtensionRecord {
    if (this.record(extPath)) throw new Error(`extension already loaded: ${extPath}`);
    const rec: ExtensionRecord = {
      path: extPath,
      handlers: new Map(),
      customHandlers: new Map(),
      tools: [],
      commands: [],
      shortcuts: [],
      options: [],
    };
    this.records.push(rec);
    return rec;
  }

  /** Removes an extension whose init failed, with everything it had registered. */
  drop(extPath: string): void {
    const i = this.records.findIndex((r) => r.path === extPath);
    if (i >= 0) this.records.splice(i, 1);
    for (const map of [this.toolMap, this.commandMap, this.shortcutMap, this.optionMap, this.toolRendererMap, this.messageRendererMap]) {
      for (const [name, entry] of map) if (entry.extPath === extPath) map.delete(name);
    }
    for (let j = this.issues.length - 1; j >= 0; j--) if (this.issues[j]!.extPath === extPath) this.issues.splice(j, 1);
  }

  /** Loaded extensions in load order. */
  extensions(): readonly ExtensionRecord[] {
    return this.records;
  }

  record(extPath: string): ExtensionRecord | undefined {
    return this.records.find((r) => r.path === extPath);
  }

  // ── registration ──────────────────────────────────────────────────────────────────────────────

  addHandler(extPath: string, event: EventName, handler: AnyHandler): void {
    const rec = this.require(extPath);
    const list = rec.handlers.get(event) ?? [];
    list.push(handler);
    rec.handlers.set(event, list);
  }

  addCustomHandler(extPath: string, name: string, handler: CustomEventHandler): void {
    const rec = this.require(extPath);
    const list = rec.customHandlers.get(name) ?? [];
    list.push(handler);
    rec.customHandlers.set(name, list);
  }

  addTool(extPath: string, def: ToolDef): void {
    const rec = this.require(extPath);
    checkDefinition("registerTool", def, def?.name);
    requireName(def?.name, "registerTool");
    if (typeof def.execute !== "function") throw new TypeError(`registerTool("${def.name}"): execute must be a function`);
    if (def.kind !== undefined && !TOOL_KINDS.includes(def.kind)) {
      throw new TypeError(`registerTool("${def.name}"): kind must be one of ${TOOL_KINDS.join(", ")} (default execute)`);
    }
    const parameters = parseSchema(def.name, def.parameters);
    if (this.claim("tool", this.toolMap, def.name, extPath, this.builtinTools)) {
      this.toolMap.set(def.name, { extPath, name: def.name, def, parameters });
      rec.tools.push(def.name);
    }
  }

  addCommand(extPath: string, def: CommandDef): void {
    const rec = this.require(extPath);
    checkDefinition("registerCommand", def, def?.name);
    requireName(def?.name, "registerCommand");
    const name = def.name.replace(/^\//, "");
    if (name === "" || /\s/.test(name)) throw new Error(`registerCommand("${def.name}"): a command name is one word`);
    if (typeof def.execute !== "function") throw new TypeError(`registerCommand("${name}"): execute must be a function`);
    if (this.claim("command", this.commandMap, name, extPath, this.builtinCommands)) {
      this.commandMap.set(name, { extPath, name, def });
      rec.commands.push(name);
    }
  }

  addShortcut(extPath: string, def: ShortcutDef, handler: ShortcutHandler): void {
    const rec = this.require(extPath);
    checkDefinition("registerShortcut", def, def?.key);
    if (typeof handler !== "function") throw new TypeError(`registerShortcut("${def?.key}"): handler must be a function`);
    const key = checkShortcut(def?.key);
    if (this.claim("shortcut", this.shortcutMap, key, extPath)) {
      this.shortcutMap.set(key, { extPath, key, def, handler });
      rec.shortcuts.push(key);
    }
  }

  addOption(extPath: string, def: OptionDef): void {
    const rec = this.require(extPath);
    checkDefinition("registerOption", def, def?.name);
    requireName(def?.name, "registerOption");
    if (def.default !== undefined && typeof def.default !== "string") {
      throw new TypeError(`registerOption("${def.name}"): default must be a string`);
    }
    if (this.claim("option", this.optionMap, def.name, extPath)) {
      this.optionMap.set(def.name, { extPath, def });
      rec.options.push(def.name);
    }
  }

  addToolRenderer(extPath: string, def: ToolRenderConfig): void {
    this.require(extPath);
    checkDefinition("registerToolRenderer", def, def?.toolName);
    requireName(def?.toolName, "registerToolRenderer");
    if (this.claim("tool renderer", this.toolRendererMap, def.toolName, extPath)) this.toolRendererMap.set(def.toolName, { extPath, def });
  }

  addMessageRenderer(extPath: string, def: MessageRendererConfig): void {
    this.require(extPath);
    checkDefinition("registerMessageRenderer", def, def?.name);
    requireName(def?.name, "registerMessageRenderer");
    if (typeof def.render !== "function") throw new TypeError(`registerMessageRenderer("${def.name}"): render must be a function`);
    if (this.claim("message renderer", this.messageRendererMap, def.name, extPath)) this.messageRendererMap.set(def.name, { extPath, def });
  }

  // ── lookup ────────────────────────────────────────────────────────────────────────────────────

  /** Handlers of `event` in extension load order, then registration order. */
  handlersFor(event: EventName): { extPath: string; handler: AnyHandler }[] {
    return this.records.flatMap((r) => (r.handlers.get(event) ?? []).map((handler) => ({ extPath: r.path, handler })));
  }

  customHandlersFor(name: string): { extPath: string; handler: CustomEventHandler }[] {
    return this.records.flatMap((r) => (r.customHandlers.get(name) ?? []).map((handler) => ({ extPath: r.path, handler })));
  }

  hasHandlers(event: EventName): boolean {
    return this.records.some((r) => (r.handlers.get(event)?.length ?? 0) > 0);
  }

  tools(): RegisteredTool[] {
    return [...this.toolMap.values()];
  }
  tool(name: string): RegisteredTool | undefined {
    return this.toolMap.get(name);
  }
  commands(): RegisteredCommand[] {
    return [...this.commandMap.values()];
  }
  command(name: string): RegisteredCommand | undefined {
    return this.commandMap.get(name.replace(/^\//, ""));
  }
  shortcuts(): RegisteredShortcut[] {
    return [...this.shortcutMap.values()];
  }
  /** The shortcut for a key in any spelling; undefined for unknown or unparseable keys. */
  shortcut(key: string): RegisteredShortcut | undefined {
    try {
      return this.shortcutMap.get(normalizeShortcut(key));
    } catch {
      return undefined;
    }
  }
  options(): RegisteredOption[] {
    return [...this.optionMap.values()];
  }
  option(name: string): RegisteredOption | undefined {
    return this.optionMap.get(name);
  }
  toolRenderer(toolName: string): Registered<ToolRenderConfig> | undefined {
    return this.toolRendererMap.get(toolName);
  }
  messageRenderer(name: string): Registered<MessageRendererConfig> | undefined {
    return this.messageRendererMap.get(name);
  }

  private require(extPath: string): ExtensionRecord {
    const rec = this.record(extPath);
    if (!rec) throw new Error(`extension not loaded: ${extPath}`);
    return rec;
  }

  /** True when `name` is free; otherwise records the clash (first wins) and returns false. */
  private claim(kind: RegistryIssueKind, map: Map<string, { extPath: string }>, name: string, extPath: string, builtins?: Set<string>): boolean {
    const owner = builtins?.has(name) ? "kit" : map.get(name)?.extPath;
    if (owner === undefined) return true;
    const by = owner === "kit" ? "a built-in" : owner === extPath ? "this extension already" : owner;
    const issue: RegistryIssue = { extPath, kind, name, owner, message: `${kind} "${name}" is already registered by ${by}; ignored` };
    this.issues.push(issue);
    this.opts.onIssue?.(issue);
    return false;
  }
}

/** Unknown fields of a definition throw (definition-fields.ts), naming it by its name when it has one. */
function checkDefinition(method: DefinitionKind, def: unknown, name: unknown): void {
  checkFields(method, typeof name === "string" ? `${method}("${name}")` : method, def);
}

function requireName(name: unknown, method: string): asserts name is string {
  if (typeof name !== "string" || name.trim() === "") throw new TypeError(`${method}: name must be a non-empty string`);
}

function parseSchema(tool: string, parameters: unknown): Record<string, unknown> {
  let schema = parameters;
  if (typeof parameters === "string") {
    try {
      schema = JSON.parse(parameters);
    } catch (err) {
      throw new Error(`registerTool("${tool}"): parameters is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (schema === undefined) return { type: "object", properties: {} };
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new TypeError(`registerTool("${tool}"): parameters must be a JSON Schema object (or its JSON text)`);
  }
  return schema as Record<string, unknown>;
}
