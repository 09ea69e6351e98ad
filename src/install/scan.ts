/**
 * Finding the extensions of a fetched repository (spec/install.md, Finding extensions in a repo), with
 * the same rules as discovery.ts (scanDirectory): a `*.ts`/`*.js` file, or a folder with a `main.ts`,
 * `index.ts`, `main.js` or `index.js` entry, at the root (or the source's sub-directory) and in its
 * `extensions/` folder. A sub-directory that has an entry file of its own is one extension.
 *
 * Each extension gets a name (file name without extension, or folder name), its entry relative to
 * the package directory (`./tools/main.ts`, what a manifest `include` list holds) and a one-line
 * description from the leading comment of its entry file.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { basename, dirname, extname, join, relative, sep } from "node:path";
import { ENTRY_NAMES, extensionEntry, scanDirectory } from "../extensions/discovery.ts";

export interface FoundExtension {
  /** `hello` for hello.ts, `weather` for weather/main.ts. */
  name: string;
  /** Entry file relative to the package directory, `./`-prefixed with `/` separators. */
  rel: string;
  /** Absolute entry file. */
  entry: string;
  /** The extension's own files: the entry file itself, or its whole folder. */
  root: string;
  kind: "file" | "folder";
  /** First line of the entry's leading comment ("" when it has none, or when not asked for). */
  description: string;
}

export interface Scan {
  extensions: FoundExtension[];
  /** The folders that were searched, relative to the package directory (for "no extension" errors). */
  searched: string[];
}

/**
 * Extensions of the package checked out at `pkgDir`, restricted to `subdir` when given. Descriptions
 * (one read per entry file) only when asked for: the loader does not need them at every start.
 */
export function scanPackage(pkgDir: string, subdir?: string, opts: { descriptions?: boolean } = {}): Scan {
  const base = subdir ? join(pkgDir, subdir) : pkgDir;
  const searched: string[] = [];
  const out: FoundExtension[] = [];
  const seen = new Set<string>();
  const add = (entry: string, folder: string | undefined) => {
    if (seen.has(entry)) return;
    seen.add(entry);
    const root = folder ?? entry;
    out.push({
      name: folder ? basename(folder) : basename(entry, extname(entry)),
      rel: relPath(pkgDir, entry),
      entry,
      root,
      kind: folder ? "folder" : "file",
      description: opts.descriptions ? describe(entry) : "",
    });
  };
  const scan = (dir: string) => {
    searched.push(relPath(pkgDir, dir) + "/");
    for (const entry of scanDirectory(dir)) {
      const parent = dirname(entry);
      add(entry, parent === dir ? undefined : parent);
    }
  };

  const own = subdir && isDirectory(base) ? extensionEntry(base) : undefined;
  if (own) {
    searched.push(relPath(pkgDir, base) + "/");
    add(own, base);
    return { extensions: out, searched };
  }
  scan(base);
  const nested = join(base, "extensions");
  if (isDirectory(nested) && !extensionEntry(nested)) scan(nested);
  return { extensions: out, searched };
}

/** `./a/b.ts` for a path inside `from`. */
export function relPath(from: string, path: string): string {
  const rel = relative(from, path).split(sep).join("/");
  return rel === "" ? "." : `./${rel}`;
}

/** What a "no extension" error shows: the folders searched and what they hold. */
export function describeEmpty(pkgDir: string, subdir: string | undefined, scan: Scan): string {
  const base = subdir ? join(pkgDir, subdir) : pkgDir;
  if (!isDirectory(base)) return `the repository has no folder ${subdir}`;
  let names: string[] = [];
  try {
    names = readdirSync(base, { withFileTypes: true })
      .filter((d) => d.name !== ".git")
      .map((d) => (d.isDirectory() ? d.name + "/" : d.name))
      .sort();
  } catch {
    // unreadable: say nothing about its content
  }
  const shown = names.length > 12 ? [...names.slice(0, 12), `… (${names.length - 12} more)`] : names;
  return (
    `looked in ${scan.searched.join(" and ")} for *.ts / *.js files and folders with ${ENTRY_NAMES.join(", ")} ` +
    `(skipping *.test.ts, *.d.ts, test/, tests/, dist/, build/, node_modules/)` +
    (names.length > 0 ? `; found only: ${shown.join(", ")}` : "; the folder is empty")
  );
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The first line of the file's leading comment: a block comment or a run of `//` lines. */
export function describe(file: string): string {
  let head: string;
  try {
    const fd = openSync(file, "r");
    try {
      const buf = Buffer.alloc(4096);
      const n = readSync(fd, buf, 0, buf.length, 0);
      head = buf.subarray(0, n).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
  return leadingComment(head);
}

export function leadingComment(source: string): string {
  let text = source.replace(/^\uFEFF/, "").replace(/^#!.*\n/, "").trimStart();
  let lines: string[];
  if (text.startsWith("/*")) {
    const end = text.indexOf("*/");
    text = text.slice(2, end < 0 ? undefined : end);
    lines = text.split("\n").map((l) => l.replace(/^\s*\*+ ?/, "").replace(/^!/, ""));
  } else if (text.startsWith("//")) {
    lines = [];
    for (const line of text.split("\n")) {
      if (!line.trimStart().startsWith("//")) break;
      lines.push(line.trimStart().replace(/^\/\/+\s?/, ""));
    }
  } else {
    return "";
  }
  const first = lines.map((l) => l.trim()).find((l) => l !== "" && !l.startsWith("@") && !/^eslint|^@ts-|^biome-ignore/.test(l));
  if (!first) return "";
  return first.length > 100 ? first.slice(0, 99) + "…" : first;
}
