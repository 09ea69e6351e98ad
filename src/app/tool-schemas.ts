import type { OutputUnit, SchemaDraft, Validator } from "@cfworker/json-schema";
import type { Tool } from "../tools/types.ts";

/** The verdict on a call's arguments: run with `args`, or tell the model what is `invalid` so it can retry. */
export type SchemaVerdict = { args: Record<string, unknown> } | { invalid: string };

/**
 * The first stage of the tool gate: every call's arguments checked against its tool's JSON Schema
 * before any permission rule or extension hook sees it, whatever the tool's source (built-in,
 * extension, …). Each schema is compiled once, on the first call of its tool, and kept for as long as
 * the tool's registration lives (a reload registers new schema objects). The validator does not
 * generate code (no eval), so it behaves the same inside the compiled binary, and it is imported only
 * when a first tool call comes, so startup does not pay for it.
 */
export class ToolSchemas {
  private readonly compiled = new WeakMap<object, Validator>();

  async check(tool: Tool, args: Record<string, unknown>): Promise<SchemaVerdict> {
    try {
      const validator = await this.validatorFor(tool.parameters);
      const first = validator.validate(args);
      if (first.valid) return { args };
      // Models send "20" for 20, "true" for true and null for a parameter they leave out; the built-in
      // tools always accepted those (tools/args.ts), so the schema check eases exactly those slips.
      const eased = easeModelSlips(tool.parameters, args, failingFields(first.errors));
      const second = eased && validator.validate(eased);
      if (eased && second?.valid) return { args: eased };
      return { invalid: `${describeErrors((second ?? first).errors, tool.parameters)}. Call ${tool.name} again with arguments that match its parameters schema.` };
    } catch (err) {
      // A schema the validator cannot use (an unresolvable $ref, …) is the tool's defect: fail closed and say so.
      return { invalid: `the parameters schema of ${tool.name} cannot be checked (${(err as Error).message}); the tool cannot run until its author fixes it` };
    }
  }

  private async validatorFor(schema: Record<string, unknown>): Promise<Validator> {
    let validator = this.compiled.get(schema);
    if (!validator) {
      const { Validator } = await import("@cfworker/json-schema");
      validator = new Validator(schema, draftOf(schema), false);
      this.compiled.set(schema, validator);
    }
    return validator;
  }
}

/** The draft a schema declares with $schema; 2020-12 (MCP's default) when it declares none. */
function draftOf(schema: Record<string, unknown>): SchemaDraft {
  const declared = typeof schema.$schema === "string" ? schema.$schema : "";
  if (declared.includes("draft-04")) return "4";
  if (declared.includes("draft-06") || declared.includes("draft-07")) return "7";
  if (declared.includes("2019-09")) return "2019-09";
  return "2020-12";
}

/** The top-level parameters the errors are about. */
function failingFields(errors: OutputUnit[]): Set<string> {
  return new Set(errors.map((e) => fieldPath(e.instanceLocation)[0]).filter((key): key is string => key !== undefined));
}

/**
 * A copy of `args` with the model's usual slips fixed in the failing top-level parameters: a numeric
 * string for a number or integer, "true"/"false" for a boolean, and null (or "" for a number or
 * boolean) for an optional parameter, which is dropped. Undefined when there is no such slip.
 */
function easeModelSlips(schema: Record<string, unknown>, args: Record<string, unknown>, failing: Set<string>): Record<string, unknown> | undefined {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  const eased = { ...args };
  let changed = false;
  for (const key of failing) {
    const value = args[key];
    const property = properties[key];
    const type = isObject(property) ? property.type : undefined;
    const scalar = type === "number" || type === "integer" || type === "boolean";
    if ((value === null || (value === "" && scalar)) && !required.includes(key)) {
      delete eased[key];
      changed = true;
    } else if (typeof value === "string" && (type === "number" || type === "integer") && value.trim() !== "" && Number.isFinite(Number(value))) {
      eased[key] = Number(value);
      changed = true;
    } else if (type === "boolean" && (value === "true" || value === "false")) {
      eased[key] = value === "true";
      changed = true;
    }
  }
  return changed ? eased : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Keywords that only say "something below failed"; the error that says what is reported instead. */
const WRAPPERS = new Set([
  "properties",
  "patternProperties",
  "additionalProperties",
  "items",
  "prefixItems",
  "additionalItems",
  "$ref",
  "$recursiveRef",
  "$dynamicRef",
  "allOf",
  "if",
  "then",
  "else",
  "dependentSchemas",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contains",
]);

/** The validator's errors as one sentence naming each field and its problem. */
function describeErrors(errors: OutputUnit[], schema: Record<string, unknown>): string {
  // For anyOf / oneOf, "matches none of the alternatives" says it; each alternative's own failure does not.
  const alternatives = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf").map((e) => e.keywordLocation + "/");
  const specific = errors.filter((e) => !WRAPPERS.has(e.keyword) && !alternatives.some((a) => e.keywordLocation.startsWith(a)));
  const phrases = [...new Set((specific.length ? specific : errors).map((e) => describeError(e, schema)))];
  return phrases.join("; ");
}

function describeError(e: OutputUnit, schema: Record<string, unknown>): string {
  const field = fieldName(e.instanceLocation);
  const quoted = e.error.match(/"([^"]*)"/g)?.map((q) => q.slice(1, -1)) ?? [];
  switch (e.keyword) {
    case "required":
      return `missing required field "${field ? `${field}.${quoted[0]}` : quoted[0]}"`;
    case "type":
      return `"${field}" must be ${quoted.slice(1).join(" or ") || "another type"}, not ${quoted[0] ?? "this type"}`;
    case "false": {
      // An unknown top-level field: name the real ones, so the model can see what it meant.
      const known = fieldPath(e.instanceLocation).length === 1 && isObject(schema.properties) ? Object.keys(schema.properties) : [];
      return `"${field}" is not an allowed field${known.length ? ` (the fields are ${known.join(", ")})` : ""}`;
    }
    default:
      return `${field ? `"${field}"` : "the arguments"}: ${e.error.replace(/^Instance /, "the value ").replace(/\.$/, "")}`;
  }
}

/** "#/opts/list/0" → "opts.list[0]"; "" for the arguments object itself. */
function fieldName(instanceLocation: string): string {
  return fieldPath(instanceLocation).reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), "");
}

/** "#/opts/list/0" → ["opts", "list", "0"] (a JSON Pointer's segments, unescaped). */
function fieldPath(instanceLocation: string): string[] {
  return instanceLocation
    .replace(/^#\/?/, "")
    .split("/")
    .filter(Boolean)
    .map((part) => decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~"));
}
