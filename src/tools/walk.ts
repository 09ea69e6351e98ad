/**
 * The file walk shared by grep and find: every file under a directory, in sorted order, skipping
 * `.git`, `node_modules` and whatever the .gitignore files in effect exclude. Ignored directories are
 * never entered, so a large build output costs nothing. Symbolic links to directories are not
 * followed (they can loop); symbolic links to files are walked like files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type RuleSet, isIgnored, parseGitignore } from "./gitignore.ts";

const ALWAYS_SKIPPED = new Set([".git", "node_modules"]);

/**
 * Absolute paths of the files under `dir`. `cwd` bounds the search for outer .gitignore files when
 * `dir` is not inside a git repository.
 */
export async function* walkFiles(dir: string, cwd: string, signal?: AbortSignal): AsyncGenerator<string> {
  yield* walkDir(dir, await outerRuleSets(dir, cwd), signal);
}

/** Depth-first in name order, so results come out sorted by path, each directory's contents in place. */
async function* walkDir(dir: string, inherited: RuleSet[], signal?: AbortSignal): AsyncGenerator<string> {
  signal?.throwIfAborted();
  const own = await readRuleSet(dir);
  const sets = own ? [...inherited, own] : inherited;
  const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const abs = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      isFile = (await fs.promises.stat(abs).catch(() => undefined))?.isFile() ?? false;
      isDir = false;
    }
    if (isDir && ALWAYS_SKIPPED.has(entry.name)) continue;
    if (!isDir && !isFile) continue;
    if (isIgnored(abs, isDir, sets)) continue;
    if (isDir) yield* walkDir(abs, sets, signal);
    else yield abs;
  }
}

async function readRuleSet(dir: string): Promise<RuleSet | undefined> {
  const text = await fs.promises.readFile(path.join(dir, ".gitignore"), "utf8").catch(() => undefined);
  return text === undefined ? undefined : parseGitignore(dir, text);
}

/**
 * The .gitignore files of the directories above `dir` that still apply to it: up to the root of its
 * git repository, or, outside any repository, up to `cwd` (when `dir` is inside it).
 */
async function outerRuleSets(dir: string, cwd: string): Promise<RuleSet[]> {
  const top = findRepoRoot(dir) ?? (isInside(dir, cwd) ? cwd : dir);
  const sets: RuleSet[] = [];
  for (let d = path.dirname(dir); isInside(d, top) && d !== dir; d = path.dirname(d)) {
    const set = await readRuleSet(d);
    if (set) sets.unshift(set);
    if (d === top) break;
  }
  return sets;
}

function findRepoRoot(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, ".git"))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return !rel.startsWith("..") && !path.isAbsolute(rel);
}
