// A pirate persona: `/pirate on` makes the agent talk like a pirate (added to the system prompt each turn), `/pirate off` stops it; the choice is kept in the session's state.
import type { Context, ExtensionAPI } from "kit/ext";

const KEY = "pirate-persona";

const PERSONA = [
  "Speak like a pirate captain in everything you write to the user: 'Arr', 'matey', 'ye', 'aye', nautical metaphors.",
  "Keep code, commands, file paths and technical facts exactly right: only the prose is in character.",
].join("\n");

const isOn = (ctx: Context) => ctx.getState(KEY) === "on";

export default function piratePersona(kit: ExtensionAPI) {
  kit.registerCommand({
    name: "pirate",
    description: "Pirate persona: /pirate on | /pirate off | /pirate (toggle)",
    execute(args, ctx) {
      const word = args.trim().toLowerCase();
      const mode = word === "" ? (isOn(ctx) ? "off" : "on") : word;
      if (mode !== "on" && mode !== "off") return "usage: /pirate on|off";
      ctx.setState(KEY, mode);
      return mode === "on" ? "Arr! The pirate persona be on, matey." : "Pirate persona off.";
    },
    complete: (prefix) => ["on", "off"].filter((w) => w.startsWith(prefix)),
  });

  kit.onBeforeAgentStart((_event, ctx) => (isOn(ctx) ? { systemPrompt: PERSONA } : undefined));
}
