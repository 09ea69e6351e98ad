/**
 * Imports the current text of an extension and all its own files, for hot reload.
 *
 * Bun caches modules by path, and `import(path + "?v=2")` re-evaluates only the entry: its relative
 * imports come from the cache, so a changed helper file is not seen (checked with Bun 1.4). So the entry
 * is re-bundled with Bun.build (kit/ext and kit/test left external, served by the runtime plugin; the
 * extension's own packages bundled in, resolved from its node_modules) into a fresh temporary
 * directory, and that file is imported. An inline source map sends stack traces back to the original
 * files, and `import.meta.dir` / `url` / `path` / ... are rewritten to the original file's values so
 * an extension that reads files next to itself keeps working. The temporary directory is removed once
 * the module is loaded.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BunPlugin } from "bun";
import { KIT_MODULE_SPECIFIERS } from "./kit-modules.ts";
import { SOURCE_LOADERS } from "./module-graph.ts";

export interface FreshImportOptions {
  /** Where the temporary bundle directories go; default the OS temp directory. */
  tempRoot?: string;
}

/**
 * Fresh imports of many extensions with one bundler run per directory (a reload of 50 extensions
 * in one folder costs about one build instead of 50). Each entry still gets a bundle of its own, so
 * extensions share no module state. (One run for several directories would need a `root` above
 * them all, and Bun's inline source maps then point at the wrong files.) When a joint build fails, each
 * entry of it is built alone, so a broken extension is reported with its own error and the others
 * still load.
 */
export async function freshImportMany(entries: readonly string[], opts: FreshImportOptions = {}): Promise<Map<string, Record<string, unknown> | Error>> {
  const results = new Map<string, Record<string, unknown> | Error>();
  const byDir = Map.groupBy(entries, (e) => dirname(e));
  for (const [dir, group] of byDir) {
    const outdir = mkdtempSync(join(opts.tempRoot ?? tmpdir(), "kit-ext-"));
    try {
      // An explicit root keeps the outputs at outdir/<name>.js (Bun otherwise guesses a root above).
      const result = await Bun.build({ ...buildOptions(group, outdir), root: dir }).catch(() => undefined);
      for (const entry of group) {
        try {
          results.set(entry, result?.success ? await importBuilt(outdir, entry) : await freshImport(entry, opts));
        } catch (err) {
          results.set(entry, err as Error);
        }
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
  return results;
}

async function importBuilt(outdir: string, entry: string): Promise<Record<string, unknown>> {
  return (await import(join(outdir, basename(entry).replace(/\.[cm]?[jt]sx?$/, ".js")))) as Record<string, unknown>;
}

function buildOptions(entrypoints: string[], outdir: string) {
  return {
    entrypoints,
    outdir,
    target: "bun" as const,
    format: "esm" as const,
    sourcemap: "inline" as const,
    external: [...KIT_MODULE_SPECIFIERS],
    plugins: [importMetaPlugin],
  };
}

export async function freshImport(entry: string, opts: FreshImportOptions = {}): Promise<Record<string, unknown>> {
  const outdir = mkdtempSync(join(opts.tempRoot ?? tmpdir(), "kit-ext-"));
  try {
    const result = await Bun.build(buildOptions([entry], outdir));
    if (!result.success) throw new AggregateError(result.logs, `could not bundle ${entry}`);
    const out = result.outputs.find((o) => o.kind === "entry-point");
    if (!out) throw new Error(`bundling ${entry} produced no entry point`);
    return (await import(out.path)) as Record<string, unknown>;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const IMPORT_META = /\bimport\.meta\.(dirname|dir|filename|file|path|url)\b/g;

/** Replaces import.meta's location fields with the values of the original file. */
const importMetaPlugin: BunPlugin = {
  name: "kit: import.meta of the original file",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/, namespace: "file" }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta.")) return undefined;
      const values: Record<string, string> = {
        dirname: dirname(args.path),
        dir: dirname(args.path),
        filename: args.path,
        path: args.path,
        file: basename(args.path),
        url: pathToFileURL(args.path).href,
      };
      const contents = text.replace(IMPORT_META, (_m, field: string) => JSON.stringify(values[field]));
      return { contents, loader: SOURCE_LOADERS[extname(args.path)] ?? "ts" };
    });
  },
};
