/**
 * Reading tool arguments as the model sent them. Models sometimes send numbers and booleans as
 * strings ("20", "true"); those are accepted. Anything else is an error that names the parameter.
 */

type Args = Record<string, unknown>;

export function requiredString(args: Args, key: string): string {
  const value = args[key];
  if (typeof value !== "string" || value === "") throw new Error(`Parameter "${key}" is required and must be a non-empty string.`);
  return value;
}

export function optionalString(args: Args, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new Error(`Parameter "${key}" must be a string.`);
  return value;
}

/** The string even when empty: for text whose emptiness means something (file content, replacement text). */
export function requiredText(args: Args, key: string): string {
  const value = args[key];
  if (typeof value !== "string") throw new Error(`Parameter "${key}" is required and must be a string.`);
  return value;
}

export function optionalInt(args: Args, key: string, min: number): number | undefined {
  const value = args[key];
  if (value === undefined || value === null || value === "") return undefined;
  const n = typeof value === "string" ? Number(value.trim()) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min) {
    throw new Error(`Parameter "${key}" must be an integer >= ${min} (got ${JSON.stringify(value)}).`);
  }
  return n;
}

export function optionalBool(args: Args, key: string): boolean | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  throw new Error(`Parameter "${key}" must be true or false.`);
}
