/**
 * A package's npm dependencies, installed by the kit binary itself acting as Bun's package manager
 * (spec/install.md): `BUN_BE_BUN=1 <kit> install --production --ignore-scripts` in each folder whose
 * package.json declares dependencies, never running lifecycle scripts. When kit runs from source,
 * process.execPath is bun itself and the same command line applies.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseJson } from "../config/parse-file.ts";
import { KitError } from "../errors.ts";

/** Folders (of those given, in order, without duplicates) whose package.json has dependencies. */
export function foldersWithDependencies(dirs: readonly string[]): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    if (out.includes(dir)) continue;
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    let parsed: unknown;
    try {
      parsed = parseJson(readFileSync(file, "utf8"), file, { what: "package.json" });
    } catch (err) {
      throw new KitError((err as Error).message, 1, "dependencies");
    }
    // `null` or a list is valid JSON too: a package.json that is not an object declares nothing.
    const pkg = (typeof parsed === "object" && parsed !== null ? parsed : {}) as { dependencies?: unknown; optionalDependencies?: unknown };
    const count = (v: unknown) => (v && typeof v === "object" ? Object.keys(v).length : 0);
    if (count(pkg.dependencies) + count(pkg.optionalDependencies) > 0) out.push(dir);
  }
  return out;
}

export interface DependencyOptions {
  /** The kit binary (or bun, from source). */
  execPath: string;
  env: NodeJS.ProcessEnv;
}

/** Installs the dependencies of `dir`; throws with the package manager's own message on failure. */
export async function installDependencies(dir: string, opts: DependencyOptions): Promise<void> {
  const proc = Bun.spawn([opts.execPath, "install", "--production", "--ignore-scripts", "--no-progress"], {
    cwd: dir,
    env: { ...opts.env, BUN_BE_BUN: "1", NO_COLOR: "1" } as Record<string, string>,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) {
    const details = (err.trim() || out.trim()).split("\n").slice(-8).join("\n");
    throw new KitError(`installing the dependencies of ${dir} failed (exit ${code}):\n${details}`, 1, "dependencies");
  }
}
