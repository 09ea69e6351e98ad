/**
 * The themes kit knows: the built-in ones (embedded), the user's ($XDG_CONFIG_HOME/kit/themes/),
 * the project's (.kit/themes/), and those extensions register. A later source replaces a theme of
 * the same name: built-in < user < project < extension. Missing slots inherit from the theme named
 * by `extends`, else from kitt. A registry is an object the app creates (no module state).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ColorLevel } from "../terminal/colors.ts";
import { BUILTIN_THEMES } from "./builtin.ts";
import { isThemeFile, parseThemeText, themeFromData, ThemeError, validateThemeColors } from "./parse.ts";
import { ALL_SLOTS, DEFAULT_THEME_NAME, type AnySlot, type ThemeColor, type ThemeDefinition } from "./slots.ts";
import { buildTheme, type Theme } from "./theme.ts";

export class ThemeRegistry {
  /**
   * A built-in theme stays its embedded file's contents until first asked for: validating all 22 at
   * startup took ~3 ms of the interactive first paint, and a session uses one or two
   * (test/ui/theme/builtin.test.ts checks that every one is valid).
   */
  private readonly definitions = new Map<string, ThemeDefinition | { builtin: unknown }>();

  /** A registry holding the built-in themes (pass false for an empty one, e.g. in tests). */
  constructor(private readonly builtins = true) {
    if (!builtins) return;
    for (const [name, data] of BUILTIN_THEMES) this.definitions.set(name, { builtin: data });
  }

  /** Adds (or replaces) a theme. */
  add(definition: ThemeDefinition): void {
    this.definitions.set(definition.name, definition);
  }

  /** Registers colours under a name (ctx.registerTheme); validates them; throws ThemeError. */
  register(name: string, colors: unknown, source = "extension"): void {
    if (typeof name !== "string" || name.trim() === "") throw new ThemeError(`${source} theme`, "a theme needs a name");
    this.add({ name, source, colors: validateThemeColors(colors ?? {}, `${source} theme "${name}"`) });
  }

  /** Reads one theme file and adds it; throws ThemeError when it is not a valid theme. */
  loadFile(path: string): ThemeDefinition {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      throw new ThemeError(path, `cannot read: ${(err as Error).message}`);
    }
    const definition = parseThemeText(text, path);
    this.add(definition);
    return definition;
  }

  /**
   * Loads every .yaml, .yml and .json file of a directory (in name order); a missing directory is
   * no error. Bad files are skipped and returned as errors; the good ones are added.
   */
  loadDir(dir: string): ThemeError[] {
    let names: string[];
    try {
      if (!statSync(dir).isDirectory()) return [];
      names = readdirSync(dir).filter(isThemeFile).sort();
    } catch {
      return [];
    }
    const errors: ThemeError[] = [];
    for (const name of names) {
      try {
        this.loadFile(join(dir, name));
      } catch (err) {
        if (err instanceof ThemeError) errors.push(err);
        else throw err;
      }
    }
    return errors;
  }

  /** Forgets a theme; a built-in one of that name (which it had replaced) comes back. */
  remove(name: string): void {
    const builtin = this.builtins ? BUILTIN_THEMES.get(name) : undefined;
    if (builtin === undefined) this.definitions.delete(name);
    else this.definitions.set(name, { builtin });
  }

  /** Whether `name` is a built-in theme that nothing replaced. */
  isBuiltin(name: string): boolean {
    const entry = this.definitions.get(name);
    return entry !== undefined && ("builtin" in entry || entry.source === "builtin");
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  /** Theme names: built-ins in their order, then the others in the order they were added. */
  list(): string[] {
    return [...this.definitions.keys()];
  }

  get(name: string): ThemeDefinition | undefined {
    const entry = this.definitions.get(name);
    if (entry === undefined || !("builtin" in entry)) return entry;
    const definition = themeFromData(entry.builtin, `themes/${name}.yaml`, "builtin");
    this.definitions.set(name, definition);
    return definition;
  }

  /** Every slot of a theme, with inheritance applied. Throws on an unknown theme or an extends cycle. */
  colors(name: string): Record<AnySlot, ThemeColor> {
    const chain: ThemeDefinition[] = [];
    const seen = new Set<string>();
    let current: string | undefined = name;
    while (current !== undefined) {
      const definition = this.get(current);
      if (!definition) {
        if (chain.length === 0) throw new Error(`unknown theme "${name}"; known themes: ${this.list().join(", ")}`);
        const from = chain[chain.length - 1]!;
        throw new ThemeError(from.source, `"extends" names an unknown theme "${current}"`);
      }
      if (seen.has(current)) throw new ThemeError(definition.source, `"extends" makes a cycle: ${[...seen, current].join(" → ")}`);
      seen.add(current);
      chain.push(definition);
      current = definition.extends ?? (current === DEFAULT_THEME_NAME ? undefined : DEFAULT_THEME_NAME);
    }
    const merged: Partial<Record<AnySlot, ThemeColor>> = {};
    for (const definition of chain.reverse()) Object.assign(merged, definition.colors);
    const missing = ALL_SLOTS.filter((slot) => !merged[slot]);
    if (missing.length > 0) throw new ThemeError(chain[0]!.source, `the base theme lacks slots: ${missing.join(", ")}`);
    return merged as Record<AnySlot, ThemeColor>;
  }

  /** The theme `name` for a dark or light terminal at a colour level. Throws on an unknown name. */
  resolveTheme(name: string, dark: boolean, level: ColorLevel): Theme {
    return buildTheme(name, this.colors(name), dark, level);
  }
}

/** Where user and project theme files live. */
export function themeDirs(opts: { configDir: string; cwd: string }): { user: string; project: string } {
  return { user: join(opts.configDir, "themes"), project: join(opts.cwd, ".kit", "themes") };
}

/**
 * A registry with the built-in, user and project themes. Files that do not load, and themes whose
 * `extends` cannot be resolved, are left out and returned as errors for the UI to show.
 */
export function loadThemes(opts: { configDir: string; cwd: string }): { registry: ThemeRegistry; errors: ThemeError[] } {
  const registry = new ThemeRegistry();
  const dirs = themeDirs(opts);
  const errors = [...registry.loadDir(dirs.user), ...registry.loadDir(dirs.project)];
  // A file's theme whose inheritance is broken is dropped (a built-in it replaced comes back); repeat,
  // as dropping one can break a theme that extends it. Built-ins extend only built-ins, so one whose
  // chain reaches a file's theme is sound once that theme is: they need no check (nor validating).
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of registry.list()) {
      if (registry.isBuiltin(name)) continue;
      try {
        registry.colors(name);
      } catch (err) {
        if (!(err instanceof ThemeError)) throw err;
        if (!errors.some((e) => e.message === err.message)) errors.push(err);
        registry.remove(name);
        changed = true;
      }
    }
  }
  return { registry, errors };
}

/** The theme to start with: the remembered preference when it still exists, else kitt. */
export function initialThemeName(registry: ThemeRegistry, preferred: string | undefined): string {
  return preferred && registry.has(preferred) ? preferred : DEFAULT_THEME_NAME;
}
