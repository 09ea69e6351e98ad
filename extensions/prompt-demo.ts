// Prompt tour: `/survey` asks a few questions with each kind of prompt (select, text input, masked input, confirm, multi-select) and prints the answers; Esc at any step ends it politely.
import type { Context, ExtensionAPI } from "kit/ext";

const LANGUAGES = ["TypeScript", "Go", "Rust", "Python", "Something else"];
const FEATURES = ["Extensions", "Sessions", "Subagents", "Skills", "Themes"];

/** Thrown when a prompt is cancelled (Esc, or a headless run where prompts resolve cancelled). */
class Cancelled extends Error {}

async function survey(ctx: Context): Promise<string[]> {
  const need = <T extends { cancelled: boolean }>(answer: T): T => {
    if (answer.cancelled) throw new Cancelled();
    return answer;
  };

  const language = need(await ctx.promptSelect({ message: "Which language do you write most?", options: LANGUAGES }));
  const name = need(await ctx.promptInput({ message: "What should we call you?", placeholder: "your name", default: "friend" }));
  const secret = need(await ctx.promptInput({ message: "Tell us a secret word (hidden as you type)", mask: true }));
  const likes = need(await ctx.promptConfirm({ message: "Do you enjoy working in the terminal?", defaultValue: true }));
  const features = need(
    await ctx.promptMultiSelect({ message: "Which features do you use? (space toggles)", options: FEATURES, defaultSelected: [0] }),
  );

  return [
    `Thanks, ${name.value.trim() || "friend"}! You answered:`,
    `  language:  ${language.value}`,
    // Never echo a masked answer; its length is enough to show it arrived.
    `  secret:    ${secret.value ? `${"•".repeat(secret.value.length)} (${secret.value.length} characters, kept to yourself)` : "(none)"}`,
    `  terminal:  ${likes.value ? "yes" : "no"}`,
    `  features:  ${features.values.length > 0 ? features.values.join(", ") : "(none)"}`,
  ];
}

export default function promptDemo(kit: ExtensionAPI) {
  kit.registerCommand({
    name: "survey",
    description: "A short survey that tries every kind of prompt",
    execute: async (_args, ctx) => {
      try {
        for (const line of await survey(ctx)) ctx.print(line);
      } catch (err) {
        if (!(err instanceof Cancelled)) throw err;
        ctx.printInfo(
          ctx.interactive ? "Survey cancelled — no problem, nothing was kept." : "The survey needs the interactive terminal; run /survey there.",
        );
      }
    },
  });
}
