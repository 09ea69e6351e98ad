// Injects context before each turn (the current git branch and today's date, placed before the prompt) and, with option context-inject-max-messages, sends the model only the most recent messages.
import type { ContextMessage, ExtensionAPI } from "kit/ext";

/** The checked-out branch of the repository at `cwd`; undefined outside a repository or without git. */
export function gitBranch(cwd: string): string | undefined {
  try {
    const r = Bun.spawnSync(["git", "rev-parse", "--abbrev-ref", "HEAD"], { cwd, stdin: "ignore", stdout: "pipe", stderr: "ignore", timeout: 3000 });
    const branch = r.stdout.toString().trim();
    if (!r.success || branch === "") return undefined;
    return branch === "HEAD" ? "(detached HEAD)" : branch;
  } catch {
    return undefined; // no git installed, or cwd is gone
  }
}

/**
 * The last `max` messages, without cutting a tool exchange in half: the kept part starts at a user
 * message. System messages are always kept. Every kept message keeps its index, so it is reused intact.
 */
export function trimContext(messages: ContextMessage[], max: number): ContextMessage[] {
  const conversation = messages.filter((m) => m.role !== "system");
  if (max <= 0 || conversation.length <= max) return messages;
  let start = conversation.length - max;
  while (start < conversation.length && conversation[start]!.role !== "user") start++;
  // No user message in the tail (one very long tool loop): keep from the last user message instead.
  if (start === conversation.length) start = conversation.findLastIndex((m) => m.role === "user");
  const firstKept = conversation[Math.max(0, start)]!.index;
  return messages.filter((m) => m.role === "system" || m.index >= firstKept);
}

export default function contextInject(kit: ExtensionAPI) {
  kit.registerOption({
    name: "context-inject-max-messages",
    description: "Send the model at most this many of the latest messages each turn (0 = all)",
    default: "0",
  });

  kit.onBeforeAgentStart((_event, ctx) => {
    const now = new Date();
    const date = now.toLocaleDateString("en-CA"); // YYYY-MM-DD in local time
    const weekday = now.toLocaleDateString("en-US", { weekday: "long" });
    const branch = gitBranch(ctx.cwd);
    const lines = [`Today is ${weekday}, ${date}.`, branch ? `The current git branch is ${branch}.` : "The working directory is not a git repository."];
    return { injectText: `<context>\n${lines.join("\n")}\n</context>` };
  });

  kit.onContextPrepare((event, ctx) => {
    const max = Number.parseInt(ctx.getOption("context-inject-max-messages"), 10) || 0;
    const trimmed = trimContext(event.messages, max);
    if (trimmed.length === event.messages.length) return;
    return { messages: trimmed };
  });
}
