import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isMap, parseDocument, type Document } from "yaml";
import { writeFileAtomic } from "../config/atomic-write.ts";
import { findConfigFile } from "../config/file.ts";
import type { KitPaths } from "../config/paths.ts";
import { UsageError } from "../errors.ts";

/**
 * Adding and removing `mcpServers` entries in a config file the user also edits by hand: the file is
 * changed through the YAML Document API, so comments, key order and every other key survive, and
 * written atomically (a crash leaves the old file or the new one).
 */

/** The global config file `kit mcp add` writes: the one kit reads, or a new $XDG_CONFIG_HOME/kit/config.yml. */
export function globalConfigPath(paths: KitPaths): string {
  return findConfigFile(paths.configDir, "config") ?? findConfigFile(paths.home, ".kit") ?? join(paths.configDir, "config.yml");
}

/** The project config file (`-l`): ./.kit.yml|yaml|json, or a new ./.kit.yml. */
export function projectConfigPath(cwd: string): string {
  return findConfigFile(cwd, ".kit") ?? resolve(cwd, ".kit.yml");
}

/** Adds (or replaces) the server `name` in `path`; true when an entry of that name was replaced. */
export function addServerEntry(path: string, name: string, entry: Record<string, unknown>): boolean {
  const doc = readDocument(path);
  const replaced = doc.hasIn(["mcpServers", name]);
  if (!isMap(doc.get("mcpServers"))) doc.set("mcpServers", doc.createNode({}));
  doc.setIn(["mcpServers", name], doc.createNode(entry));
  writeDocument(path, doc);
  return replaced;
}

/** Removes the server `name` from `path` (the `mcpServers` key too when it becomes empty); false when it had none. */
export function removeServerEntry(path: string, name: string): boolean {
  if (!existsSync(path)) return false;
  const doc = readDocument(path);
  if (!doc.hasIn(["mcpServers", name])) return false;
  doc.deleteIn(["mcpServers", name]);
  const servers = doc.get("mcpServers");
  if (isMap(servers) && servers.items.length === 0) doc.delete("mcpServers");
  writeDocument(path, doc);
  return true;
}

/** Whether the file at `path` has an entry for the server `name`. */
export function hasServerEntry(path: string, name: string): boolean {
  return existsSync(path) && readDocument(path).hasIn(["mcpServers", name]);
}

function readDocument(path: string): Document {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const doc = parseDocument(text);
  if (doc.errors.length) throw new UsageError(`${path}: invalid config (${doc.errors[0]!.message.split("\n")[0]}); fix it before changing it with kit mcp`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new UsageError(`${path}: a config file must be a mapping of keys to values`);
  return doc;
}

function writeDocument(path: string, doc: Document): void {
  // A JSON config stays JSON (YAML's output is not); it has no comments to keep.
  const text = path.endsWith(".json") ? JSON.stringify(doc.toJS() ?? {}, null, 2) + "\n" : doc.toString();
  writeFileAtomic(path, text);
}
