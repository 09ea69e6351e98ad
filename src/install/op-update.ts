/**
 * `kit install --update [source]`: moves tracked packages to the newest commit of their branch;
 * pinned ones print `Skipping <id> (pinned at <ref>)`. The new commit is fetched into a work directory
 * and swapped in with renames, then the manifest is written atomically: a failed or killed update
 * leaves the previous install as it was. Prints `old..new` and the extension files that changed.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { KitError, UsageError } from "../errors.ts";
import { contentHash, diffFiles, extensionFiles } from "./content.ts";
import { makeWorkDir, moveInto, packageDir, removeWorkDir, scopeRoot, withLock } from "./layout.ts";
import { refuseEscapingLinks } from "./links.ts";
import { manifestPath, readManifest, writeManifest, type PackageEntry, type Scope } from "./manifest.ts";
import { checkExtensionCount, fetchProgress, installPackageDependencies, sameRepo, short, transportOf, type OpContext } from "./op-context.ts";
import { packageExtensions } from "./packages.ts";
import { trackedCommit } from "./refs.ts";
import { Remote } from "./remote.ts";
import { describeEmpty, scanPackage } from "./scan.ts";
import { packageId, parseSource } from "./source.ts";

/** Updates every package of these scopes, or the one `sourceText` names. Returns the exit code. */
export async function updatePackages(ctx: OpContext, sourceText: string | undefined, scopes: readonly Scope[]): Promise<number> {
  const source = sourceText === undefined ? undefined : parseSource(sourceText);
  let matched = 0;
  let failed = 0;
  for (const scope of scopes) {
    const root = scopeRoot(scope, ctx);
    if (!existsSync(manifestPath(root))) continue;
    await withLock(root, async () => {
      const manifest = readManifest(root);
      for (const entry of manifest.packages.filter((p) => !source || sameRepo(p, source))) {
        matched++;
        try {
          await updateOne(ctx, root, entry, (next) => {
            const packages = readManifest(root).packages.map((p) => (sameRepo(p, next) ? next : p));
            writeManifest(root, { packages });
          });
        } catch (err) {
          if (source) throw err;
          failed++;
          ctx.warn(`kit: cannot update ${packageId(entry)}: ${(err as Error).message}`);
        }
      }
    });
  }
  if (source && matched === 0) {
    const other = scopes.length === 1 ? (scopes[0] === "global" ? "local" : "global") : undefined;
    const elsewhere = other && installedIn(ctx, other, source);
    throw new UsageError(
      `${packageId(source)} is not installed${scopes.length === 1 ? ` (${scopes[0]})` : ""}` +
        (elsewhere ? `; it is installed ${other === "local" ? "in this project: add --local" : "globally: drop --local"}` : `; install it with 'kit install ${source.text}'`),
    );
  }
  if (matched === 0) ctx.print("No packages installed. Install one with: kit install <source>");
  return failed > 0 ? 1 : 0;
}

export function installedIn(ctx: OpContext, scope: Scope, source: { host: string; path: string }): boolean {
  try {
    return readManifest(scopeRoot(scope, ctx)).packages.some((p) => sameRepo(p, source));
  } catch {
    return false;
  }
}

/** Updates one package; returns its new manifest entry, or undefined when nothing changed. */
async function updateOne(ctx: OpContext, root: string, entry: PackageEntry, save: (next: PackageEntry) => void): Promise<PackageEntry | undefined> {
  const id = packageId(entry);
  if (entry.pinned) {
    ctx.print(`Skipping ${id} (pinned at ${entry.ref})`);
    return undefined;
  }
  const remote = new Remote(entry.repo, transportOf(entry), { env: ctx.env, progress: fetchProgress(ctx, `Fetching ${id}`) });
  ctx.progress?.update(`Checking ${id}…`);
  const tip = trackedCommit(entry.ref, await remote.refs());
  ctx.progress?.clear();
  if (!tip) throw new KitError(`${entry.repo} has no branch ${entry.ref ?? "HEAD"} any more: uninstall the package ('kit install --uninstall ${entry.source}') and install it again with another @ref`, 1, "fetch");
  if (tip.commit === entry.commit) {
    ctx.print(`${id} is up to date (${short(entry.commit)})`);
    return undefined;
  }

  const target = packageDir(root, entry);
  const work = makeWorkDir(root);
  try {
    const checkout = join(work, "checkout");
    const commit = await remote.fetch(checkout, { kind: "branch", ref: tip.ref, name: tip.ref.replace(/^refs\/heads\//, ""), commit: tip.commit });
    ctx.progress?.clear();
    refuseEscapingLinks(checkout, `commit ${short(commit)} of ${id}`);
    const scan = scanPackage(checkout, entry.subdir);
    if (scan.extensions.length === 0) {
      throw new KitError(`commit ${short(commit)} of ${entry.repo} has no extension (${describeEmpty(checkout, entry.subdir, scan)}); the installed version is kept`, 1, "no-extension");
    }
    let selected = scan.extensions;
    const notes: string[] = [];
    if (entry.include) {
      const byRel = new Map(scan.extensions.map((e) => [e.rel, e]));
      selected = entry.include.flatMap((rel) => byRel.get(rel) ?? []);
      const gone = entry.include.filter((rel) => !byRel.has(rel));
      const added = scan.extensions.filter((e) => !entry.include!.includes(e.rel));
      if (selected.length === 0) {
        throw new KitError(`none of the selected extensions of ${id} (${entry.include.join(", ")}) exist at commit ${short(commit)}; the installed version is kept`, 1, "no-extension");
      }
      if (gone.length > 0) notes.push(`  no longer in the repository (dropped from the selection): ${gone.join(", ")}`);
      if (added.length > 0) notes.push(`  new, not selected: ${added.map((e) => e.name).join(", ")} (reinstall with --select to choose them)`);
    }
    checkExtensionCount(ctx, selected.length, id);
    await installPackageDependencies(ctx, checkout, entry.subdir, selected);
    refuseEscapingLinks(checkout, `commit ${short(commit)} of ${id} (with its dependencies)`);

    const before = existsSync(target) ? extensionFiles(target, packageExtensions(target, entry).extensions) : new Map<string, string>();
    const afterFiles = extensionFiles(checkout, selected);
    const next: PackageEntry = {
      ...entry,
      commit,
      updated: new Date().toISOString(),
      ...(entry.include ? { include: selected.map((e) => e.rel) } : {}),
      hash: contentHash(afterFiles),
    };
    const old = join(work, "old");
    if (existsSync(target)) moveInto(target, old);
    moveInto(checkout, target);
    try {
      save(next);
    } catch (err) {
      moveInto(target, checkout);
      if (existsSync(old)) moveInto(old, target);
      throw err;
    }

    ctx.print(`Updated ${id} ${short(entry.commit)}..${short(commit)}`);
    const changes = diffFiles(before, afterFiles);
    for (const path of changes.modified) ctx.print(`  modified  ${path}`);
    for (const path of changes.added) ctx.print(`  added     ${path}`);
    for (const path of changes.removed) ctx.print(`  removed   ${path}`);
    if (changes.modified.length + changes.added.length + changes.removed.length === 0) ctx.print("  no extension file changed");
    for (const note of notes) ctx.print(note);
    return next;
  } finally {
    ctx.progress?.clear();
    removeWorkDir(work);
  }
}
