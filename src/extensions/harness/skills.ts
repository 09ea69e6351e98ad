/**
 * Skills as the MockContext handles them: files read from disk on request (loadSkill,
 * loadSkillsFromDir) with kit's own parser (resources/skills.ts) and kept in memory; injecting one
 * records it instead of sending it to a model.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Skill } from "../contract.ts";
import { loadSkill, loadSkillsFromDir } from "../../resources/skills.ts";

export class SkillStore {
  private readonly skills = new Map<string, Skill>();
  /** Names (or paths, for raw injections) injected as context, in order. */
  readonly injected: string[] = [];

  constructor(private readonly cwd: string) {}

  load(path: string): Skill {
    const skill = loadSkill(path, this.cwd);
    this.skills.set(skill.name, skill);
    return skill;
  }

  loadDir(dir: string): { skills: Skill[]; error?: string } {
    const loaded = loadSkillsFromDir(dir, this.cwd);
    for (const s of loaded.skills) this.skills.set(s.name, s);
    return loaded;
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
