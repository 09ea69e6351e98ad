import type { HostSessionData } from "../extensions/host.ts";
import type { SessionStore } from "../session/store.ts";
import type { StateStore } from "../session/state-store.ts";
import type { ModelRuntime } from "./runtime.ts";
import { sessionUsage } from "./session-usage.ts";
import { countOf } from "../plural.ts";
import { formatCost, formatTokens } from "../ui/components/status-bar.ts";

/** What the session-data members read; `session` is a getter, as a session switch replaces the store. */
export interface SessionDataSource {
  readonly session: SessionStore;
  readonly state: StateStore;
  readonly systemPrompt: string;
  readonly runtime: ModelRuntime;
}

/**
 * The session-data members of the Context (stats, usage, messages, custom entries, extension state),
 * answered from the app's current session. Own arrow functions, so the Context spreads them as they are.
 */
export function createSessionData(src: SessionDataSource): HostSessionData {
  return {
    getContextStats: () => {
      const messages = src.session.context();
      const chars = src.systemPrompt.length + messages.reduce((n, m) => n + JSON.stringify(m.content).length, 0);
      const estimatedTokens = Math.ceil(chars / 4);
      const contextLimit = src.runtime.model.info?.contextLimit ?? 0;
      return { estimatedTokens, contextLimit, usagePercent: contextLimit ? estimatedTokens / contextLimit : 0, messageCount: messages.length };
    },
    getSessionUsage: () => sessionUsage(src.session),
    getMessages: () => src.session.messages(),
    getSessionPath: () => src.session.path,
    appendEntry: (entryType, data) => src.session.appendExtensionEntry(entryType, data),
    getEntries: (entryType) => src.session.getEntries(entryType),
    setState: (key, value) => src.state.set(key, value),
    getState: (key) => src.state.get(key),
    deleteState: (key) => src.state.delete(key),
    listState: () => src.state.list(),
  };
}

/**
 * /usage of a mode: tokens, cost and context use of the session, one figure a line. The one wording of
 * these figures, so the interactive UI and an editor (ACP) show the same.
 */
export function usageLines(data: Pick<HostSessionData, "getSessionUsage" | "getContextStats">, subscription: boolean): string[] {
  const u = data.getSessionUsage();
  const s = data.getContextStats();
  return [
    `Requests       ${u.requestCount}`,
    `Input tokens   ${formatTokens(u.totalInputTokens)} (cache read ${formatTokens(u.totalCacheReadTokens)}, cache write ${formatTokens(u.totalCacheWriteTokens)})`,
    `Output tokens  ${formatTokens(u.totalOutputTokens)}`,
    `Cost           ${subscription ? "subscription" : formatCost(u.totalCost)}`,
    `Context        about ${formatTokens(s.estimatedTokens)}${s.contextLimit ? ` of ${formatTokens(s.contextLimit)} (${Math.round(s.usagePercent * 100)}%)` : ""} in ${countOf(s.messageCount, "message")}`,
  ];
}
