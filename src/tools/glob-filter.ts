import * as path from "node:path";

/**
 * A filename filter from a glob (Bun.Glob syntax). A glob without "/" matches a file's name at any
 * depth ("*.ts" finds src/a/b.ts), as users expect from find and grep; a glob with "/" matches the
 * path relative to the searched directory ("src/**\/*.ts").
 */
export function globFilter(pattern: string, root: string): (abs: string) => boolean {
  const glob = new Bun.Glob(pattern);
  if (!pattern.includes("/")) return (abs) => glob.match(path.basename(abs));
  return (abs) => glob.match(path.relative(root, abs).split(path.sep).join("/"));
}
