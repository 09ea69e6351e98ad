/**
 * Inline Markdown to styled text: **bold** / __bold__, *italic* / _italic_, `code`, ~~strike~~,
 * [links](url), ![images](url), <autolinks>, bare URLs and backslash escapes. Line breaks in the
 * source are kept. Unmatched delimiters stay as written (so a half-streamed "**bo" shows as typed).
 */
import type { Theme } from "../theme/theme.ts";

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const URL = /^https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"\]]/;
const MAX_DEPTH = 6;

export function renderInline(text: string, theme: Theme, depth = 0): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const rest = text.slice(i);
    if (ch === "\\" && i + 1 < text.length && PUNCTUATION.test(text[i + 1]!)) {
      out += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "`") {
      const run = /^`+/.exec(rest)![0];
      const close = findRun(text, i + run.length, run);
      if (close !== -1) {
        let code = text.slice(i + run.length, close).replace(/\n/g, " ");
        if (code.length > 2 && code.startsWith(" ") && code.endsWith(" ")) code = code.slice(1, -1);
        out += theme.fg("accent", code);
        i = close + run.length;
        continue;
      }
      out += run;
      i += run.length;
      continue;
    }
    if (depth < MAX_DEPTH) {
      const emphasis = matchEmphasis(text, i);
      if (emphasis) {
        const inner = renderInline(text.slice(i + emphasis.delimiter.length, emphasis.close), theme, depth + 1);
        const d = emphasis.delimiter;
        const opts = d === "~~" ? { strikethrough: true } : d.length === 3 ? { bold: true, italic: true } : d.length === 2 ? { bold: true } : { italic: true };
        out += theme.style(inner, opts);
        i = emphasis.close + emphasis.delimiter.length;
        continue;
      }
      if (ch === "[" || (ch === "!" && text[i + 1] === "[")) {
        const link = matchLink(text, ch === "!" ? i + 1 : i);
        if (link) {
          const label = renderInline(link.label, theme, depth + 1);
          if (ch === "!") out += theme.fg("mdLink", `[image: ${link.label || link.url}]`);
          else {
            out += theme.fg("mdLink", label, { underline: true });
            if (link.url !== link.label && link.url !== "" && !link.url.startsWith("#")) out += theme.fg("muted", ` (${link.url})`);
          }
          i = link.end;
          continue;
        }
      }
    }
    if (ch === "<") {
      const auto = /^<((?:https?|mailto):[^\s<>]+)>/.exec(rest);
      if (auto) {
        out += theme.fg("mdLink", auto[1]!, { underline: true });
        i += auto[0].length;
        continue;
      }
    }
    if ((ch === "h" || ch === "H") && (i === 0 || !/[\w/]/.test(text[i - 1]!))) {
      const url = URL.exec(rest);
      if (url) {
        out += theme.fg("mdLink", url[0], { underline: true });
        i += url[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

/** Index of the next run of backticks exactly like `run`, from `from`; -1 when none. */
function findRun(text: string, from: number, run: string): number {
  for (let j = text.indexOf(run, from); j !== -1; j = text.indexOf(run, j + 1)) {
    const before = text[j - 1];
    const after = text[j + run.length];
    if (before !== "`" && after !== "`") return j;
    while (text[j] === "`") j++;
  }
  return -1;
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
const isSpace = (ch: string | undefined) => ch === undefined || /\s/.test(ch);

/** An emphasis opening at `i` with its closing delimiter's index, when both are there. */
function matchEmphasis(text: string, i: number): { delimiter: string; close: number } | undefined {
  const ch = text[i]!;
  if (ch !== "*" && ch !== "_" && ch !== "~") return undefined;
  if (ch !== "~" && text[i + 1] === ch && text[i + 2] === ch) {
    // ***bold italic***
    const delimiter = ch.repeat(3);
    const close = text.indexOf(delimiter, i + 3);
    if (close > i + 3 && !isSpace(text[i + 3]) && !isSpace(text[close - 1])) return { delimiter, close };
    return undefined;
  }
  const double = text[i + 1] === ch;
  if (ch === "~" && !double) return undefined;
  const delimiter = double ? ch + ch : ch;
  const after = text[i + delimiter.length];
  if (isSpace(after) || after === ch) return undefined;
  // "_" does not open inside a word (snake_case stays as it is).
  if (ch === "_" && isWordChar(text[i - 1])) return undefined;
  for (let j = text.indexOf(delimiter, i + delimiter.length); j !== -1; j = text.indexOf(delimiter, j + 1)) {
    if (text[j - 1] === "\\" || isSpace(text[j - 1])) continue;
    // A single delimiter must not be part of a double one ("*a **b** c*" closes at the last "*").
    if (delimiter.length === 1 && (text[j + 1] === ch || text[j - 1] === ch)) {
      if (text[j + 1] === ch) j++;
      continue;
    }
    if (ch === "_" && isWordChar(text[j + delimiter.length])) continue;
    if (inCodeSpan(text, i, j)) continue;
    return { delimiter, close: j };
  }
  return undefined;
}

/** Whether index `j` sits inside a code span that starts after `from`. */
function inCodeSpan(text: string, from: number, j: number): boolean {
  let open = false;
  for (let k = from; k < j; k++) if (text[k] === "`") open = !open;
  return open;
}

/** `[label](url)` starting at `i` (the "["), when complete. */
function matchLink(text: string, i: number): { label: string; url: string; end: number } | undefined {
  let depth = 0;
  let j = i;
  for (; j < text.length; j++) {
    const c = text[j];
    if (c === "\\") j++;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) break;
    else if (c === "\n" && text[j + 1] === "\n") return undefined;
  }
  if (j >= text.length || text[j + 1] !== "(") return undefined;
  const close = text.indexOf(")", j + 2);
  if (close === -1) return undefined;
  const target = text.slice(j + 2, close).trim();
  const url = target.replace(/\s+"[^"]*"$/, "").replace(/^<(.*)>$/, "$1");
  if (/\s/.test(url)) return undefined;
  return { label: text.slice(i + 1, j), url, end: close + 1 };
}
