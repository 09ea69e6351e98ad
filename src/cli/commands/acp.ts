/**
 * `kit acp`: kit as an Agent Client Protocol server on stdin/stdout, for editors (Zed, JetBrains IDEs,
 * any ACP client). It takes kit's global flags (--model, --config, -e, --debug, …), which apply to
 * every session the editor opens; the mode, and the protocol library with it, load only here.
 */
import { defineCommand } from "citty";
import { parseGlobalArgs } from "../args.ts";
import { UsageError } from "../../errors.ts";
import { version } from "../../../package.json";

export const acpCommand = defineCommand({
  meta: {
    name: "kit acp",
    description:
      "Serve the Agent Client Protocol on stdin/stdout (JSON-RPC, one message a line) for editors such as Zed; kit's global flags (--model, -e, --config, --debug, …) apply to every session; logs go to stderr",
  },
  run: async ({ rawArgs }) => {
    const { flags, positionals } = parseGlobalArgs(rawArgs);
    if (positionals.length > 0) {
      throw new UsageError(`kit acp takes no prompt (got "${positionals.join(" ")}"): the editor sends prompts over the protocol. Run 'kit acp --help'.`);
    }
    for (const flag of ["session", "continue", "resume", "no-exit"] as const) {
      if (flags[flag] !== undefined) throw new UsageError(`kit acp does not take --${flag}: the editor opens and loads sessions over the protocol`);
    }
    // --allow is the command line's alone, as for any run: no config file grants permissions.
    const { extension, allow, "trust-project": trustProject, ...configFlags } = flags;
    const { runAcp } = await import("../../modes/acp.ts");
    return runAcp({
      flags: configFlags,
      extensionPaths: Array.isArray(extension) ? extension : [],
      allowRules: Array.isArray(allow) ? allow : [],
      trustProject: trustProject === true,
      env: process.env,
      version,
    });
  },
});
