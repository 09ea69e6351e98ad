/**
 * The ignore rules that come from git rather than from the walked directories: the repository's
 * `info/exclude` and the user's `core.excludesFile` (by default ~/.config/git/ignore), both relative
 * to the repository's top directory, as git and ripgrep apply them. A linked worktree's `.git` is a
 * file naming its git directory; the shared files live in that directory's common directory.
 */
import * as fs from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import { type RuleSet, parseGitignore } from "./gitignore.ts";

export interface Repository {
  /** The directory holding `.git`. */
  top: string;
  /** Rule sets in increasing precedence: core.excludesFile, then info/exclude. */
  excludes: RuleSet[];
}

/** The repository `dir` is in, or undefined outside any. */
export function findRepository(dir: string): Repository | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const dotGit = path.join(d, ".git");
    const stat = fs.statSync(dotGit, { throwIfNoEntry: false });
    if (stat) return { top: d, excludes: excludeSets(d, commonGitDir(dotGit, stat.isDirectory())) };
    if (path.dirname(d) === d) return undefined;
  }
}

function commonGitDir(dotGit: string, isDir: boolean): string {
  let gitDir = dotGit;
  if (!isDir) {
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readText(dotGit) ?? "");
    if (!pointer) return dotGit;
    gitDir = path.resolve(path.dirname(dotGit), pointer[1]!);
  }
  const common = readText(path.join(gitDir, "commondir"))?.trim();
  return common ? path.resolve(gitDir, common) : gitDir;
}

function excludeSets(top: string, gitDir: string): RuleSet[] {
  const sets: RuleSet[] = [];
  const global = readText(excludesFile(gitDir));
  if (global !== undefined) sets.push(parseGitignore(top, global));
  const local = readText(path.join(gitDir, "info", "exclude"));
  if (local !== undefined) sets.push(parseGitignore(top, local));
  return sets;
}

/** core.excludesFile as git resolves it: the repository's config over the user's, else the XDG default. */
function excludesFile(gitDir: string): string {
  const home = homedir();
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, ".config");
  const configs = [path.join(xdg, "git", "config"), path.join(home, ".gitconfig"), path.join(gitDir, "config")];
  let file: string | undefined;
  for (const config of configs) file = coreExcludesFile(readText(config)) ?? file;
  if (file === undefined) return path.join(xdg, "git", "ignore");
  return file.startsWith("~/") ? path.join(home, file.slice(2)) : path.resolve(home, file);
}

/** The value of core.excludesFile in a git config file's text, if set there. */
function coreExcludesFile(config: string | undefined): string | undefined {
  if (config === undefined) return undefined;
  let inCore = false;
  let value: string | undefined;
  for (const raw of config.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*([^\]\s"]+)[^\]]*\]/.exec(line);
    if (section) inCore = section[1]!.toLowerCase() === "core";
    const entry = inCore ? /^excludesfile\s*=\s*(.*)$/i.exec(line.replace(/^\[[^\]]*\]\s*/, "")) : null;
    if (entry) value = entry[1]!.replace(/\s[;#].*$/, "").trim().replace(/^"(.*)"$/, "$1");
  }
  return value;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
