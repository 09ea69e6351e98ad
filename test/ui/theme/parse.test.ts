import { describe, expect, test } from "bun:test";
import { parseThemeText, ThemeError, validateThemeColors } from "../../../src/ui/theme/parse.ts";

function errorOf(fn: () => unknown): ThemeError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ThemeError);
    return err as ThemeError;
  }
  throw new Error("expected a ThemeError");
}

describe("theme files", () => {
  test("YAML: slots with light and dark, a single colour for both, name and extends", () => {
    const theme = parseThemeText(
      'name: mine\nextends: nord\nprimary: { light: "#112233", dark: "#AABBCC" }\naccent: "#f00"\n',
      "/home/u/.config/kit/themes/whatever.yaml",
    );
    expect(theme.name).toBe("mine");
    expect(theme.extends).toBe("nord");
    expect(theme.source).toBe("/home/u/.config/kit/themes/whatever.yaml");
    expect(theme.colors).toEqual({ primary: { light: "#112233", dark: "#aabbcc" }, accent: { light: "#ff0000", dark: "#ff0000" } });
  });

  test("JSON, named after the file when it has no name", () => {
    const theme = parseThemeText(JSON.stringify({ error: { light: "#800000", dark: "#ff8080" }, diffAdded: { light: "#eeffee", dark: "#103010" } }), "/p/.kit/themes/team.json");
    expect(theme.name).toBe("team");
    expect(theme.colors.error).toEqual({ light: "#800000", dark: "#ff8080" });
    expect(theme.colors.diffAdded).toEqual({ light: "#eeffee", dark: "#103010" });
  });

  test("an unknown slot names the file and the slot, and suggests the nearest slot", () => {
    const err = errorOf(() => parseThemeText('primry: "#ffffff"\n', "/t/bad.yaml"));
    expect(err.file).toBe("/t/bad.yaml");
    expect(err.slot).toBe("primry");
    expect(err.message).toStartWith('/t/bad.yaml: slot "primry": unknown slot (did you mean "primary"?)');
  });

  test("a bad colour names the slot and the value", () => {
    const err = errorOf(() => parseThemeText('muted: { light: "#zzzzzz", dark: "#000000" }\n', "/t/bad.yaml"));
    expect(err.slot).toBe("muted");
    expect(err.message).toBe('/t/bad.yaml: slot "muted": light value "#zzzzzz" is not a colour (expected "#rrggbb")');
  });

  test("a missing light or dark value, or a stray key, is an error", () => {
    expect(errorOf(() => parseThemeText('text: { light: "#000000" }\n', "/t/a.yaml")).message).toBe('/t/a.yaml: slot "text": missing the dark value');
    expect(errorOf(() => parseThemeText('text: { light: "#000000", dark: "#ffffff", dim: "#777777" }\n', "/t/a.yaml")).message).toContain('unexpected key "dim"');
    expect(errorOf(() => parseThemeText("text: 12\n", "/t/a.yaml")).message).toContain('slot "text": expected { light: "#rrggbb", dark: "#rrggbb" }');
  });

  test("invalid YAML reports the file, line and column", () => {
    const err = errorOf(() => parseThemeText('primary: { light: "#000000", dark: \n  - [\n', "/t/broken.yaml"));
    expect(err.message).toMatch(/^\/t\/broken\.yaml:\d+:\d+: invalid YAML: /);
  });

  test("invalid JSON, an empty file, a list, a bad name or extends", () => {
    expect(errorOf(() => parseThemeText("{ nope", "/t/x.json")).message).toStartWith("/t/x.json:1:3: invalid JSON: ");
    expect(errorOf(() => parseThemeText("", "/t/x.yaml")).message).toBe("/t/x.yaml: the file is empty");
    expect(errorOf(() => parseThemeText("- a\n- b\n", "/t/x.yaml")).message).toBe("/t/x.yaml: expected a map of slot names to colours");
    expect(errorOf(() => parseThemeText("name: 'has space'\n", "/t/x.yaml")).message).toContain('"name" must be a theme name');
    expect(errorOf(() => parseThemeText("extends: 3\n", "/t/x.yaml")).message).toContain('"extends" must be the name of a theme');
  });

  test("duplicate keys are refused", () => {
    expect(errorOf(() => parseThemeText('text: "#000000"\ntext: "#111111"\n', "/t/dup.yaml")).message).toContain("invalid YAML");
  });

  test("extension colours are validated the same way", () => {
    expect(validateThemeColors({ primary: { light: "#010203", dark: "#0a0b0c" } }, 'extension theme "x"')).toEqual({ primary: { light: "#010203", dark: "#0a0b0c" } });
    expect(errorOf(() => validateThemeColors({ primary: { light: "red", dark: "#000000" } }, 'extension theme "x"')).message).toBe(
      'extension theme "x": slot "primary": light value "red" is not a colour (expected "#rrggbb")',
    );
  });
});
