import type { CommandDef } from "citty";

/** Name and one-line summary of every subcommand, for the root help (kept cheap: no command code loaded). */
export const SUBCOMMAND_SUMMARIES: readonly (readonly [string, string])[] = [
  ["models [provider] [--all]", "every provider (wire, key variable, key set?); a provider's models with context size and prices"],
  ["update-models [url|file|embedded]", "refresh the model table (models.dev format) into the data directory"],
  ["sessions list [--all]", "sessions of this directory (or all), newest first"],
  ["sessions check [--repair] [file]", "verify session files; --repair rewrites damaged ones (keeps .bak)"],
  ["sessions export <file> [--format md|json]", "print a session's transcript"],
  ["extensions list [-e PATH] [--no-extensions]", "extensions a run would load: path, event handlers, tools, commands, shortcuts"],
  ["extensions validate [paths]", "load each extension; report ok or the error with file:line:column (exit 1 on failure)"],
  ["extensions init [name] [--force]", "write a working example extension, its test, and types for editors into .kit/"],
  ["test [files|dirs] [bun test flags]", "run extension tests (*.test.ts) with bun:test, kit/ext and kit/test; exit 1 when a test fails"],
  ["install <source> [-l] [--select|--include]", "install extensions from a git repository (github.com/user/repo[/sub/dir][@ref], https://…)"],
  ["mcp list|get <name>|remove <name>", "MCP servers of the config: state, transport, tools, prompts, resources (-l: project file)"],
  ["mcp logout <name>", "forget a remote MCP server's OAuth login (get <name> logs in)"],
  ["mcp add <name> -- <cmd…> | --url URL", "add a stdio server, or a remote one (--header 'K: V'), to the global config (-l: project)"],
  ["install --update|--uninstall|--list", "update tracked packages (pinned ones are skipped), remove one, or show what is installed"],
  ["acp", "serve the Agent Client Protocol on stdin/stdout, for editors (Zed, JetBrains, …)"],
  ["auth login [provider]", "store a provider's key (checked first; masked, or from stdin), or log in to GitHub Copilot"],
  ["auth logout <provider> [--yes]", "forget a stored key or login"],
  ["auth status", "each provider's key: stored or from the environment, type, expiry, the one a run uses (never the key)"],
  ["trust [--list|--revoke [path]]", "trust this project's extensions, MCP servers and config that runs code (shown first, bound to their content)"],
  ["github install [--force] | run [--dry-run]", "add the /kit GitHub Action to this repository; answer an issue or PR comment (in the Action)"],
  ["upgrade [--check] [--version X]", "replace this kit with the newest release (checksum verified; the old one kept as kit.old)"],
];

type Loader = () => Promise<CommandDef<any>>;

/**
 * Subcommands by name, each loaded only when invoked. A first word that names none of them is part
 * of the prompt, as in `kit explain this`.
 */
export const SUBCOMMANDS: Readonly<Record<string, Loader>> = {
  models: async () => (await import("./commands/models.ts")).modelsCommand,
  "update-models": async () => (await import("./commands/update-models.ts")).updateModelsCommand,
  sessions: async () => (await import("./commands/sessions.ts")).sessionsCommand,
  extensions: async () => (await import("./commands/extensions.ts")).extensionsCommand,
  test: async () => (await import("./commands/test.ts")).testCommand,
  install: async () => (await import("./commands/install.ts")).installCommand,
  mcp: async () => (await import("./commands/mcp.ts")).mcpCommand,
  acp: async () => (await import("./commands/acp.ts")).acpCommand,
  auth: async () => (await import("./commands/auth.ts")).authCommand,
  trust: async () => (await import("./commands/trust.ts")).trustCommand,
  upgrade: async () => (await import("./commands/upgrade.ts")).upgradeCommand,
  github: async () => (await import("./commands/github.ts")).githubCommand,
};

/**
 * Names reserved for commands that this build does not have yet. Without this, `kit <name> x`
 * would silently become a prompt sent to the model.
 */
export const PLANNED_SUBCOMMANDS: ReadonlySet<string> = new Set<string>();
