/**
 * A resolved theme: one hex colour per slot for the terminal's background (dark or light), and the
 * painting functions components use. Its shape is ThemeColors (what extensions get from
 * ctx.getTheme()) plus the UI's background extras and a few helpers.
 */
import type { ColorLevel } from "../terminal/colors.ts";
import { paintText, type StyleOptions } from "./paint.ts";
import { ALL_SLOTS, type AnySlot, type ExtraSlot, type ThemeColor, type ThemeColors, type ThemeSlot } from "./slots.ts";

export type { StyleOptions } from "./paint.ts";

export type Theme = ThemeColors &
  Record<ExtraSlot, string> & {
    /** The colour level paint works at; "none" = no escape sequences at all. */
    level: ColorLevel;
    /** Colours text with a hex colour (contract). opts extends the contract's { bold } with more attributes. */
    paint(hex: string, text: string, opts?: StyleOptions): string;
    /** `text` in the colour of `slot`. */
    fg(slot: AnySlot, text: string, opts?: StyleOptions): string;
    /** `text` on the background colour `hex` (a slot's value, e.g. theme.codeBackground). */
    bg(hex: string, text: string): string;
    /** Attributes without a colour change (bold, italic, ...). */
    style(text: string, opts: StyleOptions): string;
  };

/** Builds a Theme from a complete slot → {light, dark} map. */
export function buildTheme(name: string, colors: Record<AnySlot, ThemeColor>, dark: boolean, level: ColorLevel): Theme {
  const values = {} as Record<AnySlot, string>;
  for (const slot of ALL_SLOTS) values[slot] = dark ? colors[slot].dark : colors[slot].light;
  return {
    ...values,
    name,
    dark,
    level,
    paint: (hex, text, opts) => paintText(level, hex, text, opts),
    fg: (slot, text, opts) => paintText(level, values[slot], text, opts),
    bg: (hex, text) => paintText(level, undefined, text, { bg: hex }),
    style: (text, opts) => paintText(level, undefined, text, opts),
  };
}

/** The contract's view of a theme (slots, name, dark, paint): what extensions get from getTheme(). */
export function contractColors(theme: Theme): ThemeColors {
  const out = { name: theme.name, dark: theme.dark, paint: theme.paint } as ThemeColors;
  for (const slot of ALL_SLOTS) if (!isExtra(slot)) out[slot as ThemeSlot] = theme[slot];
  return out;
}

function isExtra(slot: AnySlot): slot is ExtraSlot {
  return slot === "diffAdded" || slot === "diffRemoved" || slot === "codeBackground";
}
