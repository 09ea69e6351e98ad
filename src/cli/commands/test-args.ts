/**
 * The arguments `kit test` hands to `bun test`. Everything passes through untouched (bun's flags such
 * as -t, --watch, --timeout, --bail, --coverage), except one thing: bun reads a bare word as a filter
 * on file names and finds nothing under hidden folders, so `kit test .kit/extensions` would run no
 * test. A relative file or folder that exists is therefore given to bun as a path ("./.kit/extensions").
 * For the same reason, without any file or folder, a project's .kit/extensions/ (where
 * `kit extensions init` puts an extension and its test) is searched as well as the working directory.
 */
import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";

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
  if (paths === 0 && isDirectory(join(cwd, PROJECT_EXTENSIONS_DIR))) out.push(".", `./${PROJECT_EXTENSIONS_DIR}`);
  return out;
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
