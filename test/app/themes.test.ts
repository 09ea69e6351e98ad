import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ThemeManager } from "../../src/app/themes.ts";
import { tempDir } from "../support/temp-dir.ts";

const dir = tempDir("kit-themes-");

function manager(preferred?: string) {
  const reports: string[] = [];
  const prefs = join(dir, "preferences.yml");
  const m = new ThemeManager({ configDir: join(dir, "config"), cwd: dir, preferred, level: "truecolor", dark: true, preferencesFile: prefs, report: (r) => reports.push(r) });
  return { m, reports, prefs };
}

describe("ThemeManager", () => {
  test("starts on the preferred theme, or kitt with a notice (once extensions have started) when it is unknown", () => {
    expect(manager("nord").m.name).toBe("nord");
    const { m, reports } = manager("no-such");
    expect(m.name).toBe("kitt");
    expect(reports).toEqual([]);
    m.settle();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('unknown theme "no-such"');
    m.settle();
    expect(reports).toHaveLength(1);
  });

  test("a remembered theme an extension registers later is applied then, without being saved again; after settle it is not", () => {
    const { m, reports, prefs } = manager("neon");
    let changes = 0;
    m.onChange(() => changes++);
    expect(m.name).toBe("kitt");
    m.register("other", { primary: { light: "#000001", dark: "#000002" } });
    expect(m.name).toBe("kitt");
    m.register("neon", { primary: { light: "#000003", dark: "#000004" } });
    expect(m.name).toBe("neon");
    expect(m.theme.primary).toBe("#000004");
    expect(changes).toBe(1);
    expect(existsSync(prefs) ? readFileSync(prefs, "utf8") : "").not.toContain("neon");
    m.settle();
    expect(reports).toEqual([]);

    const late = manager("late").m;
    late.settle();
    late.register("late", {});
    expect(late.name).toBe("kitt");
  });

  test("a theme chosen before the remembered one is registered wins", () => {
    const { m } = manager("neon");
    m.set("nord", false);
    m.register("neon", {});
    expect(m.name).toBe("nord");
  });

  test("set applies the theme, tells the listeners and remembers it; an unknown name throws and changes nothing", () => {
    const { m, prefs } = manager();
    let changes = 0;
    m.onChange(() => changes++);
    m.set("dracula");
    expect(m.theme.primary).toBe("#bd93f9");
    expect(readFileSync(prefs, "utf8")).toContain("theme: dracula");
    expect(() => m.set("nope")).toThrow('unknown theme "nope"');
    expect(m.name).toBe("dracula");
    expect(changes).toBe(1);
  });

  test("an extension's theme: missing slots inherit from kitt; re-registering the theme in use re-applies it", () => {
    const { m } = manager();
    m.register("mine", { primary: { light: "#000001", dark: "#000002" } });
    expect(m.list()).toContain("mine");
    m.set("mine", false);
    expect(m.contract().primary).toBe("#000002");
    expect(m.contract().error).toBe(manager().m.theme.error);
    m.register("mine", { primary: { light: "#000003", dark: "#000004" } });
    expect(m.theme.primary).toBe("#000004");
  });

  test("user theme files are loaded; a broken one is reported", () => {
    mkdirSync(join(dir, "config", "themes"), { recursive: true });
    writeFileSync(join(dir, "config", "themes", "custom.yaml"), 'primary: { light: "#111111", dark: "#222222" }\n');
    writeFileSync(join(dir, "config", "themes", "broken.yaml"), "primary: [nope\n");
    const { m, reports } = manager("custom");
    expect(m.theme.primary).toBe("#222222");
    expect(reports.some((r) => r.includes("broken.yaml"))).toBe(true);
  });
});
