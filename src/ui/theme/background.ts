/**
 * Whether the terminal's background is dark or light, to pick each slot's dark or light value.
 * The app writes OSC11_QUERY and hands what the terminal answers to `parseBackgroundReply`; without
 * an answer, COLORFGBG (set by rxvt, Konsole, some others) decides; without that, dark.
 */

export type Background = "dark" | "light";

/** Asks the terminal for its background colour (answered as OSC 11 ; rgb:RRRR/GGGG/BBBB). */
export const OSC11_QUERY = "\x1b]11;?\x07";

// ESC ] 11 ; rgb:r/g/b (or rgba:r/g/b/a) ended by BEL or ST; each component has 1-4 hex digits.
const REPLY = /\x1b\]11;rgba?:([0-9a-f]{1,4})\/([0-9a-f]{1,4})\/([0-9a-f]{1,4})(?:\/[0-9a-f]{1,4})?(?:\x07|\x1b\\)/i;

export interface BackgroundReply {
  background: Background;
  /** The colour as 0-255 components. */
  rgb: { r: number; g: number; b: number };
  /** Where the reply sits in the data, so the caller can cut it out of other input. */
  start: number;
  end: number;
}

/** Finds an OSC 11 reply in terminal input (bytes or text) and classifies it; undefined when none. */
export function parseBackgroundReply(data: string | Uint8Array): BackgroundReply | undefined {
  const text = typeof data === "string" ? data : new TextDecoder().decode(data);
  const match = REPLY.exec(text);
  if (!match) return undefined;
  const [r, g, b] = [match[1]!, match[2]!, match[3]!].map(scale) as [number, number, number];
  return { background: backgroundOf({ r, g, b }), rgb: { r, g, b }, start: match.index, end: match.index + match[0].length };
}

/** A component of 1-4 hex digits scaled to 0-255 (X11 colour spec: "f" and "ffff" are both full). */
function scale(hex: string): number {
  return Math.round((parseInt(hex, 16) / (16 ** hex.length - 1)) * 255);
}

/** Dark when the colour's lightness is below the middle (CIE L* < 50, relative luminance < 0.18). */
export function backgroundOf(rgb: { r: number; g: number; b: number }): Background {
  const linear = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * linear(rgb.r) + 0.7152 * linear(rgb.g) + 0.0722 * linear(rgb.b);
  return luminance < 0.18 ? "dark" : "light";
}

/**
 * COLORFGBG is "fg;bg" (sometimes "fg;default;bg") with ANSI colour indices: a background of 0-6
 * or 8 is dark, 7 or 9-15 light. Undefined when unset or not understood.
 */
export function backgroundFromColorFgBg(value: string | undefined): Background | undefined {
  if (!value) return undefined;
  const last = value.split(";").pop()!.trim();
  if (!/^\d+$/.test(last)) return undefined;
  const index = Number(last);
  if (index > 15) return undefined;
  return index === 7 || index >= 9 ? "light" : "dark";
}

/** The background to use: the terminal's reply if any, else COLORFGBG, else dark. */
export function detectBackground(opts: { reply?: string | Uint8Array; env?: Record<string, string | undefined> } = {}): Background {
  const fromReply = opts.reply !== undefined ? parseBackgroundReply(opts.reply)?.background : undefined;
  return fromReply ?? backgroundFromColorFgBg((opts.env ?? process.env).COLORFGBG) ?? "dark";
}
