/**
 * What `kit extensions list` and `validate` share: their flags, finding the extensions the way a run
 * does (discovery.ts), loading them through the real loader into one registry (so name clashes show
 * up as they would in a run), and describing paths, registrations and failures for people.
 */
import { realpathSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { loadConfig } from "../../config/config.ts";
import { discoverExtensions, formatLoadError, loadAll, type LoadError } from "../../extensions/loader.ts";
import type { ExtensionSource } from "../../extensions/discovery.ts";
import { installedExtensionPaths, SCOPES } from "../../install/packages.ts";
import { ProjectTrust, skippedLine } from "../../app/project-trust.ts";
import type { ExtensionRecord, ExtensionRegistry, RegistryIssue } from "../../extensions/registry.ts";
import { CORE_TOOL_NAMES } from "../../tools/index.ts";

export interface ExtensionsArgs {
  /** Each -e/--extension PATH, in order. */
  explicit: string[];
  noExtensions: boolean;
  /** --trust-project: load this project's extensions and config `extension` paths although it is not trusted. */
  trustProject: boolean;
  /** --config FILE */
  configFile?: string;
  positionals: string[];
}

/**
 * Parses the flags of list/validate. citty keeps only the last of a repeated flag, so -e is read here
 * from the raw arguments. Returns an error message for anything it does not know.
 */
export function parseExtensionsArgs(raw: readonly string[]): ExtensionsArgs | { error: string } {
  const out: ExtensionsArgs = { explicit: [], noExtensions: false, trustProject: false, positionals: [] };
  for (let i = 0; i < raw.length; i++) {
    const arg = raw[i]!;
    if (arg === "--") {
      out.positionals.push(...raw.slice(i + 1));
      break;
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("-") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("-") && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = raw[i + 1];
      if (next === undefined) return undefined;
      i++;
      return next;
    };
    if (name === "-e" || name === "--extension") {
      const v = value();
      if (v === undefined || v === "") return { error: `${name} needs a PATH` };
      out.explicit.push(v);
    } else if (name === "--config") {
      const v = value();
      if (v === undefined || v === "") return { error: "--config needs a FILE" };
      out.configFile = v;
    } else if (arg === "--no-extensions") {
      out.noExtensions = true;
    } else if (arg === "--trust-project") {
      out.trustProject = true;
    } else if (arg.startsWith("-") && arg !== "-") {
      return { error: `unknown option ${name}` };
    } else {
      out.positionals.push(arg);
    }
  }
  return out;
}

export interface LoadedExtensions {
  registry: ExtensionRegistry;
  /** Path → where it was found, for every entry that was tried. */
  sources: Map<string, ExtensionSource>;
  /** Every path that was tried, in load order (loaded or not). */
  tried: string[];
  /** Discovery failures (a missing -e path), then load failures, in order. */
  errors: LoadError[];
  /** The two directories kit scans, for messages. */
  scanned: { global: string; project: string };
  /** The line saying which of the project's items were skipped because it is not trusted. */
  untrusted?: string;
}

/** Built-in tool names an extension may not take. */
const BUILTIN_TOOLS = [...CORE_TOOL_NAMES, "subagent"];

/**
 * Finds extensions like a run does: global dir, installed packages (kit install), project dir, config
 * `extension` paths, then each -e; `--no-extensions` (or the config key) skips the two directories.
 * With `only`, loads just those paths (files or directories) instead.
 */
export async function findAndLoad(args: ExtensionsArgs, cwd: string, env: NodeJS.ProcessEnv, only?: string[]): Promise<LoadedExtensions> {
  // Listing imports the extensions, so an untrusted project's are skipped as in a run.
  const load = { cwd, env, flags: {}, explicitFile: args.configFile };
  const trust = new ProjectTrust(load, loadConfig(load), args.trustProject || only !== undefined, args.explicit);
  const config = trust.settle("skip");
  const noDiscovery = args.noExtensions || config.bool("no-extensions");
  const scopes = config.projectSkipped ? (["global"] as const) : SCOPES;
  const installed = only || noDiscovery ? { paths: [], errors: [] } : installedExtensionPaths({ dataDir: config.paths.dataDir, cwd }, scopes);
  const discovery = only
    ? discoverExtensions({ configDir: config.paths.configDir, cwd, packages: [], explicit: only, noDiscovery: true, configPaths: [] })
    : discoverExtensions({
        configDir: config.paths.configDir,
        cwd,
        packages: installed.paths,
        explicit: args.explicit,
        noDiscovery,
        skipProject: config.projectSkipped,
        configPaths: config.list("extension"),
      });
  const result = await loadAll(discovery.paths, { fresh: false, registryOptions: { builtinTools: BUILTIN_TOOLS } });
  return {
    registry: result.registry,
    sources: new Map(discovery.extensions.map((e) => [e.path, e.source])),
    tried: discovery.paths,
    errors: [...installed.errors, ...discovery.errors, ...result.errors],
    scanned: { global: join(config.paths.configDir, "extensions"), project: join(cwd, ".kit", "extensions") },
    ...(trust.untrusted ? { untrusted: skippedLine(trust.untrusted) } : {}),
  };
}

/**
 * Paths as a person reads them: relative inside the working directory, `~/…` inside the home
 * directory, absolute otherwise. Discovery gives real paths, so cwd and home are compared as such.
 */
export function pathDisplay(cwd: string, home: string | undefined): (path: string) => string {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const roots: [string, (rest: string) => string][] = [[real(cwd), (rest) => rest]];
  if (home) roots.push([real(home), (rest) => `~${sep}${rest}`]);
  return (path) => {
    if (!isAbsolute(path)) return path;
    for (const [root, show] of roots) {
      const rest = relative(root, path);
      if (rest !== "" && !rest.startsWith("..") && !isAbsolute(rest)) return show(rest);
    }
    return path;
  };
}

export const SOURCE_LABELS: Record<ExtensionSource, string> = {
  global: "global",
  package: "package",
  project: "project",
  config: "config",
  explicit: "-e",
};

/** Event handlers with their counts: "input, tool_call(2), custom:deploy". */
export function describeEvents(rec: ExtensionRecord): string[] {
  const count = (name: string, n: number) => (n > 1 ? `${name}(${n})` : name);
  return [
    ...[...rec.handlers].filter(([, hs]) => hs.length > 0).map(([event, hs]) => count(event, hs.length)),
    ...[...rec.customHandlers].filter(([, hs]) => hs.length > 0).map(([name, hs]) => count(`custom:${name}`, hs.length)),
  ];
}

/** What one extension registered, in one line ("registers nothing" when empty). */
export function describeRecord(rec: ExtensionRecord): string {
  const parts: string[] = [];
  const events = describeEvents(rec);
  if (events.length > 0) parts.push(`events: ${events.join(", ")}`);
  if (rec.tools.length > 0) parts.push(`tools: ${rec.tools.join(", ")}`);
  if (rec.commands.length > 0) parts.push(`commands: ${rec.commands.map((c) => "/" + c).join(", ")}`);
  if (rec.shortcuts.length > 0) parts.push(`shortcuts: ${rec.shortcuts.join(", ")}`);
  if (rec.options.length > 0) parts.push(`options: ${rec.options.join(", ")}`);
  return parts.length > 0 ? parts.join("; ") : "registers nothing";
}

/** "file:line:column: message", with paths shown the way `show` shows them. */
export function describeError(e: LoadError, show: (p: string) => string): string {
  return formatLoadError({ ...e, path: show(e.path), ...(e.file !== undefined ? { file: show(e.file) } : {}) });
}

/** A name clash, with paths shown the way `show` shows them. */
export function describeIssue(issue: RegistryIssue, show: (p: string) => string): string {
  const by = issue.owner === "kit" ? "a built-in" : issue.owner === issue.extPath ? "this extension already" : show(issue.owner);
  return `${show(issue.extPath)}: ${issue.kind} "${issue.name}" is already registered by ${by}; ignored`;
}
