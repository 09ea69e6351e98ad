/**
 * Themes as the kit/test MockContext sees them: registered themes are kept and can be selected, and
 * getTheme answers with real values, but nothing is painted (paint returns the text as it is). A
 * test runs without kit's theme files or preferences, so only kitt and what the extension registers exist.
 */
import type { ThemeColorConfig, ThemeColors, ThemeSlot } from "../contract.ts";

/** kitt's dark values. */
const DEFAULT_THEME: Record<ThemeSlot, string> = {
  primary: "#ff2d2d",
  secondary: "#ffa657",
  success: "#3fb950",
  warning: "#d29922",
  error: "#f85149",
  info: "#58a6ff",
  text: "#e6edf3",
  muted: "#8b949e",
  veryMuted: "#484f58",
  background: "#0d1117",
  border: "#30363d",
  mutedBorder: "#21262d",
  system: "#a371f7",
  tool: "#79c0ff",
  accent: "#ff7b72",
  highlight: "#ffd33d",
  mdHeading: "#ff7b72",
  mdLink: "#58a6ff",
  mdKeyword: "#ff7b72",
  mdString: "#a5d6ff",
  mdNumber: "#79c0ff",
  mdComment: "#8b949e",
};

export class MockThemes {
  private readonly themes = new Map<string, ThemeColorConfig>([["kitt", {}]]);
  private current = "kitt";
  register(name: string, colors: ThemeColorConfig): void {
    this.themes.set(name, colors);
  }
  set(name: string): void {
    if (!this.themes.has(name)) throw new Error(`unknown theme "${name}"; known themes: ${this.list().join(", ")}`);
    this.current = name;
  }
  list(): string[] {
    return [...this.themes.keys()];
  }
  get(): ThemeColors {
    const custom = this.themes.get(this.current) ?? {};
    const slots = { ...DEFAULT_THEME };
    for (const [slot, color] of Object.entries(custom)) if (color) slots[slot as ThemeSlot] = color.dark;
    return { ...slots, name: this.current, dark: true, paint: (_hex, text) => text };
  }
}

