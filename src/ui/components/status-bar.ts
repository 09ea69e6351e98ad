/**
 * The status bar: one line with the working directory and git branch on the left, and on the
 * right the extensions' status entries (lower priority further left), the model, the thinking
 * level, context use (tokens and % of the window, green below 50 %, yellow below 80 %, red above)
 * and the session's cost. It never wraps: when the line is too narrow, parts are shortened or
 * dropped, least useful first (see DEGRADE), and what is left is cut at the width.
 */
import type { Theme } from "../theme/theme.ts";
import { truncate, visibleWidth } from "../width.ts";

export interface StatusEntry {
  key: string;
  text: string;
  /** Lower = further left, and kept longer when space runs out. */
  priority: number;
}

export interface StatusBarState {
  cwd: string;
  /** The home directory, shown as "~". */
  home?: string;
  gitBranch?: string;
  /** "provider/model". */
  model?: string;
  thinkingLevel?: string;
  contextTokens?: number;
  contextWindow?: number;
  /** USD; undefined = unknown (not shown). */
  cost?: number;
  /** Paid by a subscription (GitHub Copilot): the cost shows as "subscription", not as dollars. */
  subscription?: boolean;
  entries?: readonly StatusEntry[];
}

interface Parts {
  cwd?: string;
  branch?: string;
  entries: StatusEntry[];
  model?: string;
  thinking?: string;
  context?: string;
  cost?: string;
}

/** Context use colour: below 50 % success, below 80 % warning, else error. */
export function contextSlot(percent: number): "success" | "warning" | "error" {
  return percent < 50 ? "success" : percent < 80 ? "warning" : "error";
}

export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, "")}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, "")}M`;
}

export function formatCost(usd: number): string {
  if (usd > 0 && usd < 0.01) return "<$0.01";
  return `$${usd.toFixed(2)}`;
}

function shortPath(cwd: string, home: string | undefined): string {
  if (home && (cwd === home || cwd.startsWith(home.endsWith("/") ? home : home + "/"))) return "~" + cwd.slice(home.replace(/\/$/, "").length);
  return cwd;
}

/**
 * How the bar gives way when narrow, in order: shorten context use to the %, shorten the path to
 * its last directory, drop the branch, drop extension entries (highest priority number first),
 * drop the thinking level, drop the provider from the model, drop the cost, the path, the model.
 */
const DEGRADE: ((parts: Parts, state: StatusBarState, theme: Theme) => boolean)[] = [
  (p, s, t) => swap(p, "context", contextText(s, t, false)),
  (p, s) => swap(p, "cwd", p.cwd === undefined ? undefined : lastSegment(shortPath(s.cwd, s.home))),
  (p) => drop(p, "branch"),
  (p) => {
    if (p.entries.length === 0) return false;
    p.entries.pop();
    return true;
  },
  (p) => drop(p, "thinking"),
  (p, s) => swap(p, "model", s.model?.includes("/") ? s.model.slice(s.model.indexOf("/") + 1) : undefined),
  (p) => drop(p, "cost"),
  (p) => drop(p, "cwd"),
  (p) => drop(p, "model"),
];

function swap(parts: Parts, key: "context" | "cwd" | "model", value: string | undefined): boolean {
  if (parts[key] === undefined || value === undefined || value === parts[key]) return false;
  parts[key] = value;
  return true;
}

function drop(parts: Parts, key: "branch" | "thinking" | "cost" | "cwd" | "model"): boolean {
  if (parts[key] === undefined) return false;
  parts[key] = undefined;
  return true;
}

function lastSegment(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1) || path;
}

function contextText(state: StatusBarState, theme: Theme, full: boolean): string | undefined {
  const tokens = state.contextTokens;
  if (tokens === undefined) return undefined;
  if (!state.contextWindow) return theme.fg("muted", `${formatTokens(tokens)} tokens`);
  const percent = Math.round((tokens / state.contextWindow) * 100);
  const pct = theme.fg(contextSlot(percent), `${percent}%`);
  return full ? theme.fg("muted", `${formatTokens(tokens)}/${formatTokens(state.contextWindow)} `) + pct : pct;
}

function initialParts(state: StatusBarState, theme: Theme): Parts {
  const entries = [...(state.entries ?? [])].filter((e) => e.text !== "").sort((a, b) => a.priority - b.priority || a.key.localeCompare(b.key));
  return {
    cwd: state.cwd ? shortPath(state.cwd, state.home) : undefined,
    branch: state.gitBranch || undefined,
    entries,
    model: state.model || undefined,
    thinking: state.thinkingLevel || undefined,
    context: contextText(state, theme, true),
    cost: state.subscription ? "subscription" : state.cost === undefined ? undefined : formatCost(state.cost),
  };
}

function compose(parts: Parts, theme: Theme): { left: string; right: string } {
  const left = [parts.cwd === undefined ? "" : theme.fg("muted", parts.cwd), parts.branch === undefined ? "" : theme.fg("secondary", `(${parts.branch})`)]
    .filter(Boolean)
    .join(" ");
  const right = [
    ...parts.entries.map((e) => e.text.replace(/\s*\n\s*/g, " ")),
    parts.model === undefined ? "" : theme.fg("primary", parts.model),
    parts.thinking === undefined ? "" : theme.fg(parts.thinking === "off" ? "veryMuted" : "muted", `thinking ${parts.thinking}`),
    parts.context ?? "",
    parts.cost === undefined ? "" : theme.fg("muted", parts.cost),
  ]
    .filter(Boolean)
    .join(theme.fg("veryMuted", " · "));
  return { left, right };
}

const GAP = 2;

/** The status bar line: at most `width` columns, never more than one line. */
export function renderStatusBar(state: StatusBarState, width: number, theme: Theme): string {
  if (width <= 0) return "";
  const parts = initialParts(state, theme);
  let step = 0;
  while (true) {
    const { left, right } = compose(parts, theme);
    const leftWidth = visibleWidth(left);
    const rightWidth = visibleWidth(right);
    const needed = leftWidth + rightWidth + (left && right ? GAP : 0);
    if (needed <= width) return right ? left + " ".repeat(width - leftWidth - rightWidth) + right : left;
    while (step < DEGRADE.length && !DEGRADE[step]!(parts, state, theme)) step++;
    if (step >= DEGRADE.length) return truncate(left && right ? `${left}  ${right}` : left + right, width);
  }
}
