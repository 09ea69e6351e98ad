/**
 * The arguments `kit test` hands to `bun test`. Everything passes through untouched (bun's flags such
 * as -t, --watch, --timeout, --bail, --coverage), except one thing: bun reads a bare word as a filter
 * on file names and finds nothing under hidden folders, so `kit test .kit/extensions` would run no
 * test. A relative file or folder that exists is therefore given to bun as a path ("./.kit/extensions").
 * For the same reason, without any file or folder, every .kit/extensions/ under the working directory
 * (where `kit extensions init` puts an extension and its test: the project's own, and those of the
 * packages of a monorepo; node_modules and other hidden folders skipped) is searched as well as the
 * working directory.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";

/** Where `kit extensions init` writes extensions and their tests. */
export const PROJECT_EXTENSIONS_DIR = ".kit/extensions";

/** Flags of `bun test` (and of the runtime it starts) that take the next argument as their value. */
const VALUE_FLAGS: ReadonlySet<string> = new Set([
  "-t",
  "--test-name-pattern",
  "--timeout",
  "--rerun-each",
  "--retry",
  "--seed",
  "--coverage-reporter",
  "--coverage-dir",
  "--reporter",
  "--reporter-outfile",
  "--max-concurrency",
  "--path-ignore-patterns",
  "--parallel-delay",
  "--shard",
  "--timings",
  "--preload",
  "-r",
  "--require",
  "--import",
  "--env-file",
  "--cwd",
  "-c",
  "--config",
  "-d",
  "--define",
  "-l",
  "--loader",
  "--tsconfig-override",
  "--conditions",
  "--main-fields",
  "--extension-order",
  "--jsx-factory",
  "--jsx-fragment",
  "--jsx-import-source",
  "--jsx-runtime",
  "--console-depth",
]);

export function bunTestArgs(args: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  let paths = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith("-")) {
      out.push(arg);
      if (VALUE_FLAGS.has(arg) && i + 1 < args.length) out.push(args[++i]!);
      continue;
    }
    out.push(asPath(arg, cwd));
    paths++;
  }
  if (paths === 0) {
    const found = projectExtensionDirs(cwd);
    if (found.length > 0) out.push(".", ...found.map((dir) => `./${relative(cwd, dir).split(sep).join("/")}`));
  }
  return out;
}

/** Folders a walk for .kit/extensions never enters: dependencies, and hidden folders other than .kit. */
const SKIPPED = new Set(["node_modules"]);

/** Every .kit/extensions directory under `dir`, in path order. */
function projectExtensionDirs(dir: string): string[] {
  const found: string[] = [];
  const own = join(dir, PROJECT_EXTENSIONS_DIR);
  if (isDirectory(own)) found.push(own);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || SKIPPED.has(entry.name)) continue;
    found.push(...projectExtensionDirs(join(dir, entry.name)));
  }
  return found;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function asPath(arg: string, cwd: string): string {
  if (isAbsolute(arg) || /^\.\.?([/\\]|$)/.test(arg)) return arg;
  return existsSync(resolve(cwd, arg)) ? `./${arg}` : arg;
}
