/**
 * Templates, two kinds:
 *
 * - Prompt templates: `*.md` files (optional front matter: description, argument-hint) that the user
 *   runs as `/name args`. `$1`…`$N` (or `${N}`) are the arguments, `$@` and `$ARGUMENTS` all of them,
 *   `${@:N}` those from the Nth on and `${@:N:L}` L of them. Nothing inside a fenced code block is
 *   replaced, so a template can show shell code. A template that uses `$N` needs N arguments: fewer is
 *   an error, and the input is kept. Found in $XDG_CONFIG_HOME/kit/prompts/, ./.kit/prompts/ and the
 *   --prompt-template paths (files or folders); a later one of the same name wins.
 * - The Context's text helpers (ctx.parseTemplate & co.): `{{variable}}` templates, argument parsing,
 *   and model conditionals `<if-model is="claude-*">A<else>B</if-model>`. Pure functions.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { parseFrontmatter, textField } from "./frontmatter.ts";
import { fileErrorMessage } from "../config/parse-file.ts";

// ── prompt templates ──────────────────────────────────────────────────────────────────────────────

export interface PromptTemplateFile {
  /** The command name: the file name without `.md`. */
  name: string;
  description: string;
  /** Shown when arguments are missing (front matter `argument-hint`). */
  argumentHint?: string;
  /** The body, after the front matter. */
  content: string;
  path: string;
}

export function parsePromptTemplate(path: string, text: string): PromptTemplateFile {
  const { data, body } = parseFrontmatter(text, path);
  const tpl: PromptTemplateFile = {
    name: basename(path, extname(path)),
    description: (textField(data, "description") ?? "").trim(),
    content: body.trim(),
    path,
  };
  const hint = textField(data, "argument-hint");
  if (hint !== undefined && hint.trim() !== "") tpl.argumentHint = hint.trim();
  return tpl;
}

export interface TemplateDiscoveryOptions {
  cwd: string;
  /** $XDG_CONFIG_HOME/kit */
  configDir: string;
  /** --prompt-template: files or folders. */
  paths?: string[];
  /** --no-prompt-templates: skip the standard folders (explicit paths still load). */
  noDiscovery?: boolean;
}

/** The prompt templates of a run; unreadable files are reported in `errors` and skipped. */
export function discoverPromptTemplates(opts: TemplateDiscoveryOptions): { templates: PromptTemplateFile[]; errors: string[] } {
  const byName = new Map<string, PromptTemplateFile>();
  const errors: string[] = [];
  const addFile = (path: string) => {
    try {
      const tpl = parsePromptTemplate(path, readFileSync(path, "utf8"));
      byName.delete(tpl.name);
      byName.set(tpl.name, tpl);
    } catch (err) {
      errors.push(fileErrorMessage(path, err));
    }
  };
  const addDir = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (name.toLowerCase().endsWith(".md") && statSync(full).isFile()) addFile(full);
    }
  };
  if (!opts.noDiscovery) {
    for (const dir of [join(opts.configDir, "prompts"), join(opts.cwd, ".kit", "prompts")]) if (isDir(dir)) addDir(dir);
  }
  for (const p of opts.paths ?? []) {
    const abs = resolve(opts.cwd, p);
    if (!existsSync(abs)) errors.push(`--prompt-template ${abs}: no such file or directory`);
    else if (isDir(abs)) addDir(abs);
    else addFile(abs);
  }
  return { templates: [...byName.values()], errors };
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const ARG_PLACEHOLDER = /\$\{@(?::(\d+)(?::(\d+))?)?\}|\$\{(\d+)\}|\$\{ARGUMENTS\}|\$ARGUMENTS\b|\$@|\$(\d+)/g;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Applies `fn` to the parts of `content` outside fenced code blocks. */
function outsideFences(content: string, fn: (text: string) => string): string {
  const lines = content.split("\n");
  const out: string[] = [];
  let plain: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    if (plain.length > 0) out.push(fn(plain.join("\n")));
    plain = [];
  };
  for (const line of lines) {
    const m = FENCE.exec(line);
    if (fence === undefined) {
      if (m) {
        flush();
        fence = m[1]!;
        out.push(line);
      } else plain.push(line);
    } else {
      out.push(line);
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = undefined;
    }
  }
  flush();
  return out.join("\n");
}

/** The highest `$N` / `${N}` the template uses outside code fences (0 when none). */
export function requiredArgumentCount(content: string): number {
  let max = 0;
  outsideFences(content, (text) => {
    for (const m of text.matchAll(ARG_PLACEHOLDER)) {
      const n = Number(m[3] ?? m[4] ?? 0);
      if (n > max) max = n;
    }
    return text;
  });
  return max;
}

/** Replaces the argument placeholders outside code fences. */
export function substituteArguments(content: string, args: readonly string[]): string {
  const all = args.join(" ");
  return outsideFences(content, (text) =>
    text.replace(ARG_PLACEHOLDER, (whole, from?: string, length?: string, braced?: string, bare?: string) => {
      const n = braced ?? bare;
      if (n !== undefined) return args[Number(n) - 1] ?? "";
      if (whole.startsWith("${@")) {
        if (from === undefined) return all;
        const start = Math.max(0, Number(from) - 1);
        return args.slice(start, length === undefined ? undefined : start + Number(length)).join(" ");
      }
      return all;
    }),
  );
}

/** `/name args` with the template's placeholders filled, or why it cannot be (too few arguments). */
export function expandPromptTemplate(tpl: PromptTemplateFile, argsInput: string): { text: string } | { error: string } {
  const args = splitFields(argsInput);
  const needed = requiredArgumentCount(tpl.content);
  if (args.length < needed) {
    const usage = tpl.argumentHint ? ` (usage: /${tpl.name} ${tpl.argumentHint})` : "";
    return {
      error: `/${tpl.name} needs ${needed} argument${needed === 1 ? "" : "s"} ($1${needed > 1 ? `…$${needed}` : ""}), got ${args.length}${usage}`,
    };
  }
  return { text: substituteArguments(tpl.content, args) };
}

// ── {{variable}} templates (ctx.parseTemplate, ctx.renderTemplate) ───────────────────────────────

/** The kit/ext PromptTemplate shape. */
export interface TextTemplate {
  name: string;
  content: string;
  variables: string[];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** The template with its variables in order of first use. */
export function parseTemplate(name: string, content: string): TextTemplate {
  const variables = [...new Set([...content.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
  return { name, content, variables };
}

/** Fills the placeholders; one without a value is left as it is, so the gap shows. */
export function renderTemplate(tpl: TextTemplate, vars: Record<string, string>): string {
  return tpl.content.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
}

// ── argument parsing ─────────────────────────────────────────────────────────────────────────────

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

/** The kit/ext ArgumentPattern shape. */
export interface ArgumentPattern {
  positional?: string[];
  rest?: string;
  flags?: Record<string, string>;
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

// ── model conditionals ───────────────────────────────────────────────────────────────────────────

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
