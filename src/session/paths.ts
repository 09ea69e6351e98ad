import { existsSync } from "node:fs";
import { basename, join } from "node:path";

/**
 * Where sessions live (spec/sessions.md, Location):
 * `<dataDir>/sessions/<encoded cwd>/<UTC timestamp>_<session id>.jsonl`.
 */

export const SESSION_EXT = ".jsonl";
export const STATE_SIDECAR_EXT = ".ext-state.json";

/** The cwd as one directory name: `/` and `\` become `--`; `: < > " | ? *` are dropped. */
export function encodeCwd(cwd: string): string {
  return cwd.replace(/[/\\]/g, "--").replace(/[:<>"|?*]/g, "");
}

/** Directory holding every session's directory. */
export function sessionsRoot(dataDir: string): string {
  return join(dataDir, "sessions");
}

/** Directory of the sessions started in `cwd`. */
export function sessionDir(dataDir: string, cwd: string): string {
  return join(sessionsRoot(dataDir), encodeCwd(cwd));
}

/**
 * UTC time safe in file names on every platform and sortable as text:
 * 2025-01-31T09-05-03-042Z (the ISO form with `:` and `.` replaced by `-`).
 */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, "-");
}

export function sessionFileName(date: Date, sessionId: string): string {
  return `${fileTimestamp(date)}_${sessionId}${SESSION_EXT}`;
}

/** The session id written in a session file's name, or undefined when the name has another form. */
export function sessionIdFromFileName(path: string): string | undefined {
  const name = basename(path);
  if (!name.endsWith(SESSION_EXT)) return undefined;
  const stem = name.slice(0, -SESSION_EXT.length);
  const sep = stem.indexOf("_");
  return sep > 0 && sep < stem.length - 1 ? stem.slice(sep + 1) : undefined;
}

/** `<session path without .jsonl>.ext-state.json`; "" for in-memory sessions. */
export function stateSidecarPath(sessionPath: string): string {
  if (sessionPath === "") return "";
  const stem = sessionPath.endsWith(SESSION_EXT) ? sessionPath.slice(0, -SESSION_EXT.length) : sessionPath;
  return stem + STATE_SIDECAR_EXT;
}

/** `base`, or `base.1`, `base.2`…: the first name not taken, so an earlier backup is never replaced. */
export function unusedPath(base: string): string {
  if (!existsSync(base)) return base;
  for (let i = 1; ; i++) if (!existsSync(`${base}.${i}`)) return `${base}.${i}`;
}
