/**
 * The skills, prompt templates and named agents of a run, loaded from the places and flags of
 * spec/cli.md (Resources), and what the app does with them: the skill members of the extension
 * Context, the skill tool, and the expansion of `/skill:name …` and `/template args` inputs.
 */
import type { Config } from "../config/config.ts";
import { UsageError } from "../errors.ts";
import type { HostSkills } from "../extensions/host.ts";
import { discoverAgents, type NamedAgent } from "../resources/agents.ts";
import { discoverSkills, loadSkill, loadSkillsFromDir, modelSkills, skillBlock, type Skill, type SkillDiscoveryOptions, type SkillLoad } from "../resources/skills.ts";
import { discoverPromptTemplates, expandPromptTemplate, type PromptTemplateFile } from "../resources/templates.ts";
import { createSkillTool } from "../tools/skill.ts";
import type { Tool } from "../tools/types.ts";

export interface AppResources {
  skills: SessionSkills;
  templates: PromptTemplateFile[];
  agents: NamedAgent[];
}

/** Loads everything the flags ask for; files that cannot be read or parsed are warned about and skipped. */
export function loadAppResources(config: Config, cwd: string, warn: (message: string) => void): AppResources {
  const configDir = config.paths.configDir;
  const discovery: SkillDiscoveryOptions = {
    cwd,
    configDir,
    paths: config.list("skill"),
    dirs: config.string("skills-dir") ? [config.string("skills-dir")!] : [],
    noDiscovery: config.bool("no-skills"),
    disabled: config.list("skill-disable"),
  };
  const skills = discoverSkills(discovery);
  if (skills.error) warn(`skills: ${skills.error}`);
  const templates = discoverPromptTemplates({ cwd, configDir, paths: config.list("prompt-template"), noDiscovery: config.bool("no-prompt-templates") });
  for (const e of templates.errors) warn(`prompt templates: ${e}`);
  const agents = discoverAgents({ cwd, configDir, none: config.bool("no-agents") });
  for (const e of agents.errors) warn(`named agents: ${e}`);
  return { skills: new SessionSkills(discovery, skills.skills), templates: templates.templates, agents: agents.agents };
}

/** The skills of a session: those discovered at start, plus those extensions load later. */
export class SessionSkills {
  private readonly byName = new Map<string, Skill>();

  constructor(
    private readonly discovery: SkillDiscoveryOptions,
    initial: readonly Skill[],
  ) {
    for (const s of initial) this.byName.set(s.name, s);
  }

  static none(cwd: string): SessionSkills {
    return new SessionSkills({ cwd, configDir: "", noDiscovery: true }, []);
  }

  list(): Skill[] {
    return [...this.byName.values()];
  }
  get(name: string): Skill | undefined {
    return this.byName.get(name);
  }
  /** Discovery run again (the files as they are now), as at startup; the session's set is not changed. */
  discover(): SkillLoad {
    return discoverSkills(this.discovery);
  }
  /** Loads a file (relative to cwd) and adds it to the session's skills. */
  load(path: string): Skill {
    const skill = loadSkill(String(path), this.discovery.cwd);
    this.add(skill);
    return skill;
  }
  loadDir(dir: string): SkillLoad {
    const loaded = loadSkillsFromDir(String(dir), this.discovery.cwd);
    for (const s of loaded.skills) this.add(s);
    return loaded;
  }
  /** The text the model gets for a skill it may load, or undefined. */
  forModel(name: string): string | undefined {
    const skill = this.byName.get(name);
    return skill && skill.disableModelInvocation !== true ? skillBlock(skill) : undefined;
  }
  private add(skill: Skill): void {
    if ((this.discovery.disabled ?? []).includes(skill.name)) return;
    this.byName.delete(skill.name);
    this.byName.set(skill.name, skill);
  }
}

/**
 * The skill members of the extension Context. Injected skills wait for the next user message, which
 * carries their text before the prompt (and so keeps it in the session).
 */
export class SkillsBridge implements HostSkills {
  private readonly injected: string[] = [];

  constructor(
    private readonly skills: SessionSkills,
    private readonly cwd: string,
  ) {}

  discoverSkills(): SkillLoad {
    return this.skills.discover();
  }
  loadSkill(path: string): Skill {
    return this.skills.load(path);
  }
  loadSkillsFromDir(dir: string): SkillLoad {
    return this.skills.loadDir(dir);
  }
  getAvailableSkills(): Skill[] {
    return this.skills.list();
  }
  injectSkillAsContext(name: string): void {
    const skill = this.skills.get(String(name));
    if (!skill) {
      const names = this.skills.list().map((s) => s.name);
      throw new Error(`unknown skill "${name}"; ${names.length ? `the skills are: ${names.join(", ")}` : "no skills are loaded (load them with ctx.loadSkill)"}`);
    }
    this.injected.push(skillBlock(skill));
  }
  /** A skill file given by path (relative to cwd), not added to the session's skills. */
  injectRawSkillAsContext(path: string): void {
    this.injected.push(skillBlock(loadSkill(String(path), this.cwd)));
  }
  /** The injected skill texts, in order, emptied. */
  takeInjected(): string[] {
    return this.injected.splice(0);
  }
}

/** The skill tool, when the session has skills the model may load; undefined otherwise. */
export function skillToolFor(skills: SessionSkills): Tool | undefined {
  if (modelSkills(skills.list()).length === 0) return undefined;
  return createSkillTool({ load: (name) => skills.forModel(name), names: () => modelSkills(skills.list()).map((s) => s.name) });
}

/** An input the resources turn into a prompt: the skill text to put before it, and the prompt. */
export interface ExpandedInput {
  /** Context blocks that go before the prompt (a skill's text). */
  context: string[];
  text: string;
}

/**
 * `/skill:name rest` → the skill's text as context, then `rest`; `/template args` → the template
 * filled with the arguments. Anything else comes back as it is. Throws a UsageError for an unknown
 * skill or too few template arguments (the caller keeps the input).
 */
export function expandInput(text: string, resources: AppResources | undefined): ExpandedInput {
  // `//text` is a message that begins with a slash, not a command: one slash goes.
  if (text.startsWith("//")) return { context: [], text: text.slice(1) };
  if (!resources || !text.startsWith("/")) return { context: [], text };
  const word = text.slice(1).split(/\s/, 1)[0]!;
  const rest = text.slice(1 + word.length).trim();
  if (word.startsWith("skill:")) {
    const name = word.slice("skill:".length);
    const skill = resources.skills.get(name);
    if (!skill) {
      const names = resources.skills.list().map((s) => s.name);
      throw new UsageError(`no skill named "${name}"; ${names.length ? `the skills are: ${names.join(", ")}` : "no skills are loaded (see --skill, --skills-dir and .kit/skills/)"}`);
    }
    return { context: [skillBlock(skill)], text: rest };
  }
  const tpl = resources.templates.find((t) => t.name === word);
  if (!tpl) return { context: [], text };
  const expanded = expandPromptTemplate(tpl, rest);
  if ("error" in expanded) throw new UsageError(expanded.error);
  return { context: [], text: expanded.text };
}
