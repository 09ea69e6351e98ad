/**
 * Skills: markdown instructions for particular tasks, listed in the system prompt by name and
 * description and loaded on demand (by the model through the skill tool, by the user with
 * `/skill:name`, by extensions with ctx.injectSkillAsContext).
 *
 * A skill is a `SKILL.md` in its own folder (the Agent Skills layout: the folder may hold scripts and
 * references the skill points to) or a single `*.md` file. Front matter fields: name, description,
 * tags, when ("always" puts the whole skill in the system prompt; otherwise it is loaded on demand),
 * allowed-tools, disable-model-invocation (only the user may load it); any other key goes to
 * `metadata`, as do the entries of a `metadata:` mapping.
 *
 * Discovery, lowest precedence first (a later skill of the same name replaces an earlier one):
 * $XDG_CONFIG_HOME/kit/skills/, ./.agents/skills/, ./.kit/skills/, then --skills-dir and --skill.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { boolField, listField, parseFrontmatter, textField } from "./frontmatter.ts";
import { fileErrorMessage } from "../config/parse-file.ts";

/** The kit/ext Skill shape. */
export interface Skill {
  name: string;
  description: string;
  content: string;
  path: string;
  tags?: string[];
  when?: string;
  allowedTools?: string;
  disableModelInvocation?: boolean;
  metadata?: Record<string, string>;
}

export interface SkillLoad {
  skills: Skill[];
  /** Files that could not be read or parsed, "path: why", joined by "; ". */
  error?: string;
}

const KNOWN_KEYS = new Set(["name", "description", "tags", "when", "allowed-tools", "disable-model-invocation", "metadata"]);

/** A skill from its file's text. The name falls back to the folder of a SKILL.md, else the file name. */
export function parseSkill(path: string, text: string): Skill {
  const { data, body } = parseFrontmatter(text, path);
  const isSkillMd = basename(path).toLowerCase() === "skill.md";
  const fallbackName = isSkillMd ? basename(dirname(path)) : basename(path, extname(path));
  const skill: Skill = {
    name: (textField(data, "name") ?? "").trim() || fallbackName,
    description: (textField(data, "description") ?? "").trim(),
    content: body,
    path,
  };
  const tags = listField(data, "tags");
  if (tags) skill.tags = tags;
  const when = textField(data, "when");
  if (when !== undefined) skill.when = when;
  const allowed = data["allowed-tools"];
  if (Array.isArray(allowed)) skill.allowedTools = allowed.map(String).join(", ");
  else if (typeof allowed === "string") skill.allowedTools = allowed;
  const noModel = boolField(data, "disable-model-invocation");
  if (noModel !== undefined) skill.disableModelInvocation = noModel;
  const metadata: Record<string, string> = {};
  const nested = data.metadata;
  if (nested && typeof nested === "object" && !Array.isArray(nested)) {
    for (const [k, v] of Object.entries(nested)) metadata[k] = asText(v);
  }
  for (const [k, v] of Object.entries(data)) if (!KNOWN_KEYS.has(k)) metadata[k] = asText(v);
  if (Object.keys(metadata).length > 0) skill.metadata = metadata;
  return skill;
}

function asText(v: unknown): string {
  return typeof v === "string" ? v : v !== null && typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Reads and parses one skill file (`path` relative to `cwd`). Throws with the path when it cannot. */
export function loadSkill(path: string, cwd: string = process.cwd()): Skill {
  const abs = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (err) {
    throw new Error(`cannot read skill ${abs}: ${(err as Error).message}`);
  }
  try {
    return parseSkill(abs, text);
  } catch (err) {
    throw new Error(fileErrorMessage(abs, err));
  }
}

/**
 * The skills of one folder: each `*.md` file in it and each subfolder's SKILL.md (any case), by
 * name order. A folder that does not exist is an error here; discovery skips such folders.
 */
export function loadSkillsFromDir(dir: string, cwd: string = process.cwd()): SkillLoad {
  const abs = resolve(cwd, dir);
  if (!isDir(abs)) return { skills: [], error: `not a directory: ${abs}` };
  const skills: Skill[] = [];
  const errors: string[] = [];
  let names: string[];
  try {
    names = readdirSync(abs).sort();
  } catch (err) {
    return { skills: [], error: `cannot read ${abs}: ${(err as Error).message}` };
  }
  for (const name of names) {
    const full = join(abs, name);
    const file = isDir(full) ? skillFileIn(full) : name.toLowerCase().endsWith(".md") ? full : undefined;
    if (!file) continue;
    try {
      skills.push(loadSkill(file));
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  return errors.length > 0 ? { skills, error: errors.join("; ") } : { skills };
}

function skillFileIn(dir: string): string | undefined {
  try {
    const name = readdirSync(dir).find((n) => n.toLowerCase() === "skill.md");
    return name ? join(dir, name) : undefined;
  } catch {
    return undefined;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export interface SkillDiscoveryOptions {
  cwd: string;
  /** $XDG_CONFIG_HOME/kit */
  configDir: string;
  /** --skill: files (or folders) to load. */
  paths?: string[];
  /** --skills-dir */
  dirs?: string[];
  /** --no-skills: skip the standard folders (explicit paths still load). */
  noDiscovery?: boolean;
  /** --skill-disable: names left out. */
  disabled?: string[];
}

/** The skills of a run, in discovery order; a later one of the same name replaces an earlier one. */
export function discoverSkills(opts: SkillDiscoveryOptions): SkillLoad {
  const byName = new Map<string, Skill>();
  const errors: string[] = [];
  const add = (load: SkillLoad) => {
    for (const s of load.skills) {
      byName.delete(s.name);
      byName.set(s.name, s);
    }
    if (load.error) errors.push(load.error);
  };
  if (!opts.noDiscovery) {
    for (const dir of [join(opts.configDir, "skills"), join(opts.cwd, ".agents", "skills"), join(opts.cwd, ".kit", "skills")]) {
      if (existsSync(dir)) add(loadSkillsFromDir(dir));
    }
  }
  for (const dir of opts.dirs ?? []) add(loadSkillsFromDir(dir, opts.cwd));
  for (const path of opts.paths ?? []) {
    const abs = resolve(opts.cwd, path);
    if (isDir(abs)) {
      const file = skillFileIn(abs);
      add(file ? tryLoad(file) : loadSkillsFromDir(abs));
    } else add(tryLoad(abs));
  }
  const disabled = new Set(opts.disabled ?? []);
  const skills = [...byName.values()].filter((s) => !disabled.has(s.name));
  return errors.length > 0 ? { skills, error: errors.join("; ") } : { skills };
}

function tryLoad(path: string): SkillLoad {
  try {
    return { skills: [loadSkill(path)] };
  } catch (err) {
    return { skills: [], error: (err as Error).message };
  }
}

/** Skills the model may load itself (not disable-model-invocation). */
export function modelSkills(skills: readonly Skill[]): Skill[] {
  return skills.filter((s) => s.disableModelInvocation !== true);
}

/** Skills whose `when` is "always": their whole text goes into the system prompt. */
export function alwaysSkills(skills: readonly Skill[]): Skill[] {
  return modelSkills(skills).filter((s) => s.when?.trim().toLowerCase() === "always");
}

/** A skill as the model receives it when it is loaded: its text in a <skill> block naming where it lives. */
export function skillBlock(skill: Skill): string {
  const body = skill.content.trim();
  return `<skill name="${attr(skill.name)}" location="${attr(skill.path)}">\n${body}\n</skill>`;
}

/**
 * The catalogue section of the system prompt: how to use skills, then each on-demand skill's name,
 * description and file, then the full text of the "always" skills. "" when there is none.
 */
export function skillCatalogue(skills: readonly Skill[], toolName = "skill"): string {
  const always = alwaysSkills(skills);
  const onDemand = modelSkills(skills).filter((s) => !always.includes(s));
  const out: string[] = [];
  if (onDemand.length > 0) {
    out.push(
      [
        `Skills are instructions for particular kinds of tasks. When a task matches a skill's description, load the skill with the ${toolName} tool before you start and follow it.`,
        "Paths a skill mentions are relative to the folder of its file.",
        "",
        "<available_skills>",
        ...onDemand.map((s) => `  <skill name="${attr(s.name)}" location="${attr(s.path)}">${escapeText(oneLine(s.description))}</skill>`),
        "</available_skills>",
      ].join("\n"),
    );
  }
  if (always.length > 0) out.push(["Skills that always apply:", "", ...always.map(skillBlock)].join("\n"));
  return out.join("\n\n");
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}
function attr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}
