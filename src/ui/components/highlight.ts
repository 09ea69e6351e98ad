/**
 * A small syntax highlighter for code blocks: keywords, strings, numbers and comments of common
 * languages, painted with the theme's md* slots. Line by line with a little state, so a block
 * comment or a multi-line string carries into the next line. Unknown languages stay plain.
 */
import type { Theme } from "../theme/theme.ts";

interface Language {
  keywords: Set<string>;
  lineComments: string[];
  blockComment?: [open: string, close: string];
  /** Quote characters of one-line strings. */
  quotes: string;
  /** Delimiters of strings that may span lines (""" in Python, ` in JavaScript and Go). */
  multiline?: string[];
  caseInsensitive?: boolean;
}

const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

const JS = words(`abstract as async await break case catch class const constructor continue debugger declare default delete do else
  enum export extends false finally for from function get if implements import in instanceof interface keyof let module namespace new
  null of private protected public readonly return satisfies set static super switch this throw true try type typeof undefined var void while with yield`);
const C_LIKE = words(`auto bool break case catch char class const continue default delete do double else enum explicit extern false final float for
  friend goto if inline int long namespace new nullptr operator override private protected public return short signed sizeof static struct
  switch template this throw true try typedef typename union unsigned using virtual void volatile while abstract boolean byte extends implements
  import instanceof interface native package super synchronized throws transient var val fun object when is in out null let func guard
  struct protocol extension internal open lateinit companion data sealed string base readonly sealed async await yield`);

const LANGUAGES: Record<string, Language> = {
  js: { keywords: JS, lineComments: ["//"], blockComment: ["/*", "*/"], quotes: `"'`, multiline: ["`"] },
  python: {
    keywords: words(`and as assert async await break class continue def del elif else except False finally for from global if import in is lambda
      None nonlocal not or pass raise return True try while with yield match case self print`),
    lineComments: ["#"], quotes: `"'`, multiline: [`"""`, `'''`],
  },
  go: {
    keywords: words(`break case chan const continue default defer else fallthrough for func go goto if import interface map package range return
      select struct switch type var nil true false iota string int int64 uint8 byte rune error bool float64 any make new len append`),
    lineComments: ["//"], blockComment: ["/*", "*/"], quotes: `"'`, multiline: ["`"],
  },
  rust: {
    keywords: words(`as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut pub ref
      return self Self static struct super trait true type unsafe use where while Some None Ok Err String Vec Box Option Result`),
    lineComments: ["//"], blockComment: ["/*", "*/"], quotes: `"`,
  },
  c: { keywords: C_LIKE, lineComments: ["//"], blockComment: ["/*", "*/"], quotes: `"'` },
  ruby: {
    keywords: words(`alias and begin break case class def defined? do else elsif end ensure false for if in module next nil not or redo rescue retry
      return self super then true undef unless until when while yield require attr_accessor puts`),
    lineComments: ["#"], quotes: `"'`,
  },
  php: { keywords: words(`abstract and array as break case catch class const continue declare default do echo else elseif empty extends final
      for foreach function global if implements include interface isset namespace new null private protected public require return static
      switch throw trait true false try use var while`), lineComments: ["//", "#"], blockComment: ["/*", "*/"], quotes: `"'` },
  shell: {
    keywords: words(`if then else elif fi for while until do done case esac function in return export local readonly declare set unset source
      echo exit cd shift trap eval exec`),
    lineComments: ["#"], quotes: `"'`,
  },
  sql: {
    keywords: words(`select from where and or not insert into values update set delete create table index view drop alter add primary key
      foreign references join left right inner outer full on group by order having limit offset as distinct union all null is in like between
      case when then else end exists default constraint unique check begin commit rollback transaction with returning count sum avg min max`),
    lineComments: ["--"], blockComment: ["/*", "*/"], quotes: `'"`, caseInsensitive: true,
  },
  json: { keywords: words("true false null"), lineComments: [], quotes: `"` },
  yaml: { keywords: words("true false null yes no on off"), lineComments: ["#"], quotes: `"'` },
  toml: { keywords: words("true false"), lineComments: ["#"], quotes: `"'`, multiline: [`"""`, `'''`] },
  lua: {
    keywords: words(`and break do else elseif end false for function goto if in local nil not or repeat return then true until while require`),
    lineComments: ["--"], blockComment: ["--[[", "]]"], quotes: `"'`,
  },
  css: { keywords: words("important media import from to and not only screen root"), lineComments: [], blockComment: ["/*", "*/"], quotes: `"'` },
  html: { keywords: new Set(), lineComments: [], blockComment: ["<!--", "-->"], quotes: `"'` },
};

const ALIASES: Record<string, string> = {
  javascript: "js", jsx: "js", ts: "js", typescript: "js", tsx: "js", mjs: "js", cjs: "js", mts: "js", cts: "js",
  py: "python", python3: "python", golang: "go", rs: "rust", rb: "ruby",
  "c++": "c", cpp: "c", cc: "c", h: "c", hpp: "c", java: "c", kotlin: "c", kt: "c", cs: "c", csharp: "c", swift: "c", scala: "c", dart: "c", zig: "c",
  sh: "shell", bash: "shell", zsh: "shell", fish: "shell", console: "shell", shellscript: "shell", ps1: "shell", powershell: "shell",
  jsonc: "json", json5: "json", yml: "yaml", ini: "toml", scss: "css", less: "css", xml: "html", svg: "html", vue: "html", mysql: "sql", postgres: "sql", postgresql: "sql", sqlite: "sql",
};

function languageOf(lang: string): Language | "diff" | undefined {
  const name = lang.toLowerCase();
  if (name === "diff" || name === "patch") return "diff";
  return LANGUAGES[name] ?? LANGUAGES[ALIASES[name] ?? ""];
}

/** Whether `lang` (a fence's info word) gets highlighting. */
export function isHighlighted(lang: string): boolean {
  return languageOf(lang) !== undefined;
}

const NUMBER = /^(?:0[xX][\da-fA-F_]+|0[bB][01_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)/;
const IDENT = /^[A-Za-z_$][\w$]*\??/;

/** One painted line per line of `code`. */
export function highlightCode(code: string, lang: string, theme: Theme): string[] {
  const lines = code.split("\n");
  const language = languageOf(lang);
  if (language === undefined || theme.level === "none") return lines;
  if (language === "diff") return lines.map((line) => highlightDiffLine(line, theme));
  let open: { close: string; slot: "mdComment" | "mdString" } | undefined;
  return lines.map((line) => {
    let out = "";
    let i = 0;
    let plain = "";
    const flush = () => {
      out += plain;
      plain = "";
    };
    const paint = (slot: "mdComment" | "mdString" | "mdKeyword" | "mdNumber", text: string) => {
      flush();
      out += theme.fg(slot, text, slot === "mdComment" ? { italic: true } : undefined);
    };
    while (i < line.length) {
      if (open) {
        const end = line.indexOf(open.close, i);
        const stop = end === -1 ? line.length : end + open.close.length;
        paint(open.slot, line.slice(i, stop));
        i = stop;
        if (end !== -1) open = undefined;
        continue;
      }
      const rest = line.slice(i);
      // "#" starts a comment only at a word start (shell's $#, a#b are not comments).
      const commentStart = (c: string) => rest.startsWith(c) && (c !== "#" || i === 0 || /\s/.test(line[i - 1]!));
      if (language.lineComments.some(commentStart) && !(language.blockComment && rest.startsWith(language.blockComment[0]))) {
        paint("mdComment", rest);
        break;
      }
      if (language.blockComment && rest.startsWith(language.blockComment[0])) {
        open = { close: language.blockComment[1], slot: "mdComment" };
        paint("mdComment", language.blockComment[0]);
        i += language.blockComment[0].length;
        continue;
      }
      const multi = language.multiline?.find((d) => rest.startsWith(d));
      if (multi) {
        open = { close: multi, slot: "mdString" };
        paint("mdString", multi);
        i += multi.length;
        continue;
      }
      const ch = line[i]!;
      if (language.quotes.includes(ch)) {
        let j = i + 1;
        while (j < line.length && line[j] !== ch) j += line[j] === "\\" ? 2 : 1;
        paint("mdString", line.slice(i, Math.min(j + 1, line.length)));
        i = j + 1;
        continue;
      }
      const prev = i > 0 ? line[i - 1]! : " ";
      const boundary = !/[\w$]/.test(prev);
      if (boundary && /\d/.test(ch)) {
        const number = NUMBER.exec(rest)![0];
        paint("mdNumber", number);
        i += number.length;
        continue;
      }
      if (boundary && /[A-Za-z_$]/.test(ch)) {
        const word = IDENT.exec(rest)![0];
        const bare = word.endsWith("?") && !language.keywords.has(word) ? word.slice(0, -1) : word;
        const known = language.keywords.has(language.caseInsensitive ? bare.toLowerCase() : bare);
        if (known) paint("mdKeyword", bare);
        else plain += bare;
        i += bare.length;
        continue;
      }
      plain += ch;
      i++;
    }
    flush();
    return out;
  });
}

function highlightDiffLine(line: string, theme: Theme): string {
  if (line.startsWith("+++") || line.startsWith("---")) return theme.style(line, { bold: true });
  if (line.startsWith("+")) return theme.fg("success", line);
  if (line.startsWith("-")) return theme.fg("error", line);
  if (line.startsWith("@@")) return theme.fg("info", line);
  return line;
}
