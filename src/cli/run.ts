import { loadConfig } from "../config/config.ts";
import type { FlagValues } from "../config/coerce.ts";
import { UsageError } from "../errors.ts";

/**
 * The root command: loads configuration and picks the mode. Headless when a prompt is given, stdin
 * is piped, stdout is not a terminal, or an output format is asked for (spec/cli.md, Invocation);
 * interactive otherwise. `--no-exit` with a prompt sends it first, then goes on interactively.
 */
export async function runCli(flags: FlagValues, positionals: string[], version: string): Promise<number> {
  const cwd = process.cwd();
  const env = process.env;
  // -e paths add to the config key `extension` instead of replacing it, so they are kept apart.
  const { extension: explicit, ...configFlags } = flags;
  const extensionPaths = Array.isArray(explicit) ? explicit : [];
  const config = loadConfig({ cwd, env, flags: configFlags, explicitFile: typeof flags.config === "string" ? flags.config : undefined });
  const stdinIsTerminal = process.stdin.isTTY === true;
  const stdoutIsTerminal = process.stdout.isTTY === true;
  const formatAsked = config.has("output") || config.bool("json") || config.bool("quiet");
  if (config.bool("no-exit")) {
    if (!stdinIsTerminal || !stdoutIsTerminal) throw new UsageError("--no-exit continues in the interactive UI, which needs stdin and stdout to be a terminal: drop the flag when piping");
    if (formatAsked) throw new UsageError("--no-exit continues in the interactive UI, which has no --output/--json/--quiet: drop one of them");
  }
  const headless = !config.bool("no-exit") && (positionals.length > 0 || !stdinIsTerminal || !stdoutIsTerminal || formatAsked);
  if (!headless) {
    const { runInteractive } = await import("../modes/interactive.ts");
    const prompt = positionals.length > 0 ? positionals.join(" ") : undefined;
    return runInteractive({ config, cwd, env, extensionPaths, version, ...(prompt ? { prompt } : {}) });
  }
  // Never wait on a terminal: stdin is read only when something is piped into it.
  const stdin = stdinIsTerminal ? undefined : await Bun.stdin.bytes();
  const { runHeadless } = await import("../modes/headless.ts");
  return runHeadless({ config, args: positionals, stdin, cwd, env, extensionPaths });
}
