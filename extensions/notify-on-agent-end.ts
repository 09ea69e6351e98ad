// After each turn, prints a one-line summary (tools used, tokens, cost, duration); when the turn took longer than option notify-on-agent-end-seconds (default 10) in the terminal UI, also rings the bell and sends a desktop notification (OSC 9).
import type { Events, ExtensionAPI } from "kit/ext";

const BEL = "\x07";
/** OSC 9: "post a notification" in iTerm2, Windows Terminal, WezTerm, kitty, foot, … (others ignore it). */
const osc9 = (text: string) => `\x1b]9;${text.replace(/[\x00-\x1f\x7f]/g, " ")}${BEL}`;

export function seconds(ms: number): string {
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** "bash ×3, read, edit ×2" in order of first use. */
export function toolsUsed(names: string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([n, c]) => (c > 1 ? `${n} ×${c}` : n)).join(", ");
}

/** agent_end's stopReason is the same word for every provider (providerStopReason has the wire's own). */
const OUTCOME: Record<Events["agent_end"]["stopReason"], string> = {
  completed: "done",
  cancelled: "cancelled",
  error: "failed",
  max_tokens: "cut at the output limit",
  refusal: "refused by the model",
  limit: "stopped by a limit",
};

export function summary(e: Events["agent_end"]): string {
  const outcome = OUTCOME[e.stopReason];
  const tools = e.toolCallCount === 0 ? "no tools" : `${e.toolCallCount} tool call(s): ${toolsUsed(e.toolNames)}`;
  const cost = e.costDelta > 0 ? `, $${e.costDelta.toFixed(4)}` : "";
  return `turn ${outcome} in ${seconds(e.durationMs)}: ${tools}; ${e.inputTokensDelta} in / ${e.outputTokensDelta} out tokens${cost}`;
}

export default function notifyOnAgentEnd(kit: ExtensionAPI) {
  kit.registerOption({
    name: "notify-on-agent-end-seconds",
    description: "Ring the bell and notify the desktop when a turn takes longer than this (interactive only)",
    default: "10",
  });

  kit.onAgentEnd((event, ctx) => {
    const line = summary(event);
    ctx.printInfo(line);
    const threshold = Number(ctx.getOption("notify-on-agent-end-seconds"));
    const limitMs = (Number.isFinite(threshold) && threshold >= 0 ? threshold : 10) * 1000;
    if (ctx.interactive && event.durationMs > limitMs) ctx.print(BEL + osc9(`kit: ${line}`));
  });
}
