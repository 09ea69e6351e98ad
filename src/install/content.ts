/**
 * What an installed package's extensions consist of, as files with content hashes: the manifest's
 * `hash` (one SHA-256 over every installed extension file, so a local edit shows in `--list`), and the
 * files an update changed.
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { relPath, type FoundExtension } from "./scan.ts";

/** What installing dependencies adds to an extension folder: not the extension's own files. */
const NOT_CONTENT = new Set([".git", "node_modules", "bun.lock", "bun.lockb"]);

/** Every file of these extensions: package-relative path (`./a/b.ts`) → SHA-256 of its content. */
export function extensionFiles(pkgDir: string, extensions: readonly FoundExtension[]): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (abs: string, top: boolean) => {
    let st;
    try {
      // Inside a folder, a symlink counts as its target path, never followed (it may point anywhere).
      st = top ? statSync(abs) : lstatSync(abs);
    } catch {
      return; // a dangling symlink
    }
    if (st.isSymbolicLink()) {
      files.set(relPath(pkgDir, abs), sha256(Buffer.from("symlink:" + readlinkSync(abs))));
    } else if (st.isDirectory()) {
      for (const name of readdirSync(abs).sort()) if (!NOT_CONTENT.has(name)) visit(join(abs, name), false);
    } else if (st.isFile()) {
      files.set(relPath(pkgDir, abs), sha256(readFileSync(abs)));
    }
  };
  for (const ext of extensions) visit(ext.root, true);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `sha256:<hex>` over the sorted (path, content hash) pairs. */
export function contentHash(files: ReadonlyMap<string, string>): string {
  const h = createHash("sha256");
  for (const [path, digest] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) h.update(`${path}\0${digest}\n`);
  return `sha256:${h.digest("hex")}`;
}

export interface FileChanges {
  added: string[];
  modified: string[];
  removed: string[];
}

export function diffFiles(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): FileChanges {
  const changes: FileChanges = { added: [], modified: [], removed: [] };
  for (const [path, digest] of after) {
    const old = before.get(path);
    if (old === undefined) changes.added.push(path);
    else if (old !== digest) changes.modified.push(path);
  }
  for (const path of before.keys()) if (!after.has(path)) changes.removed.push(path);
  return changes;
}

function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
