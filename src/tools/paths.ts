import * as os from "node:os";
import * as path from "node:path";

/** Resolves a path the model gave: `~` is the home directory, relative paths are against `cwd`. */
export function resolvePath(input: string, cwd: string): string {
  if (input === "~") return os.homedir();
  if (input.startsWith("~/")) return path.join(os.homedir(), input.slice(2));
  return path.resolve(cwd, input);
}

/**
 * How a path is shown to the model: relative to `cwd` when inside it (short, and usable as is in the
 * next tool call), absolute otherwise. Always with forward slashes.
 */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  if (rel === "") return ".";
  if (rel.startsWith("..") || path.isAbsolute(rel)) return abs.split(path.sep).join("/");
  return rel.split(path.sep).join("/");
}
