import { renderUsage, runCommand, type CommandDef } from "citty";
import { EXIT } from "../errors.ts";

/**
 * Runs one citty subcommand; its `run` returns the exit code. citty's own argument errors are usage errors.
 * A command group (`kit sessions check`) is walked down to the command named here, because citty runs a
 * nested command but drops what its `run` returns; `--help` then shows that command's own usage.
 */
export async function runSubcommand(cmd: CommandDef<any>, name: string, rawArgs: string[]): Promise<number> {
  let leaf = cmd;
  let parent: CommandDef<any> | undefined;
  let args = rawArgs;
  for (;;) {
    const subs = await resolve(leaf.subCommands);
    const next = args[0] !== undefined && subs && Object.hasOwn(subs, args[0]) ? await resolve(subs[args[0]]) : undefined;
    if (!next) break;
    parent = leaf;
    leaf = next as CommandDef<any>;
    args = args.slice(1);
  }
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write((await renderUsage(leaf, parent)) + "\n");
    return EXIT.ok;
  }
  try {
    const { result } = await runCommand(leaf, { rawArgs: args });
    return typeof result === "number" ? result : EXIT.ok;
  } catch (err) {
    if (err instanceof Error && err.name === "CLIError") {
      process.stderr.write(`kit ${name}: ${err.message}. Run 'kit ${name} --help'.\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

/** citty accepts a value, a promise of it, or a function returning either. */
async function resolve<T>(v: T | Promise<T> | (() => T | Promise<T>)): Promise<T> {
  return typeof v === "function" ? await (v as () => T | Promise<T>)() : await v;
}
