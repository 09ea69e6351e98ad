/**
 * The text helpers of the Context, as the MockContext answers them: prompt templates with
 * `{{variable}}` placeholders, command-line style argument parsing, and model conditionals
 * (`<if-model is="claude-*">A<else>B</if-model>`). Pure functions of their inputs.
 */
import type { ArgumentPattern, PromptTemplate } from "../contract.ts";

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** The template with its variables in order of first use. */
export function parseTemplate(name: string, content: string): PromptTemplate {
  const variables = [...new Set([...content.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
  return { name, content, variables };
}

/** Fills the placeholders; one without a value is left as it is, so the gap shows. */
export function renderTemplate(tpl: PromptTemplate, vars: Record<string, string>): string {
  return tpl.content.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
}

/** Splits on whitespace; "double" or 'single' quotes keep spaces inside one field. */
export function splitFields(input: string): string[] {
  const fields: string[] = [];
  let current = "";
  let quote: string | undefined;
  let inField = false;
  for (const ch of input) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inField = true;
    } else if (/\s/.test(ch)) {
      if (inField) fields.push(current);
      current = "";
      inField = false;
    } else {
      current += ch;
      inField = true;
    }
  }
  if (inField) fields.push(current);
  return fields;
}

/** [0] = whole input, [1..count] = $1..$N ("" when missing), last = the rest ($@). */
export function simpleParseArguments(input: string, count: number): string[] {
  const fields = splitFields(input);
  const n = Math.max(0, Math.floor(count));
  const positional = Array.from({ length: n }, (_, i) => fields[i] ?? "");
  return [input, ...positional, fields.slice(n).join(" ")];
}

/**
 * Positionals fill `pattern.positional` names in order, the rest go to `pattern.rest` (joined) and to
 * `rest`. `pattern.flags` maps a flag as written ("--loop", "-f") to its variable name; a flag takes
 * the next field as its value unless that is another flag (then "true"), or `--flag=value`. Flags
 * are reported under the flag as written and under their variable name in `vars`.
 */
export function parseArguments(
  input: string,
  pattern: ArgumentPattern,
): { vars: Record<string, string>; flags: Record<string, string>; rest: string[]; error?: string } {
  const fields = splitFields(input);
  const known = pattern.flags ?? {};
  const vars: Record<string, string> = {};
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const eq = field.indexOf("=");
    const flag = eq > 0 && Object.hasOwn(known, field.slice(0, eq)) ? field.slice(0, eq) : field;
    if (!Object.hasOwn(known, flag)) {
      positional.push(field);
      continue;
    }
    let value = "true";
    if (flag !== field) value = field.slice(eq + 1);
    else if (i + 1 < fields.length && !fields[i + 1]!.startsWith("-")) value = fields[++i]!;
    flags[flag] = value;
    vars[known[flag]!] = value;
  }
  const names = pattern.positional ?? [];
  names.forEach((name, i) => {
    if (i < positional.length) vars[name] = positional[i]!;
  });
  const rest = positional.slice(names.length);
  if (pattern.rest) vars[pattern.rest] = rest.join(" ");
  const missing = names.slice(positional.length);
  return missing.length > 0 ? { vars, flags, rest, error: `missing argument${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}` } : { vars, flags, rest };
}

function globToRegExp(glob: string): RegExp {
  const body = [...glob].map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\/-]/g, "\\$&"))).join("");
  return new RegExp(`^${body}$`, "i");
}

/** `*` any run, `?` one character, `,` or; matched against "provider/model" and against the model id alone. */
export function modelMatches(pattern: string, model: string): boolean {
  const id = model.slice(model.indexOf("/") + 1);
  return pattern
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .some((p) => {
      const re = globToRegExp(p);
      return re.test(model) || re.test(id);
    });
}

const CONDITIONAL = /<if-model\s+is\s*=\s*"([^"]*)"\s*>([\s\S]*?)(?:<else>([\s\S]*?))?<\/if-model>/g;

/** Keeps the branch of each `<if-model is="PAT">A<else>B</if-model>` block that applies to `model`. */
export function renderWithModelConditionals(content: string, model: string): string {
  return content.replace(CONDITIONAL, (_whole, pattern: string, then: string, otherwise: string | undefined) =>
    modelMatches(pattern, model) ? then : (otherwise ?? ""),
  );
}
