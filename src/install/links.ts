/**
 * Symbolic links in an installed package. A link whose target is outside the package directory
 * (`helper.ts -> /home/me/.ssh/config`, `lib -> ../../other`) would make kit load code that was never
 * installed, and that can change under it later without `--update`. Such links are refused:
 *   - at install and update, anywhere in the checkout (its dependencies too), before it is moved into place;
 *   - at load, anywhere in the package but `node_modules/` (checked at install; too big to walk at every start).
 * Links that stay inside the package are fine. A link counts as leaving when either the path it
 * names or the path it resolves to is outside, so a dangling link cannot start pointing out later.
 */
import { readdirSync, readlinkSync, realpathSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { KitError } from "../errors.ts";
import { relPath } from "./scan.ts";

export interface EscapingLink {
  /** Package-relative path of the link (`./a/b.ts`). */
  path: string;
  /** What the link says it points to. */
  target: string;
}

/** The first link under `pkgDir` that leaves it, skipping folders named in `skip` (at any depth). */
export function findEscapingLink(pkgDir: string, skip: ReadonlySet<string>): EscapingLink | undefined {
  const realRoot = realpathSync(pkgDir);
  const visit = (dir: string): EscapingLink | undefined => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return undefined; // unreadable: nothing in it can be loaded either
    }
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        if (leaves(abs, pkgDir, realRoot)) return { path: relPath(pkgDir, abs), target: readlinkSync(abs) };
      } else if (entry.isDirectory() && !skip.has(entry.name)) {
        const found = visit(abs);
        if (found) return found;
      }
    }
    return undefined;
  };
  return visit(pkgDir);
}

function leaves(link: string, root: string, realRoot: string): boolean {
  if (!inside(resolve(dirname(link), readlinkSync(link)), root)) return true;
  try {
    return !inside(realpathSync(link), realRoot);
  } catch {
    return false; // dangling, and what it names is inside
  }
}

function inside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(".." + sep) && rel !== ".." && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

/** What an install or update refuses: a checkout with a link out of it (`.git/` aside). */
export function refuseEscapingLinks(checkout: string, what: string): void {
  const link = findEscapingLink(checkout, new Set([".git"]));
  if (!link) return;
  throw new KitError(
    `${what} has a symbolic link ${link.path} -> ${link.target}, which points outside the package; kit does not install packages ` +
      `with links that leave them (the code behind such a link was never installed). Nothing was changed; ask the package's author to replace the link with the file itself`,
    1,
    "unsafe-link",
  );
}

/** The load-time message for a package with a link out of it, or undefined when it has none. */
export function escapingLinkProblem(pkgDir: string): string | undefined {
  const link = findEscapingLink(pkgDir, new Set([".git", "node_modules"]));
  return link && `has a symbolic link ${link.path} -> ${link.target}, which points outside the package, so none of its extensions load`;
}
