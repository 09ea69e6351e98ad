// Minimal footer: one line under the editor with the active model and what the session has cost so far, refreshed after every model call and turn.
import type { Context, ExtensionAPI } from "kit/ext";

/** "$0.0123"; under a cent gets four decimals so small sessions still show movement. */
function formatCost(usd: number): string {
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

/** The footer text: "anthropic/claude-sonnet-4-5 · $0.0123 · 3 calls". */
function footerText(ctx: Context): string {
  const usage = ctx.getSessionUsage();
  const calls = `${usage.requestCount} call${usage.requestCount === 1 ? "" : "s"}`;
  return `${ctx.model} · ${formatCost(usage.totalCost)} · ${calls}`;
}

export default function minimalFooter(kit: ExtensionAPI) {
  // setFooter replaces the footer, so calling it again is how the line is updated.
  const update = (_event: unknown, ctx: Context) => ctx.setFooter({ content: { text: footerText(ctx) }, style: { noBorder: true } });

  kit.onSessionStart(update);
  kit.onModelChange(update);
  kit.onLLMUsage(update); // after each provider round-trip
  kit.onAgentEnd(update); // and once more when the turn is over
}
