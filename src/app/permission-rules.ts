/**
 * Permission rules (`--allow`, "allow always for this project"): what they look like, what they
 * match, and the rule "allow always" proposes for a call. A rule is a tool name with an optional
 * pattern: `bash(npm test*)` matches commands by prefix, `edit(src/**)` and `write(src/**)` match
 * the file's path by glob (relative to the project, or absolute), any other tool's rule is its bare
 * name (`mcp_server__tool`) and covers all its calls.
 */
import { isAbsolute, relative } from "node:path";
import { resolvePath } from "../tools/paths.ts";

export interface PermissionRule {
  /** The rule as written, e.g. `bash(npm test*)`. */
  text: string;
  tool: string;
  /** Undefined: every call of the tool. */
  pattern?: string;
}

/** Tools whose rules take a path glob; an `edit` rule covers `write` too (both change files). */
const PATH_TOOLS: Record<string, readonly string[]> = { edit: ["edit", "write"], write: ["write"] };

/** Commands whose second word is a subcommand worth keeping in a proposed rule (`npm test`, `git status`). */
const SUBCOMMAND_TOOLS = new Set(["git", "npm", "npx", "pnpm", "yarn", "bun", "cargo", "go", "docker", "kubectl", "make", "pip", "uv", "poetry", "deno", "dotnet", "mvn", "gradle"]);

/** Parses one rule; the error says what a rule looks like. */
export function parseRule(text: string): PermissionRule {
  const m = /^([A-Za-z0-9_.:-]+)(?:\((.*)\))?$/s.exec(text.trim());
  const example = "e.g. bash(npm test*), edit(src/**) or a tool's name";
  if (!m) throw new Error(`"${text}" is not a permission rule: write tool(pattern), ${example}`);
  const tool = m[1]!;
  const pattern = m[2]?.trim();
  // `tool(*)` is every call, except for path rules, where `*` and `**` are globs over the project's files.
  if (pattern === undefined || pattern === "" || ((pattern === "*" || pattern === "**") && !(tool in PATH_TOOLS))) return { text: text.trim(), tool };
  if (tool !== "bash" && !(tool in PATH_TOOLS)) {
    throw new Error(`"${text}": only bash, edit and write rules take a pattern; allow every call of ${tool} with the rule "${tool}"`);
  }
  return { text: text.trim(), tool, pattern };
}

/** The facts of a call a rule is matched against. */
export interface RuleSubject {
  tool: string;
  /** bash: the command line. */
  command?: string;
  /** edit/write: the absolute path of the file. */
  path?: string;
}

/** True when one of `rules` allows the call. `cwd` is the project a relative path glob is against. */
export function rulesAllow(rules: readonly PermissionRule[], subject: RuleSubject, cwd: string): boolean {
  if (subject.tool === "bash") return commandAllowed(rules.filter((r) => r.tool === "bash"), subject.command ?? "");
  const pathRules = rules.filter((r) => PATH_TOOLS[r.tool]?.includes(subject.tool));
  if (pathRules.length && subject.path !== undefined) return pathRules.some((r) => r.pattern === undefined || pathMatches(r.pattern, subject.path!, cwd));
  return rules.some((r) => r.tool === subject.tool && r.pattern === undefined);
}

/**
 * A command is allowed when each of its simple commands (split at ; && || | & and newlines) matches
 * a rule. A command that substitutes other commands ($(…), `…`, <(…)) matches no prefix rule: what
 * it runs cannot be read from its start. A rule written for a whole compound command matches only
 * that exact text.
 */
function commandAllowed(rules: readonly PermissionRule[], command: string): boolean {
  if (rules.some((r) => r.pattern === undefined)) return true;
  const trimmed = command.trim();
  if (rules.some((r) => r.pattern === trimmed)) return true;
  const parts = splitCommand(trimmed);
  if (!parts) return false;
  const simple = rules.filter((r) => splitCommand(r.pattern!)?.length === 1);
  return parts.length > 0 && parts.every((part) => simple.some((r) => prefixMatches(r.pattern!, part)));
}

/** `*` matches any text; a pattern ending in ` *` also matches the command without that tail (`ls *` matches `ls`). */
function prefixMatches(pattern: string, command: string): boolean {
  const body = pattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  const optionalTail = pattern.endsWith(" *") ? `|${body.slice(0, -3)}` : "";
  return new RegExp(`^(?:${body}${optionalTail})$`, "s").test(command);
}

function pathMatches(pattern: string, abs: string, cwd: string): boolean {
  if (isAbsolute(pattern)) return new Bun.Glob(pattern).match(abs);
  const rel = relative(cwd, abs);
  // A relative glob is about the project's files; a path outside it needs an absolute rule.
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return false;
  return new Bun.Glob(pattern).match(rel.split("\\").join("/"));
}

/**
 * The simple commands of a command line, or undefined when it substitutes commands. Quotes and
 * backslashes are respected; this is not a shell parser, only enough to keep `npm test; rm -rf ~`
 * from passing as `npm test`.
 */
export function splitCommand(command: string): string[] | undefined {
  const parts: string[] = [];
  let current = "";
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    const next = command[i + 1];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      current += ch;
      continue;
    }
    if (ch === "\\") {
      current += ch + (next ?? "");
      i++;
      continue;
    }
    if (ch === "`" || (ch === "$" && next === "(") || ((ch === "<" || ch === ">") && next === "(")) return undefined;
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
      continue;
    }
    if (ch === ";" || ch === "\n" || ch === "|" || ch === "&") {
      // `2>&1` and `&>` are redirections, not separators.
      if (ch === "&" && (command[i - 1] === ">" || next === ">")) {
        current += ch;
        continue;
      }
      if ((ch === "&" || ch === "|") && next === ch) i++;
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  parts.push(current.trim());
  return parts.filter((p) => p !== "");
}

/** The rule "allow always" stores for a call. */
export function proposedRule(subject: RuleSubject, cwd: string): string {
  if (subject.tool === "bash") return `bash(${proposedCommandPattern(subject.command ?? "")})`;
  if (subject.path !== undefined && PATH_TOOLS[subject.tool]) return `${subject.tool}(${proposedPathPattern(subject.path, cwd)})`;
  return subject.tool;
}

function proposedCommandPattern(command: string): string {
  const trimmed = command.trim();
  const parts = splitCommand(trimmed);
  // A compound command (or one that substitutes commands) is allowed only as it is.
  if (!parts || parts.length !== 1) return trimmed;
  const words = parts[0]!.split(/\s+/);
  const keep = SUBCOMMAND_TOOLS.has(words[0]!) && words[1] && /^[a-z][\w:.-]*$/i.test(words[1]) ? 2 : 1;
  return `${words.slice(0, keep).join(" ")} *`;
}

/** The file's directory and everything under it (`src/**`); a file at the project's root by its name. */
function proposedPathPattern(abs: string, cwd: string): string {
  const rel = relative(cwd, abs).split("\\").join("/");
  const inside = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  const shown = inside ? rel : abs;
  const slash = shown.lastIndexOf("/");
  if (slash <= 0) return shown;
  return `${shown.slice(0, slash)}/**`;
}

/** The path argument of an edit or write call, resolved as the tool resolves it. */
export function callPath(args: unknown, cwd: string): string | undefined {
  const path = (args as { path?: unknown } | null)?.path;
  return typeof path === "string" ? resolvePath(path, cwd) : undefined;
}
