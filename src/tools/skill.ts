import type { Tool } from "./types.ts";

export interface SkillToolOptions {
  /**
   * The text of the named skill as the model should receive it, or undefined when there is no such
   * skill the model may load. Read at every call, so skills loaded later (ctx.loadSkill) count too.
   */
  load(name: string): string | undefined;
  /** Names the model may load now, for the error message of an unknown name. */
  names(): string[];
}

/**
 * `skill`: loads a skill of the system prompt's catalogue into the conversation. Offered only when
 * the session has skills the model may load.
 */
export function createSkillTool(opts: SkillToolOptions): Tool {
  return {
    name: "skill",
    description:
      "Load a skill (instructions for a particular kind of task) by its name from the skills listed in the system prompt. Load it before starting a task that matches its description, then follow it.",
    parameters: {
      type: "object",
      properties: { name: { type: "string", description: "The skill's name, as listed" } },
      required: ["name"],
      additionalProperties: false,
    },
    kind: "read",
    readOnly: true,
    async execute(args) {
      const name = typeof args.name === "string" ? args.name.trim() : "";
      if (name === "") throw new Error("skill needs the `name` of a listed skill");
      const text = opts.load(name);
      if (text === undefined) {
        const names = opts.names();
        throw new Error(`no skill named "${name}"${names.length ? `; the skills are: ${names.join(", ")}` : ""}`);
      }
      return { content: text };
    },
  };
}
