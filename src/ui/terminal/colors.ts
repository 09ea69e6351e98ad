/**
 * Colour capability of the terminal and "#rrggbb" turned into the best SGR sequence for it:
 * truecolor as is, 256 colours to the nearest cube or grey entry, basic to the nearest of the 16
 * ANSI colours, none to nothing (NO_COLOR).
 */

export type ColorLevel = "none" | "basic" | "256" | "truecolor";

/**
 * The colour level from the environment, in this order: NO_COLOR (set and non-empty) gives none;
 * FORCE_COLOR 0-3 forces a level; TERM=dumb gives none; COLORTERM truecolor/24bit, or a terminal known
 * to do truecolor, gives truecolor; a TERM with "256color" gives 256; anything else basic.
 */
export function detectColorLevel(env: Record<string, string | undefined> = process.env): ColorLevel {
  if (env.NO_COLOR) return "none";
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") {
    const level = (["none", "basic", "256", "truecolor"] as const)[Number(force)];
    if (level) return level;
    if (force === "true") return "basic";
  }
  const term = (env.TERM ?? "").toLowerCase();
  if (term === "dumb") return "none";
  const colorterm = (env.COLORTERM ?? "").toLowerCase();
  if (colorterm === "truecolor" || colorterm === "24bit") return "truecolor";
  if (/^(xterm-kitty|xterm-ghostty|wezterm|alacritty|foot)/.test(term)) return "truecolor";
  if (["iTerm.app", "WezTerm", "ghostty", "vscode"].includes(env.TERM_PROGRAM ?? "")) return "truecolor";
  if (term.includes("256")) return "256";
  return "basic";
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** Parses "#rrggbb" or "#rgb"; throws an Error naming the bad value. */
export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a colour: "${hex}" (expected #rrggbb)`);
  let digits = m[1]!;
  if (digits.length === 3) digits = [...digits].map((d) => d + d).join("");
  const n = parseInt(digits, 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

const CUBE = [0, 95, 135, 175, 215, 255];

const distance = (a: Rgb, b: Rgb) => {
  // Weighted for the eye (a cheap "redmean" approximation).
  const rm = (a.r + b.r) / 2;
  const dr = a.r - b.r;
  const dg = a.g - b.g;
  const db = a.b - b.b;
  return (2 + rm / 256) * dr * dr + 4 * dg * dg + (2 + (255 - rm) / 256) * db * db;
};

const nearestCube = (v: number) => {
  let best = 0;
  for (let i = 1; i < CUBE.length; i++) if (Math.abs(CUBE[i]! - v) < Math.abs(CUBE[best]! - v)) best = i;
  return best;
};

/** The xterm 256-colour index nearest to `rgb` (6×6×6 cube 16-231 or grey ramp 232-255). */
export function rgbTo256(rgb: Rgb): number {
  const [ri, gi, bi] = [nearestCube(rgb.r), nearestCube(rgb.g), nearestCube(rgb.b)];
  const cube = { r: CUBE[ri]!, g: CUBE[gi]!, b: CUBE[bi]! };
  const average = (rgb.r + rgb.g + rgb.b) / 3;
  const greyIndex = Math.max(0, Math.min(23, Math.round((average - 8) / 10)));
  const greyValue = 8 + greyIndex * 10;
  const grey = { r: greyValue, g: greyValue, b: greyValue };
  return distance(rgb, grey) < distance(rgb, cube) ? 232 + greyIndex : 16 + 36 * ri + 6 * gi + bi;
}

/** The 16 ANSI colours as xterm draws them, index 0-15 (8-15 are the bright ones). */
const BASIC: Rgb[] = [
  [0, 0, 0], [205, 0, 0], [0, 205, 0], [205, 205, 0], [0, 0, 238], [205, 0, 205], [0, 205, 205], [229, 229, 229],
  [127, 127, 127], [255, 0, 0], [0, 255, 0], [255, 255, 0], [92, 92, 255], [255, 0, 255], [0, 255, 255], [255, 255, 255],
].map(([r, g, b]) => ({ r: r!, g: g!, b: b! }));

/** The index (0-15) of the ANSI colour nearest to `rgb`. */
export function rgbToBasic(rgb: Rgb): number {
  let best = 0;
  for (let i = 1; i < BASIC.length; i++) if (distance(rgb, BASIC[i]!) < distance(rgb, BASIC[best]!)) best = i;
  return best;
}

function sgr(hex: string, level: ColorLevel, background: boolean): string {
  if (level === "none") return "";
  const rgb = parseHex(hex);
  if (level === "truecolor") return `\x1b[${background ? 48 : 38};2;${rgb.r};${rgb.g};${rgb.b}m`;
  if (level === "256") return `\x1b[${background ? 48 : 38};5;${rgbTo256(rgb)}m`;
  const index = rgbToBasic(rgb);
  const base = (background ? 40 : 30) + (index >= 8 ? 60 : 0);
  return `\x1b[${base + (index % 8)}m`;
}

/** SGR that sets the foreground to `hex` at `level` ("" for none). */
export const fgSgr = (hex: string, level: ColorLevel) => sgr(hex, level, false);
/** SGR that sets the background to `hex` at `level` ("" for none). */
export const bgSgr = (hex: string, level: ColorLevel) => sgr(hex, level, true);
/** SGR that puts the foreground back to the terminal's default. */
export const FG_DEFAULT = "\x1b[39m";
/** SGR that puts the background back to the terminal's default. */
export const BG_DEFAULT = "\x1b[49m";

/** `text` in colour `hex` (foreground), or unchanged at level none. */
export function colorize(text: string, hex: string, level: ColorLevel): string {
  return level === "none" ? text : fgSgr(hex, level) + text + FG_DEFAULT;
}
