import { loadConfig } from "../config/config.ts";
import type { FlagValues } from "../config/coerce.ts";
import { kitPaths } from "../config/paths.ts";
import { sessionPathById } from "../app/session-setup.ts";
import { looksLikeSessionId } from "../session/lookup.ts";
import type { ParsedArgs } from "./args.ts";
import { EXIT, UsageError } from "../errors.ts";
import { ProjectTrust, skippedLine } from "../app/project-trust.ts";

/**
 * The root command: loads configuration and picks the mode. Headless when a prompt is given, stdin
 * is piped, stdout is not a terminal, or an output format is asked for (spec/cli.md, Invocation);
 * interactive otherwise. `--no-exit` with a prompt sends it first, then goes on interactively.
 */
export async function runCli(args: ParsedArgs, version: string): Promise<number> {
  const cwd = process.cwd();
  const env = process.env;
  const { flags, positionals } = resumeById(args, cwd, env);
  // -e paths add to the config key `extension` instead of replacing it, so they are kept apart.
  // --allow is the command line's alone: no config file (a cloned project's least of all) grants permissions.
  const { extension: explicit, print, allow, "trust-project": trustThisRun, ...configFlags } = flags;
  const extensionPaths = Array.isArray(explicit) ? explicit : [];
  const allowRules = Array.isArray(allow) ? allow : [];
  const loadOptions = { cwd, env, flags: configFlags, explicitFile: typeof flags.config === "string" ? flags.config : undefined };
  // The whole project file: what decides the mode is plain settings, which load whether trusted or not.
  const trust = new ProjectTrust(loadOptions, loadConfig(loadOptions), trustThisRun === true, extensionPaths);
  const config = trust.config;
  const stdinIsTerminal = process.stdin.isTTY === true;
  const stdoutIsTerminal = process.stdout.isTTY === true;
  // -p/--print asks for a headless run, as in other agents' command lines.
  const formatAsked = config.has("output") || config.bool("json") || config.bool("quiet") || print === true;
  if (config.bool("no-exit")) {
    if (!stdinIsTerminal || !stdoutIsTerminal) throw new UsageError("--no-exit continues in the interactive UI, which needs stdin and stdout to be a terminal: drop the flag when piping");
    if (formatAsked) throw new UsageError("--no-exit continues in the interactive UI, which has no --output/--json/--quiet/--print: drop one of them");
  }
  const headless = !config.bool("no-exit") && (positionals.length > 0 || !stdinIsTerminal || !stdoutIsTerminal || formatAsked);
  if (!headless) {
    const { runInteractive } = await import("../modes/interactive.ts");
    const { askProjectTrust } = await import("../modes/interactive/trust-dialog.ts");
    // Asked before the UI takes the terminal, and before anything of the project loads.
    const choice = trust.untrusted ? await askProjectTrust(trust.untrusted) : "trust";
    if (choice === "quit") return EXIT.interrupted;
    const prompt = positionals.length > 0 ? positionals.join(" ") : undefined;
    return runInteractive({ config: trust.settle(choice), cwd, env, extensionPaths, allowRules, version, ...(prompt ? { prompt } : {}) });
  }
  // No one to ask: the project's untrusted items are skipped, and one line says so.
  if (trust.untrusted) process.stderr.write(skippedLine(trust.untrusted) + "\n");
  const settled = trust.settle("skip");
  // Never wait on a terminal: stdin is read only when something is piped into it.
  const stdin = stdinIsTerminal ? undefined : await Bun.stdin.bytes();
  const { runHeadless } = await import("../modes/headless.ts");
  return runHeadless({ config: settled, args: positionals, stdin, cwd, env, extensionPaths, allowRules });
}

/**
 * `-r ID`: when the word after -r names a session by id or unique id prefix, that session is opened
 * (as with --session) and the word is no prompt. Any other word keeps -r's plain meaning, the newest
 * session, and stays part of the prompt.
 */
function resumeById(args: ParsedArgs, cwd: string, env: NodeJS.ProcessEnv): { flags: FlagValues; positionals: string[] } {
  const { flags, positionals, afterResume } = args;
  const word = afterResume === undefined ? undefined : positionals[afterResume];
  if (word === undefined || flags.session !== undefined || !looksLikeSessionId(word)) return { flags, positionals };
  const path = sessionPathById(kitPaths(env).dataDir, cwd, word, "--resume");
  if (!path) return { flags, positionals };
  const { resume: _, ...rest } = flags;
  return { flags: { ...rest, session: path }, positionals: positionals.filter((_, i) => i !== afterResume) };
}
