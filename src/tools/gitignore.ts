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
  return { dir, rules };
}

/** Whether `abs` is ignored by `sets`, ordered from the outermost directory to the innermost. */
export function isIgnored(abs: string, isDir: boolean, sets: readonly RuleSet[]): boolean {
  let ignored = false;
  for (const set of sets) {
    const rel = path.relative(set.dir, abs).split(path.sep).join("/");
    if (rel === "" || rel.startsWith("..")) continue;
    for (const rule of set.rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.regex.test(rel)) ignored = !rule.negate;
    }
  }
  return ignored;
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
