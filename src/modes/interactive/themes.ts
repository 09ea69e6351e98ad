/**
 * The theme of the terminal UI: the registry of built-in, user, project and extension themes, the one
 * in use (resolved for the terminal's background and colour level), switching it (/theme,
 * ctx.setTheme) with the choice remembered in the preferences file, and the contract's view of it.
 */
import type { ThemeColorConfig, ThemeColors } from "kit/ext";
import { savePreference } from "../../config/preferences.ts";
import type { ColorLevel } from "../../ui/terminal/colors.ts";
import { initialThemeName, loadThemes, type ThemeRegistry } from "../../ui/theme/registry.ts";
import { contractColors, type Theme } from "../../ui/theme/theme.ts";

export interface ThemeManagerOptions {
  configDir: string;
  cwd: string;
  /** The `theme` setting (config or preferences). */
  preferred: string | undefined;
  level: ColorLevel;
  dark: boolean;
  /** Where the choice is remembered; undefined = not remembered (tests). */
  preferencesFile: string | undefined;
  /** Theme files that did not load, and a choice that could not be saved. */
  report(message: string): void;
}

export class ThemeManager {
  readonly registry: ThemeRegistry;
  private current: Theme;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly o: ThemeManagerOptions) {
    const loaded = loadThemes({ configDir: o.configDir, cwd: o.cwd });
    this.registry = loaded.registry;
    for (const e of loaded.errors) o.report(e.message);
    if (o.preferred && !this.registry.has(o.preferred)) o.report(`unknown theme "${o.preferred}"; using the default (/theme lists the themes)`);
    this.current = this.resolve(initialThemeName(this.registry, o.preferred));
  }

  get theme(): Theme {
    return this.current;
  }

  get name(): string {
    return this.current.name;
  }

  list(): string[] {
    return this.registry.list();
  }

  /** Applies a theme and, unless told otherwise, remembers it. Throws on an unknown name. */
  set(name: string, persist = true): void {
    if (!this.registry.has(name)) throw new Error(`unknown theme "${name}"; known themes: ${this.list().join(", ")}`);
    this.current = this.resolve(name);
    if (persist && this.o.preferencesFile) {
      try {
        savePreference(this.o.preferencesFile, "theme", name);
      } catch (err) {
        this.o.report(`the theme choice was not saved: ${(err as Error).message}`);
      }
    }
    this.changed();
  }

  /** The terminal told its background: the light or dark values of the theme follow it. */
  setDark(dark: boolean): void {
    if (this.o.dark === dark) return;
    this.o.dark = dark;
    this.current = this.resolve(this.current.name);
    this.changed();
  }

  /** ctx.registerTheme: a theme of that name is replaced (and re-applied when in use). */
  register(name: string, colors: ThemeColorConfig): void {
    this.registry.register(name, colors);
    if (name === this.current.name) {
      this.current = this.resolve(name);
      this.changed();
    }
  }

  /** What ctx.getTheme() returns. */
  contract(): ThemeColors {
    return contractColors(this.current);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private resolve(name: string): Theme {
    return this.registry.resolveTheme(name, this.o.dark, this.o.level);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
