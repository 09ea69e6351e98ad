/**
 * What a project directory would load that can run code or redirect credentials (issue #21), each
 * with a digest of its content so trust can be bound to it:
 *   - `./.kit/extensions/` entries (their files; helpers beside them count for every single-file entry),
 *   - packages installed into the project (`./.kit/git/`, `kit install --local`),
 *   - keys of the project config file other than the plain settings of SAFE_PROJECT_KEYS (provider URL,
 *     key, wire, `providers`, `customModels`, `mcpServers` one per server, `mcp-config` with its files,
 *     `extension` with its files, `options`, `session`, and any key kit adds later until it is
 *     classified here), and the path keys when they name a file outside the project.
 * Skills, prompt templates, agents, themes and context files are markdown or YAML: they load as
 * always (they shape what the model is told, they run nothing).
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { Config } from "../config/config.ts";
import { projectConfigFile } from "../config/config.ts";
import { parseConfigText } from "../config/file.ts";
import { scanDirectory } from "../extensions/discovery.ts";
import { scopeRoot } from "../install/layout.ts";
import { printableLine } from "../ui/ansi.ts";

export interface ProjectItem {
  /** Stable name of the item in a trust record ("extension .kit/extensions/x.ts", "config provider-url"). */
  id: string;
  /** What the user is shown: the file, or the key with its value, or the server with its command. */
  label: string;
  /** sha256 of the item's content: its files, or its value. */
  digest: string;
  /** A key of the project config file to leave out when the project is not trusted. */
  configKey?: string;
}

/** Project config keys that only tune a run and name nothing outside the project: they load without trust. */
const SAFE_PROJECT_KEYS: ReadonlySet<string> = new Set([
  "model", "thinking-level", "max-tokens", "temperature", "top-p", "top-k", "stop-sequences", "frequency-penalty", "presence-penalty",
  "max-steps", "max-cost", "quiet", "json", "output", "no-exit", "auto-compact", "debug",
  "continue", "resume", "no-session",
  "no-extensions", "no-core-tools", "include-core-tools", "exclude-core-tools", "no-mcp",
  "skill-disable", "no-skills", "no-agents", "no-prompt-templates",
  "bash-timeout", "bash-max-timeout", "theme", "extension-grace", "mcp-startup-timeout", "max-retries",
  "stream-first-byte-timeout", "stream-idle-timeout",
]);

/** Keys naming a file (or text) that is read into the prompt: a file inside the project is fine, one outside is not. */
const PATH_KEYS: ReadonlySet<string> = new Set(["system-prompt", "append-system-prompt", "skill", "skills-dir", "prompt-template"]);

/** Keys naming files kit loads as code or as server commands: their files are part of the digest. */
const FILE_KEYS: ReadonlySet<string> = new Set(["extension", "mcp-config"]);

/** Fields of a `providers` or `customModels` entry that describe a model without saying where or how to reach it. */
const FACT_FIELDS: ReadonlySet<string> = new Set(["name", "limit", "cost"]);

/** Folders never hashed: dependencies (installed from the package's own lock file) and version control. */
const UNHASHED = new Set(["node_modules", ".git", ".tmp", ".lock"]);

export interface ProjectItems {
  /** The project's real path, the key of its trust record. */
  project: string;
  items: ProjectItem[];
}

/** The items of the project in `cwd` that need the user's trust; `config` is the full configuration (for --no-extensions, --no-mcp, --config). */
export function projectItems(cwd: string, config: Config): ProjectItems {
  const project = realpathSync(cwd);
  const items: ProjectItem[] = [];
  // --config FILE reads no project file; the user named the file.
  const configFile = projectConfigFile(cwd, config.paths);
  if (configFile && config.files.includes(configFile)) items.push(...configItems(configFile, project, config));
  if (!config.bool("no-extensions")) {
    items.push(...extensionItems(project));
    const packages = localPackagesItem(project, config.paths.dataDir);
    if (packages) items.push(packages);
  }
  return { project, items };
}

/** The packages `kit install --local` put into the project (`.kit/git/`), as one item; undefined when there are none. */
export function localPackagesItem(project: string, dataDir: string): ProjectItem | undefined {
  const packages = scopeRoot("local", { dataDir, cwd: project });
  if (!existsSync(packages)) return undefined;
  return { id: "packages .kit/git", label: ".kit/git/ (extension packages installed into the project)", digest: treeDigest(packages) };
}

function configItems(path: string, project: string, config: Config): ProjectItem[] {
  const name = relative(project, path);
  // The text as written, before ${env://…} substitution: the digest is of the file, and a value that
  // quotes a secret from the environment is shown as the reference, never as the secret.
  const values = parseConfigText(readFileSync(path, "utf8"), path).values;
  const items: ProjectItem[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || SAFE_PROJECT_KEYS.has(key)) continue;
    if (key === "mcpServers" && config.bool("no-mcp")) continue;
    if (PATH_KEYS.has(key)) {
      const outside = asList(value).filter((p) => isOutside(resolve(project, p), project));
      if (outside.length === 0) continue;
      items.push(keyItem(name, key, value, outside.map((p) => fileDigest(resolve(project, p)))));
    } else if (FILE_KEYS.has(key)) {
      items.push(keyItem(name, key, value, asList(value).map((p) => fileDigest(resolve(project, p)))));
    } else if (key === "mcpServers" && isRecord(value)) {
      for (const [entry, entryValue] of Object.entries(value)) items.push(keyItem(name, `${key}.${entry}`, entryValue, []));
    } else if ((key === "providers" || key === "customModels") && isRecord(value)) {
      // A model's name, window and prices are only facts; its endpoint, key, wire or headers redirect.
      for (const [entry, entryValue] of Object.entries(value)) {
        if (isRecord(entryValue) && Object.keys(entryValue).every((field) => FACT_FIELDS.has(field))) continue;
        items.push(keyItem(name, `${key}.${entry}`, entryValue, []));
      }
    } else {
      items.push(keyItem(name, key, value, []));
    }
  }
  return items;
}

function keyItem(file: string, key: string, value: unknown, fileDigests: string[]): ProjectItem {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return {
    id: `config ${key}`,
    label: `${file}: ${key}: ${clip(printableLine(text), 200)}`,
    digest: sha256([text, ...fileDigests].join("\0")),
    configKey: key.split(".")[0]!,
  };
}

function extensionItems(project: string): ProjectItem[] {
  const dir = join(project, ".kit", "extensions");
  const entries = scanDirectory(dir);
  if (entries.length === 0) return [];
  // A single-file extension may import any file of the directory that is not another extension's folder.
  const folders = new Set(entries.map((e) => relative(dir, e).split(sep)).filter((parts) => parts.length > 1).map((parts) => parts[0]!));
  const shared = treeDigest(dir, (name) => !folders.has(name));
  return entries.map((entry) => {
    const rel = relative(project, entry);
    const parts = relative(dir, entry).split(sep);
    const digest = parts.length > 1 ? treeDigest(join(dir, parts[0]!)) : sha256(`${fileDigest(entry)}\0${shared}`);
    return { id: `extension ${rel}`, label: printableLine(rel), digest };
  });
}

/** sha256 over a file's bytes, or a directory tree's names and bytes; "missing" for what does not exist. */
function fileDigest(path: string): string {
  try {
    return statSync(path).isDirectory() ? treeDigest(path) : sha256(readFileSync(path));
  } catch {
    return "missing";
  }
}

/** A digest of every file under `dir` (names and bytes, symlinks by their target), in name order. */
function treeDigest(dir: string, include: (topName: string) => boolean = () => true): string {
  const hash = createHash("sha256");
  const walk = (abs: string, rel: string, top: boolean) => {
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (UNHASHED.has(name) || (top && !include(name))) continue;
      const path = join(abs, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) hash.update(`link ${relPath} ${readlinkSync(path)}\0`);
      else if (stat.isDirectory()) walk(path, relPath, false);
      else if (stat.isFile()) hash.update(`file ${relPath}\0`).update(readFileSync(path)).update("\0");
    }
  };
  walk(dir, "", true);
  return hash.digest("hex");
}

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function isOutside(path: string, project: string): boolean {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return false; // not a file: the value is text, or a path that will be reported missing
  }
  return real !== project && !real.startsWith(project + sep);
}

function asList(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, width - 1) + "…";
}
