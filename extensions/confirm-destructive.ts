// Asks before a fork or a session switch (new, resume, clear, import) leaves the current conversation behind, and cancels it unless the user confirms (so a headless run never switches).
import type { Context, ExtensionAPI } from "kit/ext";

const SWITCHES = {
  new: "Start a new session",
  resume: "Resume another session",
  clear: "Clear the conversation",
  import: "Import a session",
} as const;

function quote(text: string, max = 60): string {
  const line = text.replace(/\s+/g, " ").trim();
  return `"${line.length > max ? `${line.slice(0, max - 1)}…` : line}"`;
}

/** True only when the user answered yes. */
async function confirmed(ctx: Context, message: string): Promise<boolean> {
  const answer = await ctx.promptConfirm({ message, defaultValue: false });
  return !answer.cancelled && answer.value;
}

export default function confirmDestructive(kit: ExtensionAPI) {
  kit.onBeforeFork(async (event, ctx) => {
    const from = event.isUserMessage && event.userText ? `your message ${quote(event.userText)}` : "this point";
    const message = `Fork from ${from}? The new branch leaves out everything after it.`;
    if (await confirmed(ctx, message)) return;
    return { cancel: true, reason: "the fork was not confirmed" };
  });

  kit.onBeforeSessionSwitch(async (event, ctx) => {
    const count = ctx.getMessages().length;
    if (count === 0) return; // nothing to lose
    const what = SWITCHES[event.reason] ?? "Switch sessions";
    const message = `${what}? The current conversation (${count} message(s)) will be left${event.reason === "clear" ? " and cleared" : ""}.`;
    if (await confirmed(ctx, message)) return;
    return { cancel: true, reason: `${what.toLowerCase()} was not confirmed` };
  });
}
