// Keeps the agent's hands off protected paths (.env, .git/, node_modules/, secrets/** by default; option protected-paths): write and edit calls on them, and bash redirections or tee into them, are blocked.
import { homedir } from "node:os";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { ExtensionAPI } from "kit/ext";

const DEFAULT_PATTERNS = ".env,.git/,node_modules/,secrets/**";

/**
 * One protected pattern as a glob over the path relative to the project, gitignore style: a pattern
 * with no "/" but a trailing one names a file or directory anywhere (".env", ".git/"); any other is
 * anchored at the project root ("secrets/**", "config/prod.yml"); a trailing "/" covers everything below.
 */
function toGlobs(pattern: string): Bun.Glob[] {
  const dir = pattern.endsWith("/");
  const body = pattern.replace(/^\/+|\/+$/g, "");
  const anchored = body.includes("/") || pattern.startsWith("/");
  const base = anchored ? body : `**/${body}`;
  return (dir ? [base, `${base}/**`] : [base]).map((g) => new Bun.Glob(g));
}

export function protectedPatterns(option: string): string[] {
  return option.split(",").map((p) => p.trim()).filter(Boolean);
}

/** The pattern protecting `path` (as the model gave it, relative to cwd or absolute), or undefined. */
export function protectedBy(path: string, cwd: string, patterns: string[]): string | undefined {
  const abs = resolve(cwd, path === "~" || path.startsWith("~/") ? homedir() + path.slice(1) : path);
  const rel = relative(cwd, abs);
  const inside = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  // Outside the project only the unanchored patterns (".env", ".git/") can apply.
  const subject = (inside ? rel : abs.slice(1)).split(sep).join("/");
  return patterns.find((p) => {
    if (!inside && (p.replace(/\/+$/, "").includes("/") || p.startsWith("/"))) return false;
    return toGlobs(p).some((g) => g.match(subject));
  });
}

/** Files a shell command writes through a redirection (>, >>, >|, &>, 2>) or tee. */
export function writeTargets(command: string): string[] {
  const target = String.raw`("[^"]*"|'[^']*'|[^\s;&|<>()]+)`;
  const targets: string[] = [];
  for (const m of command.matchAll(new RegExp(String.raw`(?:^|[^<>=-])(?:\d|&)?>>?\|?\s*` + target, "g"))) targets.push(m[1]!);
  for (const m of command.matchAll(new RegExp(String.raw`\btee\s+((?:-\S+\s+)*)` + target + String.raw`((?:\s+[^\s;&|<>()]+)*)`, "g"))) {
    targets.push(m[2]!, ...m[3]!.trim().split(/\s+/).filter((a) => a && !a.startsWith("-")));
  }
  return targets.map((t) => t.replace(/^(["'])(.*)\1$/, "$2"));
}

export default function protectedPaths(kit: ExtensionAPI) {
  kit.registerOption({
    name: "protected-paths",
    description: `Comma-separated globs the agent may not write to (default ${DEFAULT_PATTERNS})`,
    default: DEFAULT_PATTERNS,
  });

  kit.onToolCall((event, ctx) => {
    let paths: string[];
    if (event.toolName === "write" || event.toolName === "edit") {
      paths = typeof event.args?.path === "string" ? [event.args.path] : [];
    } else if (event.toolName === "bash") {
      paths = typeof event.args?.command === "string" ? writeTargets(event.args.command) : [];
    } else {
      return;
    }
    const patterns = protectedPatterns(ctx.getOption("protected-paths"));
    for (const path of paths) {
      const pattern = protectedBy(path, ctx.cwd, patterns);
      if (pattern) {
        return {
          block: true,
          reason: `${path} is a protected path (matches "${pattern}" in option protected-paths); leave it alone or ask the user to change it`,
        };
      }
    }
  });
}
