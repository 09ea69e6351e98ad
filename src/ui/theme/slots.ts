/**
 * The colour slots of a theme: the 22 extensions see (`ThemeSlot` in kit/ext) and three background
 * extras of the terminal UI (diff lines and code blocks). Each slot of a theme file has a light and a
 * dark value; a resolved theme has one hex colour per slot.
 *
 * ui/ stands alone, so these shapes are its own, not imports of the extension contract; the
 * interactive mode hands them to and from extensions, where TypeScript's structural check keeps the
 * two in step (a slot the contract adds and this list lacks fails to compile there).
 */

export const THEME_SLOTS = [
  "primary", "secondary", "success", "warning", "error", "info", "text", "muted", "veryMuted",
  "background", "border", "mutedBorder", "system", "tool", "accent", "highlight",
  "mdHeading", "mdLink", "mdKeyword", "mdString", "mdNumber", "mdComment",
] as const;
/** A slot extensions may read and set. */
export type ThemeSlot = (typeof THEME_SLOTS)[number];

/** A slot's colour on a light and on a dark terminal background (hex). */
export interface ThemeColor {
  light: string;
  dark: string;
}

/** A resolved theme as extensions see it: one hex colour per slot, its name, and painting. */
export type ThemeColors = Record<ThemeSlot, string> & {
  name: string;
  dark: boolean;
  /** Colours text with a slot's hex colour (no-op without colour support). */
  paint(hex: string, text: string, opts?: { bold?: boolean }): string;
};

/** Background colours the UI needs beyond the contract: added and removed diff lines, code blocks. */
export const EXTRA_SLOTS = ["diffAdded", "diffRemoved", "codeBackground"] as const;
export type ExtraSlot = (typeof EXTRA_SLOTS)[number];

export type AnySlot = ThemeSlot | ExtraSlot;
export const ALL_SLOTS: readonly AnySlot[] = [...THEME_SLOTS, ...EXTRA_SLOTS];

/** The colours a theme file (or an extension) defines; missing slots inherit. */
export type ThemeSlotColors = Partial<Record<AnySlot, ThemeColor>>;

/** A theme as loaded: where it came from, what it inherits from, and its own colours. */
export interface ThemeDefinition {
  name: string;
  /** "builtin", "extension", or the path of the file. */
  source: string;
  /** Name of the theme that missing slots inherit from; undefined = kitt (the default). */
  extends?: string;
  colors: ThemeSlotColors;
}

/** The default theme: every other theme inherits its missing slots from it. */
export const DEFAULT_THEME_NAME = "kitt";

export function isSlot(name: string): name is AnySlot {
  return (ALL_SLOTS as readonly string[]).includes(name);
}
