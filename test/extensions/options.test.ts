import { describe, expect, test } from "bun:test";
import { optionEnvName, OptionValues } from "../../src/extensions/options.ts";
import { loadSources, runnerFor } from "./helpers.ts";

describe("extension options", () => {
  test("env names: upper case, '-' becomes '_'", () => {
    expect(optionEnvName("max-depth")).toBe("KIT_OPT_MAX_DEPTH");
    expect(optionEnvName("theme")).toBe("KIT_OPT_THEME");
  });

  test("resolution: setOption > KIT_OPT_<NAME> > config options.<name> > registered default", async () => {
    const r = await loadSources({
      "opts.ts": `export default (kit: any) => {
  kit.registerOption({ name: "max-depth", description: "d", default: "3" });
  kit.registerOption({ name: "mode", description: "m", default: "fast" });
  kit.registerOption({ name: "limit", description: "l", default: "10" });
  kit.registerOption({ name: "plain", description: "p", default: "dflt" });
};`,
    });
    const env = { KIT_OPT_MAX_DEPTH: "7", KIT_OPT_MODE: "careful" };
    const values = new OptionValues({ env, config: { "max-depth": "5", limit: 20, mode: "config-mode" } });
    const { runner } = runnerFor(r, values);
    expect(runner.getOption("plain")).toBe("dflt"); // default
    expect(runner.getOption("limit")).toBe("20"); // config (coerced to a string)
    expect(runner.getOption("mode")).toBe("careful"); // env beats config
    expect(runner.getOption("max-depth")).toBe("7");
    runner.setOption("max-depth", "9"); // setOption beats env
    expect(runner.getOption("max-depth")).toBe("9");
    expect(values.resolve("max-depth", "3")).toEqual({ value: "9", origin: "set" });
    expect(values.resolve("mode", "fast")).toEqual({ value: "careful", origin: "env" });
    expect(values.resolve("limit", "10")).toEqual({ value: "20", origin: "config" });
    expect(runner.getOption("unregistered")).toBe("");
  });

  test("an empty env value still counts as set", () => {
    const values = new OptionValues({ env: { KIT_OPT_FLAG: "" }, config: { flag: "on" } });
    expect(values.resolve("flag", "x")).toEqual({ value: "", origin: "env" });
  });
});
