import { printableLine } from "../ui/ansi.ts";
import { listAllSessions, listSessions, type SessionSummary } from "./listing.ts";

/**
 * Sessions named by id (spec/cli.md, Sessions: `-r ID`, `-s ID`, `kit sessions export ID`): the
 * whole id or a prefix of it, among this directory's sessions first, then every directory's. More
 * than one match means the prefix is ambiguous, and the caller says so.
 */
export function sessionsWithId(dataDir: string, cwd: string, ref: string): SessionSummary[] {
  const prefix = ref.toLowerCase();
  const matching = (sessions: SessionSummary[]) => sessions.filter((s) => s.id.toLowerCase().startsWith(prefix));
  const here = matching(listSessions(dataDir, cwd));
  return here.length > 0 ? here : matching(listAllSessions(dataDir));
}

/**
 * Whether a word could be a session id or its prefix: at least four hex digits, dashes allowed as
 * in a UUID. Shorter words, and words such as "fix", stay what they were (a prompt, a file name).
 */
export function looksLikeSessionId(word: string): boolean {
  return /^[0-9a-f]{4}[0-9a-f-]{0,32}$/i.test(word);
}

/** The candidates of an ambiguous prefix, one per line, for the error that asks for a longer one. */
export function describeCandidates(sessions: SessionSummary[]): string {
  return sessions.map((s) => `  ${printableLine(s.id)}  ${printableLine(s.title).slice(0, 60) || "(empty)"}  [${printableLine(s.cwd)}]`).join("\n");
}
