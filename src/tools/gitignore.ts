/**
 * .gitignore semantics (gitignore(5)) for grep and find: patterns relative to the directory of their
 * file, `!` re-includes, a trailing `/` matches directories only, a `/` elsewhere anchors the pattern,
 * `**` spans directories. Within a file the last matching rule wins, and a deeper file's rules come
 * after (and so override) its ancestors'.
 */
import * as path from "node:path";

interface Rule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** The rules of one .gitignore file, matched against paths relative to the directory it is in. */
export interface RuleSet {
  dir: string;
  rules: Rule[];
  /** `dir` with a trailing separator: what the paths the set governs start with. */
  prefix: string;
  /**
   * All rules (or those for files) as one alternation, checked first: most paths match no rule, and
   * one regex test is far cheaper than one per rule on a tree of 100,000 files.
   */
  anyForDir: RegExp | undefined;
  anyForFile: RegExp | undefined;
}

export function parseGitignore(dir: string, text: string): RuleSet {
  const rules: Rule[] = [];
  for (let line of text.split(/\r?\n/)) {
    // Trailing spaces are ignored unless escaped with a backslash.
    line = line.replace(/(?<!\\) +$/, "");
    if (line === "" || line.startsWith("#")) continue;
    const negate = line.startsWith("!");
    if (negate) line = line.slice(1);
    else if (line.startsWith("\\!") || line.startsWith("\\#")) line = line.slice(1);
    const dirOnly = line.endsWith("/");
    if (dirOnly) line = line.slice(0, -1);
    if (line === "") continue;
    const anchored = line.includes("/");
    if (line.startsWith("/")) line = line.slice(1);
    const body = globToRegex(line);
    rules.push({ regex: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`), negate, dirOnly });
  }
  const anyOf = (some: Rule[]) => (some.length === 0 ? undefined : new RegExp(some.map((r) => `(?:${r.regex.source})`).join("|")));
  return {
    dir,
    rules,
    prefix: dir.endsWith(path.sep) ? dir : dir + path.sep,
    anyForDir: anyOf(rules),
    anyForFile: anyOf(rules.filter((r) => !r.dirOnly)),
  };
}

/** Whether `abs` is ignored by `sets`, ordered from the outermost directory to the innermost. */
export function isIgnored(abs: string, isDir: boolean, sets: readonly RuleSet[]): boolean {
  return ruling(abs, isDir, sets) ?? false;
}

/**
 * What `sets` (outermost directory first) say of `abs`: ignored (true), re-included by a `!` rule
 * (false), or nothing (undefined, no rule matches). The deepest set's last matching rule decides.
 */
export function ruling(abs: string, isDir: boolean, sets: readonly RuleSet[]): boolean | undefined {
  for (let s = sets.length - 1; s >= 0; s--) {
    const set = sets[s]!;
    if (!abs.startsWith(set.prefix)) continue;
    const any = isDir ? set.anyForDir : set.anyForFile;
    if (!any) continue;
    let rel = abs.slice(set.prefix.length);
    if (path.sep !== "/") rel = rel.split(path.sep).join("/");
    if (!any.test(rel)) continue;
    for (let r = set.rules.length - 1; r >= 0; r--) {
      const rule = set.rules[r]!;
      if (rule.dirOnly && !isDir) continue;
      if (rule.regex.test(rel)) return !rule.negate;
    }
  }
  return undefined;
}

function globToRegex(glob: string): string {
  let re = "";
  let i = 0;
  while (i < glob.length) {
    if (glob.startsWith("**/", i) && i === 0) {
      re += "(?:.*/)?";
      i += 3;
    } else if (glob.startsWith("/**/", i)) {
      re += "(?:/.*)?/";
      i += 4;
    } else if (glob.startsWith("/**", i) && i + 3 === glob.length) {
      re += "/.*";
      i += 3;
    } else {
      const c = glob[i]!;
      if (c === "*") {
        re += "[^/]*";
        while (glob[i + 1] === "*") i++;
      } else if (c === "?") {
        re += "[^/]";
      } else if (c === "\\" && i + 1 < glob.length) {
        re += escapeRegex(glob[++i]!);
      } else if (c === "[") {
        const close = glob.indexOf("]", i + 2);
        if (close === -1) {
          re += "\\[";
        } else {
          let cls = glob.slice(i + 1, close).replace(/\\/g, "\\\\");
          // A negated class still never matches the separator.
          if (cls.startsWith("!") || cls.startsWith("^")) cls = `^/${cls.slice(1)}`;
          re += `[${cls}]`;
          i = close;
        }
      } else {
        re += escapeRegex(c);
      }
      i++;
    }
  }
  return re;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
