import type { SessionEntry } from "../session/types.ts";

/** Token and cost totals of every model call recorded in a session file (all branches). */
export function sessionUsage(entries: readonly SessionEntry[]) {
  const total = {
    totalInputTokens: 0,
    totalOutputTokens: 0,
    totalCacheReadTokens: 0,
    totalCacheWriteTokens: 0,
    totalCost: 0,
    requestCount: 0,
  };
  for (const e of entries) {
    if (e.type !== "message" || !e.usage) continue;
    total.totalInputTokens += e.usage.input;
    total.totalOutputTokens += e.usage.output;
    total.totalCacheReadTokens += e.usage.cacheRead;
    total.totalCacheWriteTokens += e.usage.cacheWrite;
    total.totalCost += e.usage.cost ?? 0;
    total.requestCount++;
  }
  return total;
}
