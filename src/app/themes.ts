/**
 * The themes of a run, the same in every mode: the registry of built-in, user, project and extension
 * themes, the one in use (resolved for the terminal's background and colour level; headless runs
 * resolve at no colour, so nothing is painted), switching it (/theme, ctx.setTheme) with the choice
 * remembered in the preferences file, and the contract's view of it.
 *
 * The remembered theme may be one an extension registers, which exists only once extensions have
 * loaded and started: until then the run uses the default, switches to the remembered one when it
 * is registered, and `settle()` (after session_start) reports it as unknown if it never was.
 */
import type { ThemeColorConfig, ThemeColors } from "kit/ext";
import { savePreference } from "../config/preferences.ts";
import type { ColorLevel } from "../ui/terminal/colors.ts";
import { initialThemeName, loadThemes, type ThemeRegistry } from "../ui/theme/registry.ts";
import { contractColors, type Theme } from "../ui/theme/theme.ts";

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
  private loaded: ThemeRegistry | undefined;
  private current: Theme | undefined;
  /** The remembered theme while it waits for an extension to register it. */
  private awaited: string | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly o: ThemeManagerOptions) {
    this.awaited = o.preferred;
  }

  /** Read on first use: a headless run whose extensions never ask for themes reads no theme file. */
  get registry(): ThemeRegistry {
    if (!this.loaded) {
      const { registry, errors } = loadThemes({ configDir: this.o.configDir, cwd: this.o.cwd });
      this.loaded = registry;
      for (const e of errors) this.o.report(e.message);
      if (this.awaited && registry.has(this.awaited)) this.awaited = undefined;
    }
    return this.loaded;
  }

  get theme(): Theme {
    return this.inUse();
  }

  get name(): string {
    return this.theme.name;
  }

  list(): string[] {
    return this.registry.list();
  }

  /** Applies a theme and, unless told otherwise, remembers it. Throws on an unknown name. */
  set(name: string, persist = true): void {
    if (!this.registry.has(name)) throw new Error(`unknown theme "${name}"; known themes: ${this.list().join(", ")}`);
    this.awaited = undefined;
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
    if (!this.current) return;
    this.current = this.resolve(this.current.name);
    this.changed();
  }

  /**
   * ctx.registerTheme: a theme of that name is replaced (and re-applied when in use); the remembered
   * theme, when this is it, is applied (not remembered again).
   */
  register(name: string, colors: ThemeColorConfig): void {
    this.registry.register(name, colors);
    if (name === this.awaited) this.set(name, false);
    else if (name === this.current?.name) {
      this.current = this.resolve(name);
      this.changed();
    }
  }

  /** Extensions have loaded and started: a remembered theme nobody registered is reported, and forgotten. */
  settle(): void {
    const missing = this.awaited;
    this.awaited = undefined;
    // The theme in use is fixed now: the remembered one, registered later, does not replace it.
    this.inUse();
    if (missing && !this.registry.has(missing)) this.o.report(`unknown theme "${missing}"; using the default (/theme lists the themes)`);
  }

  /** What ctx.getTheme() returns. */
  contract(): ThemeColors {
    return contractColors(this.theme);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The theme in use, resolved on first use: the remembered one when it exists by then, else kitt. */
  private inUse(): Theme {
    this.current ??= this.resolve(initialThemeName(this.registry, this.o.preferred));
    return this.current;
  }

  private resolve(name: string): Theme {
    return this.registry.resolveTheme(name, this.o.dark, this.o.level);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
