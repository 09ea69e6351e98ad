import type { UsageTotals } from "../session/serialize.ts";

/**
 * Token and cost totals of every model call recorded in a session file (all branches), in the shape
 * of ctx.getSessionUsage; --max-cost counts from totalCost. The store keeps them as running figures
 * (SessionStore.usageTotals), so asking costs nothing even for a long resumed session.
 */
export function sessionUsage(session: { usageTotals(): UsageTotals }) {
  const u = session.usageTotals();
  return {
    totalInputTokens: u.input,
    totalOutputTokens: u.output,
    totalCacheReadTokens: u.cacheRead,
    totalCacheWriteTokens: u.cacheWrite,
    totalCost: u.cost,
    requestCount: u.requests,
  };
}
