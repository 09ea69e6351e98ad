import { beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/config.ts";
import { readPreferences, savePreference } from "../../src/config/preferences.ts";
import { UsageError } from "../../src/errors.ts";
import { tempDir } from "../support/temp-dir.ts";

let home: string;
let project: string;

beforeEach(() => {
  home = tempDir("kit-home-");
  project = tempDir("kit-proj-");
});

const env = (extra: Record<string, string> = {}) => ({ HOME: home, XDG_CONFIG_HOME: join(home, ".config"), ...extra });
const load = (opts: { flags?: Record<string, any>; env?: Record<string, string>; explicitFile?: string } = {}) =>
  loadConfig({ cwd: project, env: env(opts.env), flags: opts.flags ?? {}, explicitFile: opts.explicitFile });

function expectUsageError(fn: () => unknown, ...parts: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(UsageError);
  for (const p of parts) expect((caught as Error).message).toContain(p);
}

describe("layering", () => {
  test("flag > KIT_* env > project > global > default, per key", () => {
    writeFileSync(join(home, ".kit.yml"), "model: openai/gpt-5\nmax-tokens: 100\ntemperature: 0.1\ntop-p: 0.5\n");
    writeFileSync(join(project, ".kit.yml"), "max-tokens: 200\ntemperature: 0.2\ntop-p: 0.6\n");
    const c = load({ flags: { "top-p": 0.9 }, env: { KIT_TEMPERATURE: "0.3" } });
    expect(c.string("model")).toBe("openai/gpt-5"); // only global sets it
    expect(c.number("max-tokens")).toBe(200); // project beats global
    expect(c.number("temperature")).toBe(0.3); // env beats project
    expect(c.number("top-p")).toBe(0.9); // flag beats env
    expect(c.number("top-k")).toBeUndefined();
    expect(c.origin("max-tokens")).toBe(`${join(project, ".kit.yml")}:1`);
    expect(c.origin("temperature")).toBe("KIT_TEMPERATURE");
    expect(c.origin("top-p")).toBe("--top-p");
  });

  test("JSON files work like YAML, and .yml wins over .json in the same place", () => {
    writeFileSync(join(project, ".kit.json"), JSON.stringify({ model: "openai/gpt-4.1", "max-steps": 7 }));
    expect(load().number("max-steps")).toBe(7);
    writeFileSync(join(project, ".kit.yml"), "max-steps: 9\n");
    expect(load().number("max-steps")).toBe(9);
  });

  test("--config uses only that file", () => {
    writeFileSync(join(home, ".kit.yml"), "model: openai/gpt-5\n");
    writeFileSync(join(project, ".kit.yml"), "max-steps: 3\n");
    const other = join(project, "other.yaml");
    writeFileSync(other, "max-tokens: 42\n");
    const c = load({ explicitFile: "other.yaml" });
    expect(c.number("max-tokens")).toBe(42);
    expect(c.string("model")).toBeUndefined();
    expect(c.number("max-steps")).toBeUndefined();
    expect(c.files).toEqual([other]);
  });

  test("the global file may live in $XDG_CONFIG_HOME/kit/config.yml|yaml|json", () => {
    const xdg = join(home, "xdg");
    mkdirSync(join(xdg, "kit"), { recursive: true });
    writeFileSync(join(xdg, "kit", "config.json"), JSON.stringify({ "max-steps": 4 }));
    const c = load({ env: { XDG_CONFIG_HOME: xdg } });
    expect(c.number("max-steps")).toBe(4);
    expect(c.files).toEqual([join(xdg, "kit", "config.json")]);
    expect(c.warnings).toEqual([]);
  });

  test("with ~/.kit.yml and the XDG file both present, the XDG one is read and a warning names both", () => {
    const xdgFile = join(home, ".config", "kit", "config.yml");
    mkdirSync(join(home, ".config", "kit"), { recursive: true });
    writeFileSync(xdgFile, "max-steps: 4\n");
    writeFileSync(join(home, ".kit.yml"), "max-steps: 8\nmax-tokens: 100\n");
    const c = load();
    expect(c.number("max-steps")).toBe(4);
    expect(c.number("max-tokens")).toBeUndefined();
    expect(c.warnings).toEqual([
      `two global config files: ${xdgFile} is used and ${join(home, ".kit.yml")} is ignored; merge them into ${xdgFile} and remove the other`,
    ]);
  });

  test("object keys merge entry by entry across files; KIT_OPTIONS takes JSON", () => {
    writeFileSync(join(home, ".kit.yml"), "options:\n  a: global\n  b: global\n");
    writeFileSync(join(project, ".kit.yml"), "options:\n  b: project\n  n: 3\n");
    expect(load().options).toEqual({ a: "global", b: "project", n: "3" });
    expect(load({ env: { KIT_OPTIONS: '{"a":"env"}' } }).options.a).toBe("env");
    expectUsageError(() => load({ env: { KIT_OPTIONS: "not json" } }), "KIT_OPTIONS must be a JSON object");
  });

  test("list and repeatable keys accept YAML lists or comma text", () => {
    writeFileSync(join(project, ".kit.yml"), "stop-sequences: [END, STOP]\nextension:\n  - a.ts\n  - b.ts\n");
    const c = load({ env: { KIT_EXCLUDE_CORE_TOOLS: "bash, write" } });
    expect(c.list("stop-sequences")).toEqual(["END", "STOP"]);
    expect(c.list("extension")).toEqual(["a.ts", "b.ts"]);
    expect(c.list("exclude-core-tools")).toEqual(["bash", "write"]);
  });

  test("preferences sit above the global file and below the project file", () => {
    const prefs = join(home, ".config", "kit", "preferences.yml");
    savePreference(prefs, "theme", "dracula");
    savePreference(prefs, "model", "openai/gpt-5-mini");
    expect(readPreferences(prefs)?.values).toEqual({ theme: "dracula", model: "openai/gpt-5-mini" });
    writeFileSync(join(home, ".kit.yml"), "theme: nord\nmodel: openai/gpt-5\n");
    expect(load().string("theme")).toBe("dracula");
    writeFileSync(join(project, ".kit.yml"), "theme: matrix\n");
    expect(load().string("theme")).toBe("matrix");
    expect(load().string("model")).toBe("openai/gpt-5-mini");
  });
});

describe("environment substitution", () => {
  test("${env://VAR} and ${env://VAR:-default} are replaced before parsing", () => {
    writeFileSync(join(project, ".kit.yml"), "model: ${env://KIT_TEST_MODEL}\nprovider-url: ${env://KIT_TEST_URL:-http://127.0.0.1:9}\n");
    const c = load({ env: { KIT_TEST_MODEL: "openai/gpt-5" } });
    expect(c.string("model")).toBe("openai/gpt-5");
    expect(c.string("provider-url")).toBe("http://127.0.0.1:9");
  });

  test("a missing variable without default names the variable, the file and the line", () => {
    const file = join(project, ".kit.yml");
    writeFileSync(file, "theme: nord\nprovider-api-key: ${env://KIT_TEST_MISSING_KEY}\n");
    expectUsageError(() => load(), `${file}:2`, "KIT_TEST_MISSING_KEY is not set", "${env://KIT_TEST_MISSING_KEY:-value}");
  });
});

describe("bad configuration is a usage error with file and line", () => {
  test("invalid YAML reports line and column", () => {
    const file = join(project, ".kit.yml");
    writeFileSync(file, "model: openai/gpt-5\nmax-tokens: [1, 2\n");
    expectUsageError(() => load(), file + ":", "invalid config");
  });

  test("an unknown key is named with a suggestion", () => {
    const file = join(project, ".kit.yml");
    writeFileSync(file, "model: openai/gpt-5\nmaxTokens: 10\n");
    expectUsageError(() => load(), `${file}:2`, 'unknown config key "maxTokens"', 'did you mean "max-tokens"');
  });

  test("a value of the wrong type or outside the choices", () => {
    const file = join(project, ".kit.yml");
    writeFileSync(file, "max-steps: lots\n");
    expectUsageError(() => load(), `${file}:1: max-steps must be a number`);
    writeFileSync(file, "\n\nthinking-level: extreme\n");
    expectUsageError(() => load(), `${file}:3: thinking-level must be one of off, none, minimal, low, medium, high`);
    rmSync(file);
    expectUsageError(() => load({ env: { KIT_MAX_TOKENS: "-5" } }), "KIT_MAX_TOKENS must not be negative");
  });

  test("a file that is not a mapping", () => {
    writeFileSync(join(project, ".kit.yml"), "- a\n- b\n");
    expectUsageError(() => load(), "must be a mapping");
  });

  test("unrelated KIT_* variables are ignored", () => {
    expect(() => load({ env: { KIT_GIT_TOKEN: "secret", KIT_OPT_FOO: "x" } })).not.toThrow();
  });
});

test("paths follow XDG", () => {
  const c = load({ env: { XDG_DATA_HOME: join(home, "data") } });
  expect(c.paths.dataDir).toBe(join(home, "data", "kit"));
  expect(c.paths.configDir).toBe(join(home, ".config", "kit"));
  expect(c.paths.preferencesFile).toBe(join(home, ".config", "kit", "preferences.yml"));
  mkdirSync(c.paths.configDir, { recursive: true });
  savePreference(c.paths.preferencesFile, "thinking-level", "high");
  expect(readFileSync(c.paths.preferencesFile, "utf8")).toContain("thinking-level: high");
});
