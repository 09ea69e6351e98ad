/**
 * The files an extension's code is made of: its entry and every file of its own it imports, followed
 * transitively (static imports, re-exports, `require` and dynamic imports of a literal path). Packages
 * (anything resolved into node_modules), `kit/ext` and Node/Bun built-ins are not its own files and are
 * left out. Read from the import statements with Bun's transpiler, without running or bundling
 * anything, so hot reload knows which files to watch.
 */
import { readFileSync } from "node:fs";
import { dirname, extname } from "node:path";
import type { JavaScriptLoader } from "bun";

/** The loader of each source file extension an extension may be written in (also what hot reload bundles). */
export const SOURCE_LOADERS: Readonly<Record<string, JavaScriptLoader>> = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".jsx": "jsx",
};

/** Absolute paths of the entry and the files of its own it imports, the entry first. */
export function moduleGraph(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [entry];
  const transpilers = new Map<JavaScriptLoader, InstanceType<typeof Bun.Transpiler>>();
  while (pending.length > 0) {
    const file = pending.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    // A JSON or text file is part of the graph but imports nothing.
    const loader = SOURCE_LOADERS[extname(file)];
    if (!loader) continue;
    let transpiler = transpilers.get(loader);
    if (!transpiler) transpilers.set(loader, (transpiler = new Bun.Transpiler({ loader })));
    let imports: { path: string }[];
    try {
      imports = transpiler.scanImports(readFileSync(file, "utf8"));
    } catch {
      continue; // unreadable or not valid code: the loader reports that; the file itself is still watched
    }
    for (const { path } of imports) {
      if (!path.startsWith(".") && !path.startsWith("/")) continue; // a package, kit/ext or a built-in
      let resolved: string;
      try {
        resolved = Bun.resolveSync(path, dirname(file));
      } catch {
        continue; // a missing file: the loader reports it
      }
      if (!resolved.split(/[\\/]/).includes("node_modules")) pending.push(resolved);
    }
  }
  return [...seen];
}
