/**
 * The slash commands of the interactive mode: kit's own (registered by setup.ts, defined in
 * commands.ts and session-commands.ts) and the extensions' (asked of the app's registry each time,
 * so a reload shows at once). Finds the kit command an input names, runs one with its failure
 * reported, and lists and completes commands for autocomplete.
 */
import type { KitApp } from "../../app/app.ts";

/** A slash command of kit itself. */
export interface BuiltinCommand {
  name: string;
  /** Shown after the name in /help, e.g. "[name]". */
  args?: string;
  description: string;
  /** Runs at once, even while a turn runs (it only shows something or asks); others wait their turn. */
  immediate?: boolean;
  /** Counts as work (turn_state_change, the spinner) while it runs, like a turn (e.g. /compact). */
  working?: boolean;
  complete?(prefix: string): string[];
  /** `signal` aborts when the user cancels (Esc, Ctrl+C) a command the work loop runs; never for immediate ones. */
  run(args: string, signal: AbortSignal): Promise<void> | void;
}

export class SlashCommands {
  constructor(
    /** Kit's own commands by name (the controller's, which setup.ts fills). */
    private readonly builtins: ReadonlyMap<string, BuiltinCommand>,
    private readonly app: KitApp,
    private readonly reportError: (message: string) => void,
  ) {}

  /** The kit command an input ("/name args") names, if any. */
  builtinOf(text: string): BuiltinCommand | undefined {
    if (!text.startsWith("/")) return undefined;
    return this.builtins.get(text.slice(1).split(/\s/, 1)[0]!);
  }

  /** Why `text` cannot be sent: it names a command nobody has (the app decides, as for every mode). */
  unknownCommand(text: string): string | undefined {
    return this.app.unknownCommand(text, this.builtins.keys(), "/help lists the commands");
  }

  /**
   * Whether `text` is a whole command once its argument was completed: a kit command's completions
   * are whole arguments; an MCP prompt is whole when each of its arguments has a word. An
   * extension's completions may be a first word only, so they complete without running.
   */
  isWholeCommand(text: string): boolean {
    if (this.builtinOf(text)?.complete) return true;
    const [name, ...words] = text.slice(1).split(/\s+/);
    const prompt = this.app.mcp?.prompts().find((p) => `${p.server}:${p.name}` === name);
    return prompt !== undefined && words.length >= prompt.arguments.length;
  }

  /** Runs a kit command with what follows its name in `text`; a failure is reported, not thrown. */
  async run(command: BuiltinCommand, text: string, signal: AbortSignal = new AbortController().signal): Promise<void> {
    const args = text.slice(1 + command.name.length).trim();
    try {
      await command.run(args, signal);
    } catch (err) {
      this.reportError(`/${command.name}: ${(err as Error).message}`);
    }
  }

  /** Kit's and the extensions' commands, for autocomplete. */
  list(): { name: string; description: string }[] {
    const own = [...this.builtins.values()].map((c) => ({ name: c.name, description: c.description }));
    const ext = this.app.extensions?.runner.registry.commands().map((c) => ({ name: c.name, description: c.def.description })) ?? [];
    const mcp = this.app.mcp?.prompts().map((p) => ({ name: `${p.server}:${p.name}`, description: `${p.description ?? ""} (MCP prompt)`.trim() })) ?? [];
    return [...own, ...ext, ...mcp];
  }

  /**
   * An MCP prompt's argument, asked of its server: the words typed fill the arguments in order, so the
   * last word is the value of the argument at its position; each suggestion keeps the words before it.
   */
  private async completePromptArgument(prompt: { server: string; name: string; arguments: { name: string }[] }, prefix: string): Promise<string[]> {
    const words = prefix.split(/\s+/);
    const argument = prompt.arguments[Math.min(words.length, prompt.arguments.length) - 1];
    if (!argument) return [];
    const before = words.slice(0, -1).join(" ");
    const earlier = Object.fromEntries(words.slice(0, -1).map((w, i) => [prompt.arguments[i]?.name ?? "", w]));
    const values = await this.app.mcp!.completePromptArgument(prompt.server, prompt.name, argument.name, words.at(-1) ?? "", earlier).catch(() => []);
    return values.map((v) => (before ? `${before} ${v}` : v));
  }

  /** Completions for a command's argument: a kit command's own, or an extension's (given its context). */
  completeArgument(name: string, prefix: string): Promise<string[]> | string[] | undefined {
    const own = this.builtins.get(name);
    if (own) return own.complete?.(prefix);
    const prompt = this.app.mcp?.prompts().find((p) => `${p.server}:${p.name}` === name);
    if (prompt) return this.completePromptArgument(prompt, prefix);
    const ext = this.app.extensions?.runner.registry.command(name);
    if (!ext?.def.complete) return undefined;
    const ctx = this.app.extensions!.contextFor(ext.extPath);
    return Promise.resolve(ext.def.complete(prefix, ctx)).then((list) => (Array.isArray(list) ? list.map(String) : []));
  }
}
