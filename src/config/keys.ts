/**
 * The global flags of spec/cli.md: one table that is the single source of truth for parsing, help text,
 * and configuration keys (every flag name is also a config key and a `KIT_<KEY>` variable).
 */

export type FlagType = "string" | "boolean" | "number" | "list";

export interface FlagDef {
  name: string;
  type: FlagType;
  short?: string;
  /** Repeatable flags collect every occurrence (`-e a -e b`). */
  repeatable?: boolean;
  /** Allowed values, checked for flags and config alike. */
  choices?: readonly string[];
  valueHint?: string;
  description: string;
  section: FlagSection;
  /** Flags like --version that only make sense on the command line, never from config. */
  cliOnly?: boolean;
}

export type FlagSection = "Model and provider" | "Run control" | "Sessions" | "Extensions and tools" | "Resources" | "Other";

const f = (name: string, type: FlagType, section: FlagSection, description: string, extra: Partial<FlagDef> = {}): FlagDef => ({
  name,
  type,
  section,
  description,
  ...extra,
});

const MODEL: FlagSection = "Model and provider";
const RUN: FlagSection = "Run control";
const SESS: FlagSection = "Sessions";
const EXT: FlagSection = "Extensions and tools";
const RES: FlagSection = "Resources";
const OTHER: FlagSection = "Other";

export const FLAGS: readonly FlagDef[] = [
  f("model", "string", MODEL, "model as provider/model, any provider of 'kit models' (default anthropic/claude-sonnet-latest, or the default of the provider whose key is set)", { short: "m", valueHint: "provider/model" }),
  f("provider-url", "string", MODEL, "base URL, scheme included (http://host:port/v1): a proxy, gateway or local server (else the catalogue's; Ollama: OLLAMA_HOST)", { valueHint: "URL" }),
  f("provider-api-key", "string", MODEL, "API key for the provider (else the key kit auth login stored, else its variable: ANTHROPIC_API_KEY, OPENAI_API_KEY, … see kit models)", { valueHint: "KEY" }),
  f(
    "provider-wire",
    "string",
    MODEL,
    "wire protocol: openai = Responses API, openai-compat = Chat Completions; cloud: azure, bedrock, vertex (Gemini), vertex-anthropic",
    {
      valueHint: "WIRE",
      choices: ["anthropic", "openai", "openai-compat", "gemini", "azure", "bedrock", "vertex", "vertex-anthropic"],
    },
  ),
  f("thinking-level", "string", MODEL, "reasoning effort", {
    valueHint: "LEVEL", choices: ["off", "none", "minimal", "low", "medium", "high"] }),
  f("max-tokens", "number", MODEL, "maximum output tokens per model call (a thinking budget shrinks to fit)", { valueHint: "N" }),
  f("temperature", "number", MODEL, "sampling temperature", { valueHint: "F" }),
  f("top-p", "number", MODEL, "nucleus sampling", { valueHint: "F" }),
  f("top-k", "number", MODEL, "top-k sampling (Anthropic)", { valueHint: "N" }),
  f("stop-sequences", "list", MODEL, "comma-separated stop sequences", { valueHint: "a,b" }),
  f("frequency-penalty", "number", MODEL, "frequency penalty (OpenAI)", { valueHint: "F" }),
  f("presence-penalty", "number", MODEL, "presence penalty (OpenAI)", { valueHint: "F" }),

  f("print", "boolean", RUN, "run headless (as with a prompt or piped stdin; the habit of other agents)", { short: "p", cliOnly: true }),
  f("system-prompt", "string", RUN, "system prompt text, or a file to read it from", { valueHint: "TEXT|FILE" }),
  f("append-system-prompt", "string", RUN, "text (or a file's) added after the built-in instructions instead of replacing them", { valueHint: "TEXT|FILE" }),
  f("max-steps", "number", RUN, "stop after N model calls in a turn (0 = unlimited)", { valueHint: "N" }),
  f("max-cost", "number", RUN, "stop when the run has cost this many USD (0 = unlimited)", { valueHint: "USD" }),
  f("quiet", "boolean", RUN, "print only the final answer (errors on stderr)"),
  f("json", "boolean", RUN, "print one JSON object when the run ends"),
  f("output", "string", RUN, "output format of a headless run", { choices: ["text", "json", "stream-json"] }),
  f("no-exit", "boolean", RUN, "after the prompt, continue interactively"),
  f("auto-compact", "boolean", RUN, "compact the conversation automatically near the context limit"),
  f("debug", "boolean", RUN, "print config files, model, endpoint, limits and each request on stderr"),
  f("config", "string", RUN, "use only this config file", { valueHint: "FILE", cliOnly: true }),

  f("session", "string", SESS, "open this session file (created if missing), or the session with this id or unique id prefix", { short: "s", valueHint: "FILE|ID" }),
  f("continue", "boolean", SESS, "continue the newest session of this directory", { short: "c" }),
  f("resume", "boolean", SESS, "resume the session with this id or unique id prefix; without one, pick a session (headless: the newest)", { short: "r", valueHint: "[ID]" }),
  f("no-session", "boolean", SESS, "keep the session in memory only"),

  f("extension", "string", EXT, "load an extension file or directory (repeatable)", { short: "e", repeatable: true, valueHint: "PATH" }),
  f("no-extensions", "boolean", EXT, "skip extension discovery and installed packages (-e still loads)"),
  f("trust-project", "boolean", EXT, "load this project's extensions, MCP servers and config that runs code, for this run only (see 'kit trust')", { cliOnly: true }),
  f("no-core-tools", "boolean", EXT, "offer no built-in tools"),
  f("include-core-tools", "list", EXT, "offer only these built-in tools", { valueHint: "a,b" }),
  f("exclude-core-tools", "list", EXT, "offer all built-in tools but these", { valueHint: "a,b" }),
  f("mcp-config", "string", EXT, "add the MCP servers of this file (kit config or Claude Code's .mcp.json; repeatable)", { repeatable: true, valueHint: "FILE" }),
  f("no-mcp", "boolean", EXT, "start no MCP servers"),
  f("permission-mode", "string", EXT, "auto: run every tool; ask: ask before edits, writes, commands, MCP tools not marked read-only; read-only: offer only read-only tools", {
    valueHint: "MODE", choices: ["auto", "ask", "read-only"] }),
  f("allow", "string", EXT, "in ask mode, allow matching calls without asking (repeatable): 'bash(npm test*)', 'edit(src/**)', a tool's name", {
    repeatable: true, valueHint: "RULE", cliOnly: true }),
  f("sandbox", "string", EXT, "run bash commands in an OS sandbox (Linux: bubblewrap; macOS: sandbox-exec); workspace-write: only the working and temp dirs writable", {
    valueHint: "MODE", choices: ["off", "workspace-write", "read-only"] }),
  f("sandbox-network", "boolean", EXT, "let sandboxed commands use the network"),

  f("skill", "string", RES, "load a skill file (repeatable)", { repeatable: true, valueHint: "PATH" }),
  f("skills-dir", "string", RES, "load skills from this directory", { valueHint: "DIR" }),
  f("skill-disable", "string", RES, "disable a skill by name (repeatable)", { repeatable: true, valueHint: "NAME" }),
  f("no-skills", "boolean", RES, "load no skills"),
  f("no-agents", "boolean", RES, "load no named agents"),
  f("prompt-template", "string", RES, "load a prompt template (repeatable)", { repeatable: true, valueHint: "PATH" }),
  f("no-prompt-templates", "boolean", RES, "load no prompt templates"),

  f("version", "boolean", OTHER, "print the version", { short: "v", cliOnly: true }),
  f("help", "boolean", OTHER, "print this help", { short: "h", cliOnly: true }),
];

export const FLAG_BY_NAME: ReadonlyMap<string, FlagDef> = new Map(FLAGS.map((d) => [d.name, d]));

/** Config-only scalar keys (no flag of their own). */
export const CONFIG_ONLY_KEYS: readonly FlagDef[] = [
  f("bash-timeout", "number", OTHER, "default timeout of the bash tool in seconds (120)"),
  f("bash-max-timeout", "number", OTHER, "largest timeout the model may ask of the bash tool, in seconds (600)"),
  f("theme", "string", OTHER, "colour theme of the terminal UI"),
  f("extension-grace", "number", OTHER, "how long kit waits for extension handlers at a turn's end or a quit, in seconds (5)"),
  f("mcp-startup-timeout", "number", OTHER, "seconds a headless run waits for its MCP servers to start (10)"),
  f("credential-store", "string", OTHER, "where kit auth login and /login keep keys: file ($XDG_DATA_HOME/kit/credentials.json, mode 0600) or keychain (macOS Keychain, Linux Secret Service)", { choices: ["file", "keychain"] }),
  f("max-retries", "number", OTHER, "retries of a failed provider call (429, 5xx, overload, dropped connection), default 4"),
  f("stream-first-byte-timeout", "number", OTHER, "seconds to wait for a provider's response before retrying the call (120; 0 = no limit)"),
  f("stream-idle-timeout", "number", OTHER, "seconds a provider's stream may send nothing of the answer (pings do not count) before the call is retried (120; 0 = no limit)"),
];

/** Config keys whose values are objects (given as JSON text when they come from the environment). */
export const OBJECT_KEYS = ["options", "customModels", "providers", "mcpServers"] as const;
export type ObjectKey = (typeof OBJECT_KEYS)[number];

/** Every scalar key a config file or KIT_* variable may set. */
export const SCALAR_KEYS: ReadonlyMap<string, FlagDef> = new Map(
  [...FLAGS.filter((d) => !d.cliOnly), ...CONFIG_ONLY_KEYS].map((d) => [d.name, d]),
);

/** `max-tokens` -> `KIT_MAX_TOKENS`, `customModels` -> `KIT_CUSTOMMODELS`. */
export function envNameOf(key: string): string {
  return "KIT_" + key.toUpperCase().replace(/-/g, "_");
}
