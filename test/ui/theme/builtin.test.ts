import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { BUILTIN_THEMES } from "../../../src/ui/theme/builtin.ts";
import { parseThemeText } from "../../../src/ui/theme/parse.ts";
import { ThemeRegistry } from "../../../src/ui/theme/registry.ts";
import { ALL_SLOTS, THEME_SLOTS } from "../../../src/ui/theme/slots.ts";

const ROOT = join(import.meta.dir, "../../..");
const THEMES_DIR = join(ROOT, "themes");
const EXPECTED = [
  "kitt", "catppuccin", "dracula", "tokyonight", "nord", "gruvbox", "monokai", "solarized", "github", "one-dark", "rose-pine",
  "ayu", "material", "everforest", "kanagawa", "amoled", "synthwave", "vesper", "flexoki", "matrix", "vercel", "zenburn",
];

describe("built-in themes", () => {
  test("the 22 themes of the issue, kitt first, each a file in themes/", () => {
    expect([...BUILTIN_THEMES.keys()]).toEqual(EXPECTED);
    const files = readdirSync(THEMES_DIR).filter((f) => f.endsWith(".yaml")).map((f) => f.replace(/\.yaml$/, "")).sort();
    expect(files).toEqual([...EXPECTED].sort());
  });

  test("the embedded contents are the file's contents", () => {
    for (const [name, data] of BUILTIN_THEMES) expect(data).toEqual(parse(readFileSync(join(THEMES_DIR, `${name}.yaml`), "utf8")));
  });

  test("they are module imports (Bun's YAML loader), so `bun build --compile` embeds them and nothing is read at run time", () => {
    const source = readFileSync(join(ROOT, "src/ui/theme/builtin.ts"), "utf8");
    for (const name of EXPECTED) expect(source).toMatch(new RegExp(`^import \\w+ from "\\.\\./\\.\\./\\.\\./themes/${name}\\.yaml";$`, "m"));
    expect(source).not.toMatch(/readFileSync|readdirSync|Bun\.file|node:fs/);
  });

  test.each(EXPECTED)("%s defines a light and a dark value for every slot, diff and code backgrounds included", (name) => {
    const text = readFileSync(join(THEMES_DIR, `${name}.yaml`), "utf8");
    const raw = parse(text) as Record<string, unknown>;
    expect(raw.name).toBe(name);
    for (const slot of ALL_SLOTS) {
      const color = raw[slot] as { light?: string; dark?: string } | undefined;
      expect(color, `${name}.${slot}`).toBeDefined();
      expect(color!.light, `${name}.${slot}.light`).toMatch(/^#[0-9a-f]{6}$/);
      expect(color!.dark, `${name}.${slot}.dark`).toMatch(/^#[0-9a-f]{6}$/);
    }
    const definition = parseThemeText(text, `themes/${name}.yaml`);
    expect(Object.keys(definition.colors).sort()).toEqual([...ALL_SLOTS].sort());
  });

  test.each(EXPECTED)("%s resolves for dark and light terminals with every slot", (name) => {
    const registry = new ThemeRegistry();
    for (const dark of [true, false]) {
      const theme = registry.resolveTheme(name, dark, "truecolor");
      expect(theme.name).toBe(name);
      expect(theme.dark).toBe(dark);
      for (const slot of ALL_SLOTS) expect(theme[slot]).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  test("dark values suit a dark background and light values a light one (text contrasts with background)", () => {
    const luminance = (hex: string) => {
      const n = parseInt(hex.slice(1), 16);
      return 0.2126 * ((n >> 16) & 255) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255);
    };
    const registry = new ThemeRegistry();
    for (const name of EXPECTED) {
      const dark = registry.resolveTheme(name, true, "none");
      const light = registry.resolveTheme(name, false, "none");
      expect(luminance(dark.background), `${name} dark background`).toBeLessThan(luminance(dark.text));
      expect(luminance(light.background), `${name} light background`).toBeGreaterThan(luminance(light.text));
      expect(luminance(dark.background), `${name} dark background is dark`).toBeLessThan(100);
      expect(luminance(light.background), `${name} light background is light`).toBeGreaterThan(200);
    }
  });

  test("kitt's dark values are the defaults headless runs report", () => {
    const kitt = new ThemeRegistry().resolveTheme("kitt", true, "none");
    expect(kitt.primary).toBe("#ff2d2d");
    expect(kitt.background).toBe("#0d1117");
    expect(THEME_SLOTS.length).toBe(22);
  });
});
