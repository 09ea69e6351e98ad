import { loadConfig } from "../config/config.ts";
import type { FlagValues } from "../config/coerce.ts";
import { EXIT } from "../errors.ts";

/**
 * The root command: loads configuration and picks the mode. Headless when a prompt is given, stdin
 * is piped, or an output format is asked for (spec/cli.md, Invocation); interactive otherwise.
 */
export async function runCli(flags: FlagValues, positionals: string[], _version: string): Promise<number> {
  const cwd = process.cwd();
  const env = process.env;
  // -e paths add to the config key `extension` instead of replacing it, so they are kept apart.
  const { extension: explicit, ...configFlags } = flags;
  const extensionPaths = Array.isArray(explicit) ? explicit : [];
  const config = loadConfig({ cwd, env, flags: configFlags, explicitFile: typeof flags.config === "string" ? flags.config : undefined });
  const stdinIsTerminal = process.stdin.isTTY === true;
  const headless = positionals.length > 0 || !stdinIsTerminal || config.has("output") || config.bool("json") || config.bool("quiet");
  if (config.bool("no-exit")) {
    // Silently ending after the prompt would break the promise of the flag.
    process.stderr.write("kit: --no-exit continues in the interactive terminal UI, which this build does not have yet. Drop the flag.\n");
    return EXIT.usage;
  }
  if (!headless) {
    process.stderr.write(
      "kit: the interactive terminal UI is not available in this build yet. Give a prompt instead, e.g. kit \"explain this repo\".\n",
    );
    return EXIT.usage;
  }
  // Never wait on a terminal: stdin is read only when something is piped into it.
  const stdin = stdinIsTerminal ? undefined : await Bun.stdin.text();
  const { runHeadless } = await import("../modes/headless.ts");
  return runHeadless({ config, args: positionals, stdin, cwd, env, extensionPaths });
}
