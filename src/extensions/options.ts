/**
 * Extension option values. Resolution per the contract (OptionDef):
 *   ctx.setOption  >  env KIT_OPT_<NAME> (upper case, "-" -> "_")  >  config options.<name>  >  default.
 * Values set with ctx.setOption live as long as this object (the app keeps one across hot reloads).
 */

export type OptionOrigin = "set" | "env" | "config" | "default";

export interface OptionSources {
  env: Record<string, string | undefined>;
  /** The config key `options` (values are coerced to strings). */
  config: Record<string, unknown>;
}

/** KIT_OPT_<NAME>: "max-depth" -> "KIT_OPT_MAX_DEPTH". */
export function optionEnvName(name: string): string {
  return `KIT_OPT_${name.toUpperCase().replace(/-/g, "_")}`;
}

export class OptionValues {
  private readonly overrides = new Map<string, string>();

  constructor(private readonly sources: OptionSources) {}

  set(name: string, value: string): void {
    this.overrides.set(name, String(value));
  }

  /** The value of `name`, with `defaultValue` (the registered default, "" if none) as the fallback. */
  get(name: string, defaultValue = ""): string {
    return this.resolve(name, defaultValue).value;
  }

  resolve(name: string, defaultValue = ""): { value: string; origin: OptionOrigin } {
    const set = this.overrides.get(name);
    if (set !== undefined) return { value: set, origin: "set" };
    const env = this.sources.env[optionEnvName(name)];
    if (env !== undefined) return { value: env, origin: "env" };
    const config = this.sources.config[name];
    if (config !== undefined && config !== null) {
      return { value: typeof config === "object" ? JSON.stringify(config) : String(config), origin: "config" };
    }
    return { value: defaultValue, origin: "default" };
  }
}
