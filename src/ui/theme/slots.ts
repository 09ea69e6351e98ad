/**
 * The colour slots of a theme: the contract's 22 (`ThemeSlot` in kit/ext) and three background
 * extras of the terminal UI (diff lines and code blocks). Each slot of a theme file has a light and a
 * dark value; a resolved theme has one hex colour per slot.
 */
// Types of the contract itself (spec/kit-ext.d.ts); a type-only import, so ui/ needs no extensions/ code.
import type { ThemeColor, ThemeSlot } from "kit/ext";

export const THEME_SLOTS = [
  "primary", "secondary", "success", "warning", "error", "info", "text", "muted", "veryMuted",
  "background", "border", "mutedBorder", "system", "tool", "accent", "highlight",
  "mdHeading", "mdLink", "mdKeyword", "mdString", "mdNumber", "mdComment",
] as const satisfies readonly ThemeSlot[];

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
