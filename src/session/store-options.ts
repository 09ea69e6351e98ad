import type { StorageLimits } from "./cap-tool-output.ts";
import { SESSION_FORMAT_VERSION, type SessionHeader } from "./types.ts";

/** What making a SessionStore takes (store.ts): its options, and the header it writes. */

export interface SessionStoreOptions {
  /** Caps applied to tool results before they are stored. */
  limits?: Partial<StorageLimits>;
  /** Clock for timestamps (tests). */
  now?: () => Date;
}

export interface CreateSessionOptions extends SessionStoreOptions {
  cwd: string;
  /** kit's data directory: the file goes to sessionDir(dataDir, cwd). */
  dataDir?: string;
  /** The directory to put the file in (instead of dataDir). */
  dir?: string;
  /** The exact file path (instead of dir or dataDir). */
  path?: string;
  id?: string;
  parentSession?: string;
  parentSessionId?: string;
  subagentTask?: string;
}

export interface InMemoryOptions extends SessionStoreOptions {
  cwd?: string;
  id?: string;
  subagentTask?: string;
}

/** The header of a new session file. */
export function makeHeader(id: string, date: Date, cwd: string, extra: Partial<SessionHeader>): SessionHeader {
  const header: SessionHeader = { type: "session", version: SESSION_FORMAT_VERSION, id, timestamp: date.toISOString(), cwd };
  if (extra.parentSession !== undefined) header.parentSession = extra.parentSession;
  if (extra.parentSessionId !== undefined) header.parentSessionId = extra.parentSessionId;
  if (extra.subagentTask !== undefined) header.subagentTask = extra.subagentTask;
  return header;
}
