/**
 * Theme files and extension-registered colours, validated into a ThemeDefinition. A theme file is
 * YAML or JSON: a map of slot names to `{ light, dark }` hex colours (a single "#rrggbb" string sets
 * both), with two optional keys: `name` (default: the file name without extension) and `extends`
 * (the theme that missing slots inherit from; default kitt). Errors name the file and the slot.
 *
 *   name: night-owl
 *   extends: tokyonight
 *   primary: { light: "#4876d6", dark: "#82aaff" }
 *   accent: "#c792ea"
 */
import { basename, extname } from "node:path";
import { FileParseError, parseJson, parseYaml } from "../../config/parse-file.ts";
import { closest } from "../../did-you-mean.ts";
import { ALL_SLOTS, isSlot, type ThemeColor, type ThemeDefinition, type ThemeSlotColors } from "./slots.ts";

/** A theme that cannot be used: `file` is the path (or "builtin:<name>", "extension theme <name>"). */
export class ThemeError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly slot?: string,
  ) {
    super(`${file}: ${slot ? `slot "${slot}": ` : ""}${detail}`);
    this.name = "ThemeError";
  }
}

/** File extensions kit reads as themes. */
export const THEME_FILE_EXTENSIONS = [".yaml", ".yml", ".json"] as const;

export function isThemeFile(path: string): boolean {
  return (THEME_FILE_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase());
}

/** The theme name a file gets when it has no `name` key. */
export function themeNameOf(path: string): string {
  return basename(path, extname(path));
}

const HEX = /^#([0-9a-f]{6}|[0-9a-f]{3})$/i;

/** "#RGB" or "#RRGGBB" as lower-case "#rrggbb"; undefined when not a colour. */
export function normalizeHex(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = HEX.exec(value.trim());
  if (!match) return undefined;
  const digits = match[1]!.toLowerCase();
  return "#" + (digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits);
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Parses and validates the text of a theme file; `file` names it in errors and picks the format. */
export function parseThemeText(text: string, file: string, source = file): ThemeDefinition {
  return themeFromData(parseThemeData(text, file), file, source);
}

/** Validates the contents of a theme file (already parsed). */
export function themeFromData(data: unknown, file: string, source = file): ThemeDefinition {
  if (data === null || data === undefined) throw new ThemeError(file, "the file is empty");
  if (typeof data !== "object" || Array.isArray(data)) throw new ThemeError(file, "expected a map of slot names to colours");
  const { name: rawName, extends: rawExtends, ...slots } = data as Record<string, unknown>;
  const name = rawName === undefined ? themeNameOf(file) : rawName;
  if (typeof name !== "string" || !NAME.test(name)) throw new ThemeError(file, `"name" must be a theme name (letters, digits, ".", "_", "-"), got ${show(rawName)}`);
  if (rawExtends !== undefined && (typeof rawExtends !== "string" || !NAME.test(rawExtends))) {
    throw new ThemeError(file, `"extends" must be the name of a theme, got ${show(rawExtends)}`);
  }
  return { name, source, ...(rawExtends !== undefined ? { extends: rawExtends as string } : {}), colors: validateThemeColors(slots, file) };
}

/**
 * Checks a map of slot → colour (a theme file's slots, or what an extension passes to registerTheme)
 * and returns it normalised. `where` names the origin in errors.
 */
export function validateThemeColors(value: unknown, where: string): ThemeSlotColors {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ThemeError(where, "expected a map of slot names to colours");
  const colors: ThemeSlotColors = {};
  for (const [slot, color] of Object.entries(value as Record<string, unknown>)) {
    if (!isSlot(slot)) {
      const hint = closest(slot, ALL_SLOTS);
      throw new ThemeError(where, `unknown slot${hint ? ` (did you mean "${hint}"?)` : ""}; slots are ${ALL_SLOTS.join(", ")}`, slot);
    }
    colors[slot] = validateColor(color, where, slot);
  }
  return colors;
}

function validateColor(value: unknown, where: string, slot: string): ThemeColor {
  const single = normalizeHex(value);
  if (single) return { light: single, dark: single };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ThemeError(where, `expected { light: "#rrggbb", dark: "#rrggbb" } or one "#rrggbb", got ${show(value)}`, slot);
  }
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => k !== "light" && k !== "dark");
  if (extra.length > 0) throw new ThemeError(where, `unexpected key ${show(extra[0])}; a colour has "light" and "dark"`, slot);
  const out: Partial<ThemeColor> = {};
  for (const mode of ["light", "dark"] as const) {
    if (record[mode] === undefined) throw new ThemeError(where, `missing the ${mode} value`, slot);
    const hex = normalizeHex(record[mode]);
    if (!hex) throw new ThemeError(where, `${mode} value ${show(record[mode])} is not a colour (expected "#rrggbb")`, slot);
    out[mode] = hex;
  }
  return out as ThemeColor;
}

/** YAML or JSON through the shared parser; its error becomes a ThemeError at the same file, line and column. */
function parseThemeData(text: string, file: string): unknown {
  const opts = { what: "theme" };
  try {
    return extname(file).toLowerCase() === ".json" ? parseJson(text, file, opts) : parseYaml(text, file, opts).value;
  } catch (err) {
    if (!(err instanceof FileParseError)) throw err;
    throw new ThemeError(`${err.path}:${err.line}:${err.column}`, `invalid ${extname(file).toLowerCase() === ".json" ? "JSON" : "YAML"}: ${err.problem}`);
  }
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? text.slice(0, 39) + "…" : text;
}
