/**
 * `kit install --uninstall <source>` and `kit install --list`.
 *
 * Uninstall moves the package directory into the work area, writes the manifest without the entry,
 * then deletes the directory: if the manifest cannot be written the directory is put back. The next
 * kit start no longer loads it. The source names the repository; its @ref and sub-directory are not
 * needed to find it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import { contentHash, extensionFiles } from "./content.ts";
import { makeWorkDir, moveInto, packageDir, pruneEmptyParents, removeWorkDir, scopeRoot, withLock } from "./layout.ts";
import { manifestPath, readManifest, writeManifest, type Scope } from "./manifest.ts";
import { refDescription, sameRepo, short, type OpContext } from "./op-context.ts";
import { installedIn } from "./op-update.ts";
import { packageExtensions } from "./packages.ts";
import { packageId, parseSource } from "./source.ts";

export async function uninstallPackage(ctx: OpContext, sourceText: string, scope: Scope): Promise<void> {
  const source = parseSource(sourceText);
  const root = scopeRoot(scope, ctx);
  const other: Scope = scope === "global" ? "local" : "global";
  const notInstalled = () =>
    new UsageError(
      `${packageId(source)} is not installed (${scope})` +
        (installedIn(ctx, other, source) ? `; it is installed ${other === "local" ? "in this project: add --local" : "globally: drop --local"}` : ""),
    );
  if (!existsSync(manifestPath(root))) throw notInstalled();
  const removed = await withLock(root, async () => {
    const manifest = readManifest(root);
    const entry = manifest.packages.find((p) => sameRepo(p, source));
    if (!entry) throw notInstalled();
    const target = packageDir(root, entry);
    const work = makeWorkDir(root);
    try {
      const trash = join(work, "removed");
      const had = existsSync(target);
      if (had) moveInto(target, trash);
      try {
        writeManifest(root, { packages: manifest.packages.filter((p) => p !== entry) });
      } catch (err) {
        if (had) moveInto(trash, target);
        throw err;
      }
    } finally {
      removeWorkDir(work);
    }
    pruneEmptyParents(target, root);
    return { entry, target };
  });
  ctx.print(`Uninstalled ${packageId(removed.entry)} (${scope})`);
  ctx.print(`  removed ${ctx.show(removed.target)}`);
}

/** Installed packages of these scopes, with scope, ref, commit and the extensions that load. */
export function listPackages(ctx: OpContext, scopes: readonly Scope[]): void {
  let count = 0;
  for (const scope of scopes) {
    const root = scopeRoot(scope, ctx);
    for (const entry of readManifest(root).packages) {
      if (count++ > 0) ctx.print("");
      const dir = packageDir(root, entry);
      ctx.print(`${packageId(entry)}  (${scope})`);
      ctx.print(`  source:     ${entry.source}`);
      ctx.print(`  ref:        ${refDescription(entry)}`);
      ctx.print(`  commit:     ${short(entry.commit)}  installed ${entry.installed.slice(0, 10)}${entry.updated ? `, updated ${entry.updated.slice(0, 10)}` : ""}`);
      ctx.print(`  directory:  ${ctx.show(dir)}`);
      if (!existsSync(dir)) {
        ctx.print(`  missing:    the directory is gone; run 'kit install --uninstall ${entry.source}${scope === "local" ? " --local" : ""}' and install it again`);
        continue;
      }
      const { extensions, missing } = packageExtensions(dir, entry);
      const names = extensions.map((e) => e.name).join(", ") || "none";
      ctx.print(`  extensions: ${entry.include ? `${names} (selected)` : `${names} (all)`}`);
      if (missing.length > 0) ctx.print(`  missing:    ${missing.join(", ")}`);
      else if (contentHash(extensionFiles(dir, extensions)) !== entry.hash) ctx.print(`  modified:   extension files changed since they were installed`);
    }
  }
  if (count === 0) ctx.print("No packages installed. Install one with: kit install <source>");
}
