// Plan mode: `/plan on` makes the agent read-only (read, grep, find, ls) and asks it for a plan instead of changes; `/plan off` gives every tool back.
import type { Context, ExtensionAPI } from "kit/ext";

const READ_ONLY_TOOLS = ["read", "grep", "find", "ls"];

const PLAN_NOTE = [
  "Plan mode is on: you can read and search the project, but you cannot change anything.",
  "Investigate what you need, then answer with a numbered plan of the changes you would make",
  "(files, what changes in each, and how to check the result). Do not write code blocks for whole files.",
].join("\n");

const isOn = (ctx: Context) => ctx.getOption("plan-mode") === "on";

/** Offers the model only the read-only tools while plan mode is on, every tool otherwise. */
function applyTools(ctx: Context): void {
  ctx.setActiveTools(isOn(ctx) ? READ_ONLY_TOOLS : null);
}

export default function planMode(kit: ExtensionAPI) {
  kit.registerOption({
    name: "plan-mode",
    description: 'Start in plan mode with "on" (e.g. KIT_OPT_PLAN_MODE=on); /plan on|off switches it',
    default: "off",
  });

  kit.registerCommand({
    name: "plan",
    description: "Read-only plan mode: /plan on [task] | /plan off [task] | /plan (toggle)",
    execute(args, ctx) {
      const [word = "", ...rest] = args.trim().split(/\s+/);
      const mode = word === "" ? (isOn(ctx) ? "off" : "on") : word;
      if (mode !== "on" && mode !== "off") return "usage: /plan on [task] | /plan off [task]";
      ctx.setOption("plan-mode", mode);
      applyTools(ctx);
      // `/plan on <task>` starts planning at once, which is how plan mode is used in a headless run.
      const task = rest.join(" ");
      if (task) ctx.sendMessage(task);
      return mode === "on"
        ? `Plan mode on: the agent can only ${READ_ONLY_TOOLS.join(", ")}.`
        : "Plan mode off: every tool is available again.";
    },
    complete: (prefix) => ["on", "off"].filter((w) => w.startsWith(prefix)),
  });

  kit.onBeforeAgentStart((_event, ctx) => {
    // The option may also come from KIT_OPT_PLAN_MODE or the config, so the tools follow it every turn.
    applyTools(ctx);
    return isOn(ctx) ? { systemPrompt: PLAN_NOTE } : undefined;
  });
}
