/**
 * The one place kit measures text for the terminal. Everything that asks "how many columns" goes
 * through `visibleWidth` (Bun.stringWidth underneath: escape sequences count 0, CJK and emoji 2,
 * grapheme clusters once). Tabs are never written to the terminal: `expandTabs` turns them into
 * spaces up to the next multiple of TAB_WIDTH, and `visibleWidth` measures a tab the same way.
 *
 * `wrapLine` and `truncate` cut styled text by columns without breaking an escape
 * sequence, and keep the SGR style (and OSC 8 link) across the cut: every produced line opens the
 * style in force at its start and closes what is still open at its end.
 */
import { StyleState, escapeLengthAt } from "./ansi.ts";

export const TAB_WIDTH = 4;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Columns `text` takes on one terminal line. */
export function visibleWidth(text: string, tabWidth = TAB_WIDTH): number {
  if (text.includes("\t")) text = expandTabs(text, tabWidth);
  return Bun.stringWidth(text);
}

/** `text` with each tab replaced by spaces up to the next multiple of `tabWidth` columns. */
export function expandTabs(text: string, tabWidth = TAB_WIDTH): string {
  if (!text.includes("\t")) return text;
  let out = "";
  let column = 0;
  let start = 0;
  for (let i = text.indexOf("\t"); i !== -1; i = text.indexOf("\t", start)) {
    const chunk = text.slice(start, i);
    column += Bun.stringWidth(chunk);
    const pad = tabWidth - (column % tabWidth);
    out += chunk + " ".repeat(pad);
    column += pad;
    start = i + 1;
  }
  return out + text.slice(start);
}

/** One piece of a line: an escape sequence (width -1) or a grapheme with its width. */
interface Token {
  text: string;
  width: number;
}

const ESC_TOKEN = -1;

/** Splits a line (tabs already expanded) into escape sequences and graphemes. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pushRun = (run: string) => {
    if (run === "") return;
    if (PRINTABLE_ASCII.test(run)) {
      for (let i = 0; i < run.length; i++) tokens.push({ text: run[i]!, width: 1 });
    } else {
      for (const { segment } of segmenter.segment(run)) tokens.push({ text: segment, width: Bun.stringWidth(segment) });
    }
  };
  let start = 0;
  for (let i = text.indexOf("\x1b"); i !== -1; i = text.indexOf("\x1b", start)) {
    const length = escapeLengthAt(text, i);
    if (length === 0) {
      // A lone ESC: drop it, it would start a sequence the terminal waits to complete.
      pushRun(text.slice(start, i));
      start = i + 1;
      continue;
    }
    pushRun(text.slice(start, i));
    tokens.push({ text: text.slice(i, i + length), width: ESC_TOKEN });
    start = i + length;
  }
  pushRun(text.slice(start));
  return tokens;
}

/** Renders tokens [from, to) as a line: the style in force at `from`, the tokens, then a close. */
function emit(tokens: Token[], from: number, to: number, state: StyleState): string {
  let out = state.open();
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    out += token.text;
    if (token.width === ESC_TOKEN) state.apply(token.text);
  }
  return out + state.close();
}

/** Applies the escape sequences of tokens [from, to) to `state` without emitting them. */
function skip(tokens: Token[], from: number, to: number, state: StyleState): void {
  for (let i = from; i < to; i++) if (tokens[i]!.width === ESC_TOKEN) state.apply(tokens[i]!.text);
}

export interface WrapOptions {
  /** Break at spaces where possible (default true); false cuts at exactly `width` columns. */
  wordWrap?: boolean;
  tabWidth?: number;
}

/**
 * Wraps styled text to lines of at most `width` columns (a single grapheme wider than `width` gets
 * a line of its own). Newlines in `text` start new lines. Spaces at a word-wrap break are dropped;
 * leading indentation of the text is kept. An empty text gives one empty line.
 *
 * Not Bun.wrapAnsi: it drops leading indentation (or, with trim off, keeps the spaces at every
 * break), puts an empty line before a grapheme wider than `width`, and re-opens a style as the
 * sequences it was set with rather than one SGR, so it would change what the transcript shows.
 */
export function wrapLine(text: string, width: number, options: WrapOptions = {}): string[] {
  width = Math.max(1, Math.floor(width));
  const wordWrap = options.wordWrap ?? true;
  const state = new StyleState();
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    const line = expandTabs(paragraph, options.tabWidth);
    if (!line.includes("\x1b") && Bun.stringWidth(line) <= width) {
      out.push(state.active ? state.open() + line + state.close() : line);
      continue;
    }
    wrapTokens(tokenize(line), width, wordWrap, state, out);
  }
  return out;
}

function wrapTokens(tokens: Token[], width: number, wordWrap: boolean, state: StyleState, out: string[]): void {
  const produced = out.length;
  const isSpace = (i: number) => tokens[i]!.text === " ";
  let start = 0;
  let column = 0;
  let lastSpace = -1;
  let i = 0;
  const skipSpaces = (from: number) => {
    let j = from;
    while (j < tokens.length && (isSpace(j) || tokens[j]!.width === ESC_TOKEN)) j++;
    // Keep escape sequences that follow the spaces: back up to the first of them.
    while (j > from && tokens[j - 1]!.width === ESC_TOKEN) j--;
    return j;
  };
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (token.width === ESC_TOKEN || column + token.width <= width) {
      if (token.width !== ESC_TOKEN) {
        column += token.width;
        if (token.text === " " && column > 0) lastSpace = i;
      }
      i++;
      continue;
    }
    // Token i does not fit on this line.
    let end: number;
    let next: number;
    if (token.text === " ") {
      end = i;
      next = skipSpaces(i);
    } else if (wordWrap && lastSpace > start && hasContentBefore(tokens, start, lastSpace)) {
      end = lastSpace;
      while (end > start && isSpace(end - 1)) end--;
      next = skipSpaces(lastSpace);
    } else if (i === start || column === 0) {
      end = next = i + 1; // wider than the whole line: alone on its line
    } else {
      end = next = i;
    }
    out.push(emit(tokens, start, end, state));
    skip(tokens, end, next, state);
    start = i = next;
    column = 0;
    lastSpace = -1;
  }
  const rest = hasContentBefore(tokens, start, tokens.length) || tokens.slice(start).some((t) => t.text === " ");
  if (rest || out.length === produced) out.push(emit(tokens, start, tokens.length, state));
  else skip(tokens, start, tokens.length, state);
}

function hasContentBefore(tokens: Token[], start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (tokens[i]!.width > 0 && tokens[i]!.text !== " ") return true;
  return false;
}

/**
 * `text` cut to at most `width` columns; when cut, it ends with `ellipsis` (which counts against
 * the width) inside the style in force, and every style is closed after it.
 */
export function truncate(text: string, width: number, ellipsis = "…"): string {
  text = expandTabs(text);
  if (Bun.stringWidth(text) <= width) return text;
  if (width <= 0) return "";
  if (Bun.stringWidth(ellipsis) > width) ellipsis = "";
  // Bun.sliceAnsi cuts the same way and several times faster, but keeps a wide grapheme that
  // straddles the cut (the line would then overflow its width and the terminal would wrap it): the
  // hand-written cut below handles that case.
  const cut = Bun.sliceAnsi(text, 0, width, { ellipsis });
  if (Bun.stringWidth(cut) <= width) return cut;
  const budget = width - Bun.stringWidth(ellipsis);
  const tokens = tokenize(text);
  const state = new StyleState();
  let out = "";
  let column = 0;
  for (const token of tokens) {
    if (token.width === ESC_TOKEN) {
      out += token.text;
      state.apply(token.text);
      continue;
    }
    if (column + token.width > budget) break;
    out += token.text;
    column += token.width;
  }
  return out + ellipsis + state.close();
}

/** `text` padded with spaces to `width` columns (unchanged when already that wide or wider). */
export function padEnd(text: string, width: number): string {
  const pad = width - visibleWidth(text);
  return pad > 0 ? text + " ".repeat(pad) : text;
}

/**
 * `text` with the grapheme covering column `col` drawn in inverse video (a cursor that is not the
 * terminal's). Past the end of the text, spaces lead up to an inverse space.
 */
export function invertColumn(text: string, col: number): string {
  text = expandTabs(text);
  const tokens = tokenize(text);
  const state = new StyleState();
  let out = "";
  let column = 0;
  let done = false;
  for (const token of tokens) {
    if (token.width === ESC_TOKEN) {
      state.apply(token.text);
      out += token.text;
      continue;
    }
    if (!done && column + token.width > col && token.width > 0) {
      out += `\x1b[7m${token.text}\x1b[27m${state.open()}`;
      done = true;
    } else {
      out += token.text;
    }
    column += token.width;
  }
  if (!done) out += state.close() + " ".repeat(Math.max(0, col - column)) + "\x1b[7m \x1b[27m";
  return out;
}
