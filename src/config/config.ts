import { resolve } from "node:path";
import { closest } from "../did-you-mean.ts";
import { UsageError } from "../errors.ts";
import { coerceFlagValue, type FlagValue, type FlagValues } from "./coerce.ts";
import { findConfigFile, readConfigFile, type ConfigFile } from "./file.ts";
import { envNameOf, OBJECT_KEYS, SCALAR_KEYS, type ObjectKey } from "./keys.ts";
import { kitPaths, type KitPaths } from "./paths.ts";
import { readPreferences } from "./preferences.ts";

export interface LoadConfigOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Values given on the command line (already typed by the flag parser). */
  flags: FlagValues;
  /** `--config FILE`: use only this file. */
  explicitFile?: string;
  /**
   * Keys of the project file left out because the user did not trust the project
   * (app/project-trust.ts decides which); the Config then says `projectSkipped`.
   */
  untrustedProjectKeys?: ReadonlySet<string>;
}

/**
 * The merged configuration. Precedence per key: flag > KIT_* env > project file > preferences >
 * global file > default. Preferences (the TUI's remembered theme/model/thinking level) sit above the
 * global file so an interactive choice sticks, and below the project file so a project can pin them.
 */
export class Config {
  constructor(
    private readonly scalars: Map<string, { value: FlagValue; origin: string; label: string }>,
    readonly options: Record<string, string>,
    /** Checked by the model registry, which knows their shape. */
    readonly customModels: Record<string, unknown>,
    readonly providers: Record<string, unknown>,
    /** The config files read, lowest precedence first (preferences.yml included). */
    readonly files: string[],
    readonly paths: KitPaths,
    /** Things about the configuration a user should know that do not stop the run (shown once per run). */
    readonly warnings: string[] = [],
    /** `mcpServers` entries by server name (checked by mcp/config.ts, which knows their shape). */
    readonly mcpServers: Record<string, unknown> = {},
    /** The project's items that can run code or redirect credentials are not loaded (the user did not trust them). */
    readonly projectSkipped = false,
  ) {}

  has(key: string): boolean {
    return this.scalars.has(key);
  }
  /** Where the value of `key` came from ("--model", "KIT_MODEL", "/home/u/.kit.yml:3", …), for messages. */
  origin(key: string): string {
    return this.scalars.get(key)?.origin ?? "default";
  }
  /** The value of `key` as an error names it ("--model", "KIT_MODEL", "/home/u/.kit.yml:3: model"). */
  label(key: string): string {
    return this.scalars.get(key)?.label ?? key;
  }
  string(key: string): string | undefined {
    const v = this.scalars.get(key)?.value;
    return typeof v === "string" ? v : undefined;
  }
  number(key: string): number | undefined {
    const v = this.scalars.get(key)?.value;
    return typeof v === "number" ? v : undefined;
  }
  bool(key: string): boolean {
    return this.scalars.get(key)?.value === true;
  }
  list(key: string): string[] {
    const v = this.scalars.get(key)?.value;
    return Array.isArray(v) ? v : [];
  }
}

/** `origin` says where a key's value came from; `label` names it in an error ("file:3: max-tokens", "KIT_MAX_TOKENS"). */
type Layer = { origin: (key: string) => string; label: (key: string) => string; values: Record<string, unknown> };

export function loadConfig(opts: LoadConfigOptions): Config {
  const paths = kitPaths(opts.env);
  const layers: Layer[] = []; // lowest precedence first
  const files: string[] = [];
  const warnings: string[] = [];
  const fileLayer = (file: ConfigFile): Layer => ({
    origin: (k) => `${file.path}:${file.lineOf(k)}`,
    label: (k) => `${file.path}:${file.lineOf(k)}: ${k}`,
    values: file.values,
  });

  if (opts.explicitFile) {
    const path = resolve(opts.cwd, opts.explicitFile);
    layers.push(fileLayer(readConfigFile(path, opts.env)));
    files.push(path);
  } else {
    const globalPath = globalConfigFile(paths, warnings);
    if (globalPath) {
      layers.push(fileLayer(readConfigFile(globalPath, opts.env)));
      files.push(globalPath);
    }
    const prefs = readPreferences(paths.preferencesFile);
    if (prefs) {
      layers.push(fileLayer(prefs));
      files.push(prefs.path);
    }
    const projectFile = projectConfigFile(opts.cwd, paths);
    if (projectFile) {
      const file = readConfigFile(projectFile, opts.env);
      const skipped = opts.untrustedProjectKeys;
      const values = skipped ? Object.fromEntries(Object.entries(file.values).filter(([k]) => !skipped.has(k))) : file.values;
      layers.push(fileLayer({ ...file, values }));
      files.push(projectFile);
    }
  }
  layers.push(envLayer(opts.env));
  // --config, --help and --version are command-line only; they are not configuration.
  const flagValues = Object.fromEntries(Object.entries(opts.flags).filter(([k]) => SCALAR_KEYS.has(k)));
  layers.push({ origin: (k) => `--${k}`, label: (k) => `--${k}`, values: flagValues });

  const scalars = new Map<string, { value: FlagValue; origin: string; label: string }>();
  const objects: Record<ObjectKey, Record<string, unknown>> = { options: {}, customModels: {}, providers: {}, mcpServers: {} };
  for (const layer of layers) {
    for (const [key, raw] of Object.entries(layer.values)) {
      if (raw === undefined || raw === null) continue;
      const origin = layer.origin(key);
      const def = SCALAR_KEYS.get(key);
      if (def) {
        const label = layer.label(key);
        scalars.set(key, { value: coerceFlagValue(def, raw, label), origin, label });
      } else if ((OBJECT_KEYS as readonly string[]).includes(key)) {
        Object.assign(objects[key as ObjectKey], expectMapping(raw, layer.label(key)));
      } else {
        throw new UsageError(`${origin}: unknown config key "${key}"${suggestKey(key)}. Keys are the global flag names (see 'kit --help').`);
      }
    }
  }
  return new Config(
    scalars,
    stringMap(objects.options, "options"),
    objects.customModels,
    objects.providers,
    files,
    paths,
    warnings,
    objects.mcpServers,
    opts.untrustedProjectKeys !== undefined,
  );
}

/** The project's config file, `./.kit.yml|yaml|json`; none when cwd is the home directory (there it is the global one). */
export function projectConfigFile(cwd: string, paths: KitPaths): string | undefined {
  return resolve(cwd, ".kit") !== resolve(paths.home, ".kit") ? findConfigFile(cwd, ".kit") : undefined;
}

/**
 * The global config file: `$XDG_CONFIG_HOME/kit/config.yml|yaml|json`, beside kit's other files, or
 * the original Kit's `~/.kit.yml|yaml|json`. Only one is read; when both exist the XDG one wins and
 * a warning names both, so an edit to the ignored one is not a mystery.
 */
function globalConfigFile(paths: KitPaths, warnings: string[]): string | undefined {
  const xdg = findConfigFile(paths.configDir, "config");
  const legacy = findConfigFile(paths.home, ".kit");
  if (xdg && legacy) {
    warnings.push(`two global config files: ${xdg} is used and ${legacy} is ignored; merge them into ${xdg} and remove the other`);
  }
  return xdg ?? legacy;
}

/** KIT_<KEY> variables; object keys take JSON text. Unrelated KIT_* variables (KIT_OPT_*, KIT_GIT_TOKEN) are ignored. */
function envLayer(env: NodeJS.ProcessEnv): Layer {
  const values: Record<string, unknown> = {};
  for (const key of SCALAR_KEYS.keys()) {
    const v = env[envNameOf(key)];
    if (v !== undefined && v !== "") values[key] = v;
  }
  for (const key of OBJECT_KEYS) {
    const name = envNameOf(key);
    const v = env[name];
    if (v === undefined || v === "") continue;
    try {
      values[key] = JSON.parse(v);
    } catch {
      throw new UsageError(`${name} must be a JSON object, e.g. ${name}='{"name":"value"}'`);
    }
  }
  return { origin: envNameOf, label: envNameOf, values };
}

function expectMapping(raw: unknown, where: string): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new UsageError(`${where} must be a mapping of names to values`);
  }
  return raw as Record<string, unknown>;
}

/** Extension options are strings; numbers and booleans written naturally in YAML are accepted as their text. */
function stringMap(raw: Record<string, unknown>, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === "object" && v !== null) throw new UsageError(`${key}.${k} must be a string, number or boolean`);
    out[k] = String(v);
  }
  return out;
}

function suggestKey(key: string): string {
  const candidates = [...SCALAR_KEYS.keys(), ...OBJECT_KEYS];
  const normalized = key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()).replace(/_/g, "-");
  const best = closest(normalized, candidates);
  return best ? ` (did you mean "${best}"?)` : "";
}
