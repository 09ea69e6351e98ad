/**
 * `kit install <source>`: fetch the repository into a work directory, find its extensions, let the
 * user choose (all, --include, --select), install npm dependencies, then move the checkout into place
 * with one rename and write the manifest atomically. Until that rename nothing the user has changes:
 * a failed or killed install leaves the previous packages and manifest as they were.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { KitError, UsageError } from "../errors.ts";
import { contentHash, extensionFiles } from "./content.ts";
import { makeWorkDir, moveInto, packageDir, removeWorkDir, scopeRoot, withLock } from "./layout.ts";
import { refuseEscapingLinks } from "./links.ts";
import { readManifest, writeManifest, type PackageEntry, type Scope } from "./manifest.ts";
import { checkExtensionCount, fetchProgress, installPackageDependencies, refDescription, sameRepo, short, type Chooser, type OpContext } from "./op-context.ts";
import { isPinned, resolveWant } from "./refs.ts";
import { Remote } from "./remote.ts";
import { describeEmpty, scanPackage } from "./scan.ts";
import { packageId, parseSource } from "./source.ts";

export interface InstallOptions {
  scope: Scope;
  choose: Chooser;
}

export async function installPackage(ctx: OpContext, sourceText: string, opts: InstallOptions): Promise<PackageEntry> {
  const source = parseSource(sourceText);
  const id = packageId(source);
  const root = scopeRoot(opts.scope, ctx);
  const localFlag = opts.scope === "local" ? " --local" : "";

  const { entry, paths } = await withLock(root, async () => {
    const manifest = readManifest(root);
    const existing = manifest.packages.find((p) => sameRepo(p, source));
    if (existing) {
      throw new UsageError(
        `${packageId(existing)} is already installed ${opts.scope === "global" ? "globally" : "in this project"} from ${existing.source} (${refDescription(existing)}): ` +
          `run 'kit install --update ${existing.source}${localFlag}' to update it, or 'kit install --uninstall ${existing.source}${localFlag}' first to install it again`,
      );
    }
    const work = makeWorkDir(root);
    try {
      const checkout = join(work, "checkout");
      const remote = new Remote(source.url, source.transport, { env: ctx.env, progress: fetchProgress(ctx, `Fetching ${id}`) }, source.credentials);
      ctx.progress?.update(`Fetching ${id}…`);
      const want = resolveWant(source.ref, await remote.refs(), source.url);
      const commit = await remote.fetch(checkout, want);
      ctx.progress?.clear();
      refuseEscapingLinks(checkout, id);

      const scan = scanPackage(checkout, source.subdir, { descriptions: true });
      if (scan.extensions.length === 0) {
        throw new KitError(`no extension found in ${source.text}: ${describeEmpty(checkout, source.subdir, scan)}`, 1, "no-extension");
      }
      const chosen = await opts.choose(scan.extensions, id);
      const selected = chosen ?? scan.extensions;
      if (selected.length === 0) throw new UsageError(`no extension was selected from ${id}; nothing was installed`);
      checkExtensionCount(ctx, selected.length, id);
      await installPackageDependencies(ctx, checkout, source.subdir, selected);
      refuseEscapingLinks(checkout, `${id} (with its dependencies)`);

      const now = new Date().toISOString();
      const entry: PackageEntry = {
        source: source.text,
        repo: source.url,
        host: source.host,
        path: source.path,
        ...(source.subdir ? { subdir: source.subdir } : {}),
        ...(source.ref ? { ref: source.ref } : {}),
        pinned: isPinned(want),
        commit,
        scope: opts.scope,
        installed: now,
        ...(chosen ? { include: chosen.map((e) => e.rel) } : {}),
        hash: contentHash(extensionFiles(checkout, selected)),
      };
      const target = packageDir(root, source);
      // A directory the manifest does not know (left by a crash between rename and manifest write) is replaced.
      if (existsSync(target)) moveInto(target, join(work, "orphan"));
      moveInto(checkout, target);
      try {
        writeManifest(root, { packages: [...manifest.packages, entry] });
      } catch (err) {
        moveInto(target, checkout);
        throw err;
      }
      return { entry, paths: selected.map((e) => ({ name: e.name, path: join(target, e.rel) })) };
    } finally {
      ctx.progress?.clear();
      removeWorkDir(work);
    }
  });

  ctx.print(`Installed ${paths.length} extension(s) from ${source.text}`);
  const width = Math.max(...paths.map((p) => p.name.length));
  for (const p of paths) ctx.print(`  ${p.name.padEnd(width)}  ${ctx.show(p.path)}`);
  ctx.print(
    entry.pinned
      ? `Pinned at ${source.ref} (commit ${short(entry.commit)}); --update leaves it there`
      : `Tracking ${source.ref ? `branch ${source.ref}` : "the default branch"} (commit ${short(entry.commit)}); 'kit install --update${localFlag}' fetches new commits`,
  );
  return entry;
}
