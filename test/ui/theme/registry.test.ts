import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { initialThemeName, loadThemes, themeDirs, ThemeRegistry } from "../../../src/ui/theme/registry.ts";
import { contractColors } from "../../../src/ui/theme/theme.ts";
import { ALL_SLOTS, THEME_SLOTS } from "../../../src/ui/theme/slots.ts";
import { tempDir } from "../../support/temp-dir.ts";

const temp = tempDir("kit-themes-");

let counter = 0;
/** A config dir and a project dir with the given theme files. */
function setup(user: Record<string, string>, project: Record<string, string> = {}): { configDir: string; cwd: string } {
  const root = join(temp, String(counter++));
  const configDir = join(root, "config", "kit");
  const cwd = join(root, "project");
  const dirs = themeDirs({ configDir, cwd });
  for (const [dir, files] of [[dirs.user, user], [dirs.project, project]] as const) {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  }
  return { configDir, cwd };
}

describe("theme registry", () => {
  test("user themes live in <config>/themes, project themes in .kit/themes", () => {
    expect(themeDirs({ configDir: "/x/.config/kit", cwd: "/p" })).toEqual({ user: "/x/.config/kit/themes", project: "/p/.kit/themes" });
  });

  test("user and project files add themes; missing slots inherit from kitt", () => {
    const { registry, errors } = loadThemes(setup({ "mine.yaml": 'primary: { light: "#101010", dark: "#efefef" }\n' }, { "team.json": '{"accent": "#123456"}' }));
    expect(errors).toEqual([]);
    expect(registry.list()).toContain("mine");
    expect(registry.list()).toContain("team");
    const mine = registry.resolveTheme("mine", true, "none");
    const kitt = registry.resolveTheme("kitt", true, "none");
    expect(mine.primary).toBe("#efefef");
    expect(registry.resolveTheme("mine", false, "none").primary).toBe("#101010");
    expect(mine.error).toBe(kitt.error);
    expect(mine.codeBackground).toBe(kitt.codeBackground);
    expect(registry.resolveTheme("team", true, "none").accent).toBe("#123456");
  });

  test("a user file replaces a built-in of the same name, and a project file replaces a user one", () => {
    const { registry, errors } = loadThemes(
      setup({ "dracula.yaml": 'primary: "#000001"\n', "shared.yaml": 'primary: "#000002"\n' }, { "shared.yaml": 'primary: "#000003"\n' }),
    );
    expect(errors).toEqual([]);
    expect(registry.resolveTheme("dracula", true, "none").primary).toBe("#000001");
    expect(registry.get("dracula")!.source).toEndWith("dracula.yaml");
    expect(registry.resolveTheme("shared", true, "none").primary).toBe("#000003");
    expect(registry.list().filter((n) => n === "shared")).toHaveLength(1);
  });

  test("extends inherits from another theme, then kitt", () => {
    const { registry } = loadThemes(setup({ "night.yaml": 'extends: nord\nprimary: "#abcdef"\n' }));
    const night = registry.resolveTheme("night", true, "none");
    const nord = registry.resolveTheme("nord", true, "none");
    expect(night.primary).toBe("#abcdef");
    expect(night.background).toBe(nord.background);
    expect(night.mdKeyword).toBe(nord.mdKeyword);
  });

  test("bad files are left out with clear errors; the good ones still load", () => {
    const { registry, errors } = loadThemes(
      setup({
        "good.yaml": 'primary: "#111111"\n',
        "typo.yaml": 'sucess: "#00ff00"\n',
        "broken.json": "{",
        "orphan.yaml": "extends: nothing-here\n",
        "loop-a.yaml": "extends: loop-b\n",
        "loop-b.yaml": "extends: loop-a\n",
        "notes.txt": "not a theme",
      }),
    );
    expect(registry.has("good")).toBe(true);
    for (const name of ["typo", "broken", "orphan", "loop-a", "loop-b"]) expect(registry.has(name)).toBe(false);
    const messages = errors.map((e) => e.message).join("\n");
    expect(messages).toContain('typo.yaml: slot "sucess": unknown slot (did you mean "success"?)');
    expect(messages).toContain("broken.json:1:2: invalid JSON");
    expect(messages).toContain('orphan.yaml: "extends" names an unknown theme "nothing-here"');
    expect(messages).toMatch(/loop-[ab]\.yaml: "extends" makes a cycle/);
    expect(messages).not.toContain("notes.txt");
  });

  test("a broken user file named like a built-in leaves the built-in in place", () => {
    const { registry, errors } = loadThemes(setup({ "nord.yaml": "extends: missing\n" }));
    expect(errors).toHaveLength(1);
    expect(registry.get("nord")!.source).toBe("builtin");
  });

  test("missing directories are no error", () => {
    const { registry, errors } = loadThemes({ configDir: join(temp, "none", "kit"), cwd: join(temp, "none", "project") });
    expect(errors).toEqual([]);
    expect(registry.list()).toHaveLength(22);
  });

  test("extensions register themes (validated) and can replace one", () => {
    const registry = new ThemeRegistry();
    registry.register("ext-theme", { success: { light: "#006600", dark: "#66ff66" } });
    expect(registry.resolveTheme("ext-theme", true, "none").success).toBe("#66ff66");
    expect(registry.get("ext-theme")!.source).toBe("extension");
    expect(() => registry.register("bad", { succes: { light: "#000000", dark: "#000000" } })).toThrow('extension theme "bad": slot "succes": unknown slot');
    expect(() => registry.register("", {})).toThrow("a theme needs a name");
  });

  test("an unknown theme name is an error listing the known ones", () => {
    expect(() => new ThemeRegistry().resolveTheme("nope", true, "none")).toThrow('unknown theme "nope"; known themes: kitt, catppuccin');
  });

  test("the contract's view has the 22 slots, name, dark and paint", () => {
    const theme = new ThemeRegistry().resolveTheme("gruvbox", false, "truecolor");
    const colors = contractColors(theme);
    expect(Object.keys(colors).sort()).toEqual([...THEME_SLOTS, "name", "dark", "paint"].sort());
    expect(colors.name).toBe("gruvbox");
    expect(colors.dark).toBe(false);
    expect(colors.paint("#ff0000", "x", { bold: true })).toBe("\x1b[1m\x1b[38;2;255;0;0mx\x1b[39m\x1b[22m");
    expect(ALL_SLOTS.length).toBe(25);
  });

  test("the remembered theme is used when it still exists, else kitt", () => {
    const registry = new ThemeRegistry();
    expect(initialThemeName(registry, "nord")).toBe("nord");
    expect(initialThemeName(registry, "deleted-theme")).toBe("kitt");
    expect(initialThemeName(registry, undefined)).toBe("kitt");
  });
});
