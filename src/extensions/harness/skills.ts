/**
 * Skills as the MockContext handles them: files read from disk on request (loadSkill,
 * loadSkillsFromDir) and kept in memory; injecting one records it. A skill file is markdown with an
 * optional front matter block of `key: value` lines (name, description, tags, when, allowed-tools,
 * disable-model-invocation; other keys go to metadata). A folder holds `<name>/SKILL.md` or `*.md`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import type { Skill } from "../contract.ts";

export function parseSkill(path: string, text: string): Skill {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  const fields = new Map<string, string>();
  for (const line of (match?.[1] ?? "").split(/\r?\n/)) {
    const at = line.indexOf(":");
    if (at > 0) fields.set(line.slice(0, at).trim(), unquote(line.slice(at + 1).trim()));
  }
  const fallbackName = basename(path).toUpperCase() === "SKILL.MD" ? basename(dirname(path)) : basename(path, extname(path));
  const skill: Skill = {
    name: fields.get("name") || fallbackName,
    description: fields.get("description") ?? "",
    content: match ? text.slice(match[0].length) : text,
    path,
  };
  const tags = fields.get("tags");
  if (tags) skill.tags = tags.replace(/^\[|\]$/g, "").split(",").map((t) => unquote(t.trim())).filter((t) => t !== "");
  if (fields.has("when")) skill.when = fields.get("when")!;
  if (fields.has("allowed-tools")) skill.allowedTools = fields.get("allowed-tools")!;
  if (fields.has("disable-model-invocation")) skill.disableModelInvocation = fields.get("disable-model-invocation") === "true";
  const known = new Set(["name", "description", "tags", "when", "allowed-tools", "disable-model-invocation"]);
  const metadata = Object.fromEntries([...fields].filter(([k]) => !known.has(k)));
  if (Object.keys(metadata).length > 0) skill.metadata = metadata;
  return skill;
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s;
}

export class SkillStore {
  private readonly skills = new Map<string, Skill>();
  /** Names (or paths, for raw injections) injected as context, in order. */
  readonly injected: string[] = [];

  constructor(private readonly cwd: string) {}

  load(path: string): Skill {
    const abs = resolve(this.cwd, path);
    const skill = parseSkill(abs, readFileSync(abs, "utf8"));
    this.skills.set(skill.name, skill);
    return skill;
  }

  loadDir(dir: string): { skills: Skill[]; error?: string } {
    const abs = resolve(this.cwd, dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) return { skills: [], error: `not a directory: ${abs}` };
    const skills: Skill[] = [];
    const errors: string[] = [];
    for (const name of readdirSync(abs).sort()) {
      const full = join(abs, name);
      const file = statSync(full).isDirectory() ? join(full, "SKILL.md") : name.endsWith(".md") ? full : undefined;
      if (!file || !existsSync(file)) continue;
      try {
        skills.push(this.load(file));
      } catch (err) {
        errors.push(`${file}: ${(err as Error).message}`);
      }
    }
    return errors.length > 0 ? { skills, error: errors.join("; ") } : { skills };
  }

  list(): Skill[] {
    return [...this.skills.values()];
  }

  inject(name: string): void {
    if (!this.skills.has(name)) {
      const known = [...this.skills.keys()];
      throw new Error(`unknown skill "${name}"; ${known.length ? `loaded skills: ${known.join(", ")}` : "no skills are loaded (load them with ctx.loadSkill)"}`);
    }
    this.injected.push(name);
  }

  injectRaw(path: string): void {
    const abs = resolve(this.cwd, path);
    readFileSync(abs, "utf8"); // must exist and be readable, as it would for the app
    this.injected.push(abs);
  }
}
