// Bridge demo: the skill, template and model-resolution members of the Context. `/skills`, `/skill-load <file|dir>`, `/with-skill <name|file> <task>`; `/review <path> [--focus text] [--strict]` and `/compare <a> <b> [notes]` build prompts from templates; `/model-info [model]` and `/use-model <a,b,…>` query and pick models.
import type { Context, ExtensionAPI } from "kit/ext";

/** The review prompt: {{variables}} filled from the arguments, and a hint only Claude models get. */
const REVIEW = `Review {{path}} and report problems, most serious first.
Focus: {{focus}}.{{strictness}}
<if-model is="claude-*">Think it through before you answer.<else>Be brief.</if-model>`;

const COMPARE = "Compare {{a}} with {{b}}: what each does, how they differ, and which to keep.{{notes}}";

const list = (names: string[]) => (names.length ? names.join(", ") : "(none)");

export default function bridgeDemo(kit: ExtensionAPI) {
  // ── skills ────────────────────────────────────────────────────────────────────────────────────
  kit.registerCommand({
    name: "skills",
    description: "List the skills found in the standard places and those this session can use",
    execute(_args, ctx) {
      const found = ctx.discoverSkills();
      const lines = [`discovered: ${list(found.skills.map((s) => s.name))}`, `available: ${list(ctx.getAvailableSkills().map((s) => s.name))}`];
      if (found.error) lines.push(`problems: ${found.error}`);
      return lines.join("\n");
    },
  });

  kit.registerCommand({
    name: "skill-load",
    description: "Make the skills of a file or folder available to this session: /skill-load <file|dir>",
    execute(args, ctx) {
      const path = args.trim();
      if (!path) return "usage: /skill-load <file|dir>";
      if (path.endsWith(".md")) {
        const skill = ctx.loadSkill(path);
        return `loaded ${skill.name}: ${skill.description || "(no description)"}`;
      }
      const loaded = ctx.loadSkillsFromDir(path);
      return `loaded ${list(loaded.skills.map((s) => s.name))}${loaded.error ? `\nproblems: ${loaded.error}` : ""}`;
    },
  });

  kit.registerCommand({
    name: "with-skill",
    description: "Give the model a skill (by name, or a skill file) along with a task: /with-skill <name|file.md> <task>",
    execute(args, ctx) {
      const [, skill = "", task = ""] = ctx.simpleParseArguments(args, 1);
      if (!skill || !task) return "usage: /with-skill <name|file.md> <task>";
      if (skill.endsWith(".md")) ctx.injectRawSkillAsContext(skill);
      else ctx.injectSkillAsContext(skill);
      ctx.sendMessage(task);
      return `using ${skill}`;
    },
  });

  // ── templates ─────────────────────────────────────────────────────────────────────────────────
  kit.registerCommand({
    name: "review",
    description: "Ask for a review: /review <path> [--focus text] [--strict]",
    execute(args, ctx) {
      const parsed = ctx.parseArguments(args, { positional: ["path"], flags: { "--focus": "focus", "--strict": "strict" } });
      if (parsed.error) return `${parsed.error} (usage: /review <path> [--focus text] [--strict])`;
      const tpl = ctx.parseTemplate("review", ctx.renderWithModelConditionals(REVIEW));
      const vars: Record<string, string> = {
        path: parsed.vars.path!,
        focus: parsed.vars.focus ?? "correctness",
        strictness: parsed.vars.strict === "true" ? " Treat every warning as an error." : "",
      };
      ctx.sendMessage(ctx.renderTemplate(tpl, vars));
      return `review of ${vars.path} requested (template variables: ${tpl.variables.join(", ")})`;
    },
  });

  kit.registerCommand({
    name: "compare",
    description: "Compare two things: /compare <a> <b> [notes…]",
    execute(args, ctx) {
      const [, a = "", b = "", notes = ""] = ctx.simpleParseArguments(args, 2);
      if (!a || !b) return "usage: /compare <a> <b> [notes…]";
      ctx.sendMessage(ctx.renderTemplate(ctx.parseTemplate("compare", COMPARE), { a, b, notes: notes ? ` Notes: ${notes}` : "" }));
      return `comparing ${a} and ${b}`;
    },
  });

  // ── models ────────────────────────────────────────────────────────────────────────────────────
  kit.registerCommand({
    name: "model-info",
    description: "What kit knows about a model (default: the current one): /model-info [provider/model]",
    execute(args, ctx) {
      const model = args.trim() || `${ctx.getCurrentProvider()}/${ctx.getCurrentModelID()}`;
      const caps = ctx.getModelCapabilities(model);
      const price = caps.pricing.known ? `$${caps.pricing.input}/$${caps.pricing.output} per million tokens in/out` : "price unknown";
      return [
        `current: provider ${ctx.getCurrentProvider()}, model ${ctx.getCurrentModelID()}${ctx.evaluateModelConditional("claude-*") ? " (a Claude model)" : ""}`,
        `${model}: ${caps.name}, context ${caps.contextLimit || "unknown"}, output ${caps.outputLimit || "unknown"}, ${caps.reasoning ? "reasons" : "no reasoning"}, ${price}`,
        `available now: ${ctx.checkModelAvailable(model) ? "yes" : "no"}`,
      ].join("\n");
    },
  });

  kit.registerCommand({
    name: "use-model",
    description: "Switch to the first model of a list that is available: /use-model <provider/model,provider/model,…>",
    execute(args, ctx: Context) {
      const chain = args.split(/[,\s]+/).filter((m) => m !== "");
      if (chain.length === 0) return "usage: /use-model <provider/model,…>";
      const picked = ctx.resolveModelChain(chain);
      if (picked.error) return `no model switched: ${picked.error} (tried ${picked.attempted.join(", ")})`;
      ctx.setModel(picked.model);
      return `switched to ${picked.model} (tried ${picked.attempted.join(", ")}; context ${picked.capabilities?.contextLimit ?? 0})`;
    },
  });
}
