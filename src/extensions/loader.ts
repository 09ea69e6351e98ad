/**
 * Loads extension files into a registry. An extension is a module imported from disk at run time
 * (`await import(absPath)`, no build step); its entry is the default export or a named `init`, called
 * with an ExtensionAPI and awaited. `kit/ext` is served by the runtime plugin of kit-modules.ts, in the
 * compiled binary too; the extension's relative imports and its own node_modules resolve from disk.
 *
 * A failure (syntax error, failed import, no entry, a throw or rejection in init, an unknown event at
 * registration, an API_VERSION the extension exports that is not this one) becomes a LoadError with the
 * file and line where Bun gives them; that extension is skipped, with whatever it had registered, and
 * the others keep loading.
 */
import { existsSync } from "node:fs";
import { createExtensionAPI } from "./api.ts";
import { API_VERSION } from "./contract.ts";
import { freshImport, freshImportMany } from "./fresh-import.ts";
import { registerKitModules } from "./kit-modules.ts";
import { toLoadError, type LoadError } from "./load-error.ts";
import { ExtensionRegistry, type RegistryOptions } from "./registry.ts";

export { registerKitModules } from "./kit-modules.ts";
export { formatLoadError, type LoadError } from "./load-error.ts";
export { discoverExtensions, type DiscoverOptions, type Discovery } from "./discovery.ts";

export interface LoadOptions {
  /**
   * Re-bundle each extension from its current files (hot reload) instead of importing it, which Bun
   * would answer from its module cache.
   */
  fresh: boolean;
  /** Load into this registry; by default a new one is made (with `registryOptions`). */
  registry?: ExtensionRegistry;
  registryOptions?: RegistryOptions;
  /** Where hot-reload bundles are written (briefly); default the OS temp directory. */
  tempRoot?: string;
}

export interface LoadResult {
  registry: ExtensionRegistry;
  /** Paths of the extensions that loaded, in load order. */
  loaded: string[];
  errors: LoadError[];
}

/** Loads `paths` in order (the order handlers run in). Never throws for a bad extension. */
export async function loadAll(paths: readonly string[], opts: LoadOptions): Promise<LoadResult> {
  const registry = opts.registry ?? new ExtensionRegistry(opts.registryOptions);
  const loaded: string[] = [];
  const errors: LoadError[] = [];
  registerKitModules();
  // A reload bundles every extension in one bundler run; a first load imports them from disk.
  const fresh = opts.fresh ? await freshImportMany(paths.filter((p) => existsSync(p)), { tempRoot: opts.tempRoot }) : undefined;
  for (const path of paths) {
    const error = await loadExtension(registry, path, { ...opts, preloaded: fresh?.get(path) });
    if (error) errors.push(error);
    else loaded.push(path);
  }
  return { registry, loaded, errors };
}

/** Loads one extension into `registry`; returns the error instead of throwing it. */
export async function loadExtension(
  registry: ExtensionRegistry,
  path: string,
  opts: { fresh: boolean; tempRoot?: string; preloaded?: Record<string, unknown> | Error },
): Promise<LoadError | undefined> {
  registerKitModules();
  if (!existsSync(path)) return { path, message: `extension not found: ${path}` };
  let mod: Record<string, unknown>;
  try {
    if (opts.preloaded instanceof Error) throw opts.preloaded;
    mod = opts.preloaded ?? (opts.fresh ? await freshImport(path, { tempRoot: opts.tempRoot }) : ((await import(path)) as Record<string, unknown>));
  } catch (err) {
    return toLoadError(path, err);
  }

  if ("API_VERSION" in mod && mod.API_VERSION !== API_VERSION) {
    return {
      path,
      message: `written for extension API version ${String(mod.API_VERSION)}; this kit implements version ${API_VERSION}`,
    };
  }
  const init = entryOf(mod);
  if (!init) return { path, message: "no entry point: export a default function, or a function named `init`" };

  try {
    registry.begin(path);
  } catch (err) {
    return toLoadError(path, err);
  }
  try {
    await init(createExtensionAPI(registry, path));
  } catch (err) {
    registry.drop(path);
    return toLoadError(path, err);
  }
  return undefined;
}

function entryOf(mod: Record<string, unknown>): ((api: unknown) => unknown) | undefined {
  if (typeof mod.default === "function") return mod.default as (api: unknown) => unknown;
  if (typeof mod.init === "function") return mod.init as (api: unknown) => unknown;
  return undefined;
}
