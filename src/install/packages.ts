/**
 * Installed packages as the extension loader sees them: the entry files to load, global packages
 * first, then this project's (`./.kit/git/`), each in manifest order, honouring each package's
 * `include` list (spec/install.md: installed packages load after the global extension directory and
 * before the project one; discovery.ts puts them there). A package without `include` loads every
 * extension its directory holds now. A damaged manifest or a missing package directory is reported,
 * never silently skipped; an uninstalled package is simply absent from the manifest.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { LoadError } from "../extensions/load-error.ts";
import { scopeRoot, packageDir, type ScopeDirs } from "./layout.ts";
import { escapingLinkProblem } from "./links.ts";
import { manifestPath, readManifest, type PackageEntry, type Scope } from "./manifest.ts";
import { scanPackage, type FoundExtension } from "./scan.ts";
import { packageId } from "./source.ts";

export interface InstalledExtensions {
  /** Entry files in load order. */
  paths: string[];
  errors: LoadError[];
}

export const SCOPES: readonly Scope[] = ["global", "local"];

/** `scopes`: without "local" when the project is not trusted (its `.kit/git/` is the repository's). */
export function installedExtensionPaths(dirs: ScopeDirs, scopes: readonly Scope[] = SCOPES): InstalledExtensions {
  const paths: string[] = [];
  const errors: LoadError[] = [];
  for (const scope of scopes) {
    const root = scopeRoot(scope, dirs);
    if (!existsSync(manifestPath(root))) continue;
    let packages: PackageEntry[];
    try {
      packages = readManifest(root).packages;
    } catch (err) {
      errors.push({ path: manifestPath(root), message: (err as Error).message });
      continue;
    }
    for (const entry of packages) {
      const dir = packageDir(root, entry);
      if (!existsSync(dir)) {
        errors.push({ path: dir, message: `installed package ${packageId(entry)} is missing its directory ${dir}; run kit install --uninstall ${entry.source}${scope === "local" ? " --local" : ""} and install it again` });
        continue;
      }
      const unsafe = escapingLinkProblem(dir);
      if (unsafe) {
        errors.push({ path: dir, message: `installed package ${packageId(entry)} ${unsafe}; remove the link, or uninstall the package (kit install --uninstall ${entry.source}${scope === "local" ? " --local" : ""})` });
        continue;
      }
      const { extensions, missing } = packageExtensions(dir, entry);
      paths.push(...extensions.map((e) => e.entry));
      for (const rel of missing) {
        errors.push({ path: join(dir, rel), message: `${rel} of installed package ${packageId(entry)} no longer exists (it is in the package's include list)` });
      }
    }
  }
  return { paths, errors };
}

/** The extensions of an installed package that load: its include list, or all it holds. */
export function packageExtensions(dir: string, entry: Pick<PackageEntry, "subdir" | "include">): { extensions: FoundExtension[]; missing: string[] } {
  const all = scanPackage(dir, entry.subdir).extensions;
  if (!entry.include) return { extensions: all, missing: [] };
  const byRel = new Map(all.map((e) => [e.rel, e]));
  const extensions: FoundExtension[] = [];
  const missing: string[] = [];
  for (const rel of entry.include) {
    const found = byRel.get(rel);
    if (found) extensions.push(found);
    else missing.push(rel);
  }
  return { extensions, missing };
}
