import { UsageError } from "../errors.ts";
import type { FlagDef } from "./keys.ts";

export type FlagValue = string | number | boolean | string[];
export type FlagValues = Record<string, FlagValue>;

/**
 * Turns a raw string (from argv, a config file, or the environment) into the flag's type, checking
 * numbers and choices. `origin` names where the value came from, for the error message.
 */
export function coerceFlagValue(def: FlagDef, raw: unknown, origin: string): FlagValue {
  if (def.repeatable) {
    const items = Array.isArray(raw) ? raw : [raw];
    return items.map((v) => String(v));
  }
  switch (def.type) {
    case "boolean":
      if (typeof raw === "boolean") return raw;
      if (raw === "true" || raw === "1" || raw === "yes") return true;
      if (raw === "false" || raw === "0" || raw === "no" || raw === "") return false;
      throw new UsageError(`${origin} must be true or false, got ${JSON.stringify(raw)}`);
    case "number": {
      const n = typeof raw === "number" ? raw : Number(String(raw).trim());
      if (typeof raw === "boolean" || String(raw).trim() === "" || !Number.isFinite(n)) {
        throw new UsageError(`${origin} must be a number, got ${JSON.stringify(raw)}`);
      }
      if (n < 0) throw new UsageError(`${origin} must not be negative, got ${n}`);
      return n;
    }
    case "list": {
      const items = Array.isArray(raw) ? raw.map(String) : String(raw).split(",");
      return items.map((s) => s.trim()).filter((s) => s.length > 0);
    }
    case "string": {
      if (typeof raw === "object" || typeof raw === "boolean") {
        throw new UsageError(`${origin} must be a string, got ${JSON.stringify(raw)}`);
      }
      const s = String(raw);
      if (def.choices && !def.choices.includes(s)) {
        throw new UsageError(`${origin} must be one of ${def.choices.join(", ")}; got ${JSON.stringify(s)}`);
      }
      return s;
    }
  }
}
