/**
 * Styling text with SGR sequences at the terminal's colour level. Each style closes only what it
 * opened (39 for the foreground, 49 for the background, 22/23/24/27/29 for attributes), and
 * re-opens itself after an inner close, so painted text can be nested inside painted text. At
 * level "none" (NO_COLOR, TERM=dumb) nothing is emitted: text comes back unchanged.
 */
import { bgSgr, fgSgr, type ColorLevel } from "../terminal/colors.ts";

export interface StyleOptions {
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  inverse?: boolean;
  /** Background colour "#rrggbb". */
  bg?: string;
}

const ESC = "\x1b[";
const ATTRIBUTES = [
  ["bold", "1", "22"],
  ["dim", "2", "22"],
  ["italic", "3", "23"],
  ["underline", "4", "24"],
  ["inverse", "7", "27"],
  ["strikethrough", "9", "29"],
] as const;

/** One style: the sequence that opens it, and per closing sequence what to re-open after it. */
interface Style {
  open: string;
  close: string;
  reopen: [close: string, open: string][];
}

function buildStyle(level: ColorLevel, fg: string | undefined, opts: StyleOptions): Style {
  const style: Style = { open: "", close: "", reopen: [] };
  const add = (open: string, close: string) => {
    style.open += open;
    style.close = close + style.close;
    style.reopen.push([close, open]);
  };
  for (const [key, on, off] of ATTRIBUTES) if (opts[key]) add(`${ESC}${on}m`, `${ESC}${off}m`);
  if (fg) add(fgSgr(fg, level), `${ESC}39m`);
  if (opts.bg) add(bgSgr(opts.bg, level), `${ESC}49m`);
  return style;
}

function apply(style: Style, text: string): string {
  if (style.open === "" || text === "") return text;
  let body = text;
  if (body.includes("\x1b[")) {
    // An inner close (or a full reset) would end this style early: re-open it after each one.
    body = body.replaceAll(`${ESC}0m`, `${ESC}0m${style.open}`);
    for (const [close, open] of style.reopen) body = body.replaceAll(close, close + open);
  }
  return style.open + body + style.close;
}

/** `text` in foreground `hex` with optional attributes and background; unchanged at level none. */
export function paintText(level: ColorLevel, hex: string | undefined, text: string, opts: StyleOptions = {}): string {
  if (level === "none") return text;
  return apply(buildStyle(level, hex, opts), text);
}
