import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Config } from "../config/config.ts";
import { UsageError } from "../errors.ts";
import { listSessionsIn, type UnreadableSession } from "../session/listing.ts";
import { describeCandidates, looksLikeSessionId, sessionsWithId } from "../session/lookup.ts";
import { sessionDir } from "../session/paths.ts";
import { SessionStore } from "../session/store.ts";
import { SESSION_FORMAT_VERSION } from "../session/types.ts";

export interface OpenedSession {
  store: SessionStore;
  /** True when an existing conversation was opened (--continue, --resume, --session of an existing file). */
  resumed: boolean;
  /** Something the user should know (e.g. nothing to continue). */
  notice?: string;
}

/**
 * The session a run works in (spec/cli.md, Sessions): in memory with --no-session, the given file
 * with --session, the newest of this directory with --continue (and --resume when headless; subagent
 * sessions are skipped), else a new one whose file appears with its first entry.
 */
export function openSession(config: Config, cwd: string): OpenedSession {
  const dataDir = config.paths.dataDir;
  const chosen = ["no-session", "continue", "resume"].filter((k) => config.bool(k));
  if (config.string("session")) chosen.push("session");
  if (chosen.length > 1) {
    throw new UsageError(`${chosen.map((k) => `--${k}`).join(" and ")} cannot be used together: pick one`);
  }
  if (config.bool("no-session")) return { store: SessionStore.inMemory({ cwd }), resumed: false };

  const file = config.string("session");
  if (file) {
    const path = resolve(cwd, file);
    if (existsSync(path)) return resumed(openSessionFile(path, cwd));
    if (looksLikeSessionId(file)) {
      const byId = sessionPathById(dataDir, cwd, file, "--session");
      if (!byId) {
        throw new UsageError(
          `--session ${file}: no session has an id starting with ${file} (see kit sessions list --all); to start a new session file, give a file name such as ${file}.jsonl`,
        );
      }
      return resumed(openSessionFile(byId, cwd));
    }
    return { store: SessionStore.create({ cwd, path }), resumed: false };
  }

  if (config.bool("continue") || config.bool("resume")) {
    // Subagents' sessions sit next to their parents' and are not what the user continues.
    const unreadable: UnreadableSession[] = [];
    const newest = listSessionsIn(sessionDir(dataDir, cwd), { unreadable }).find((s) => !s.subagentTask);
    // A newer session kit cannot read is not skipped silently for an older one (nor taken for none).
    const hidden = unreadable.find((u) => !newest || u.modified > Date.parse(newest.lastActivity));
    if (hidden) {
      throw new UsageError(
        `the newest session of this directory cannot be read (${hidden.reason}): make it readable, ` +
          `pick another with --resume <id> or --session <file>, or run without --continue to start a new one`,
      );
    }
    if (newest) return resumed(writable(SessionStore.open(newest.path)));
    return {
      store: SessionStore.create({ cwd, dataDir }),
      resumed: false,
      notice: "no earlier session in this directory; starting a new one",
    };
  }
  return { store: SessionStore.create({ cwd, dataDir }), resumed: false };
}

/**
 * The file of the session whose id is `ref` or starts with it (this directory's sessions first, then
 * every directory's); undefined when there is none. An ambiguous prefix is a usage error listing the
 * candidates, so the user can give a longer one.
 */
export function sessionPathById(dataDir: string, cwd: string, ref: string, flag: string): string | undefined {
  const found = sessionsWithId(dataDir, cwd, ref);
  if (found.length > 1) {
    throw new UsageError(`${flag} ${ref} matches ${found.length} sessions; give more of the id:\n${describeCandidates(found)}`);
  }
  return found[0]?.path;
}

/**
 * An existing file given with --session. Refused (exit 2, nothing written) when it is a directory,
 * cannot be read, or holds something that is not a session at all (no session header and not one
 * valid entry, e.g. a README): appending entries to it would damage the user's file.
 */
function openSessionFile(path: string, cwd: string): SessionStore {
  const stat = statSync(path);
  if (stat.isDirectory()) throw new UsageError(`--session ${path} is a directory: pass a session file (.jsonl), or a new file name to start one`);
  // Reading a FIFO or a device would wait forever (or never end).
  if (!stat.isFile()) throw new UsageError(`--session ${path} is not a regular file (a FIFO, device or socket): pass a session file (.jsonl), or a new file name to start one`);
  let store: SessionStore;
  try {
    store = SessionStore.open(path, { cwd });
  } catch (e) {
    throw new UsageError(`--session ${path} cannot be read (${(e as Error).message}): pass a readable session file, or a new file name`);
  }
  const noHeader = store.issues.some((i) => i.reason === "missing session header" || i.reason.startsWith("invalid session header"));
  if (noHeader && store.entries.length === 0) {
    throw new UsageError(
      `--session ${path} is not a kit session file (no session header, no session entry), so kit leaves it alone: ` +
        `pass a new file name to start a session there, or run 'kit sessions check --repair ${path}' if it is a damaged session`,
    );
  }
  return writable(store);
}

/**
 * A session this kit may append to: not one of a newer format (what this kit writes could break it
 * for the kit that wrote it).
 */
function writable(store: SessionStore): SessionStore {
  const version = store.header.version;
  if (version > SESSION_FORMAT_VERSION) {
    throw new UsageError(
      `${store.path} was written by a newer kit (session format version ${version}; this kit reads version ${SESSION_FORMAT_VERSION}): ` +
        `update kit to continue it, or start a new session (without --continue or --session)`,
    );
  }
  return store;
}

/** An opened session, marked as written by this run; warns when another kit is writing it too (both runs' entries go into the one file). */
function resumed(store: SessionStore): OpenedSession {
  const others = store.claim();
  if (others.length === 0) return { store, resumed: true };
  const notice = `another kit (pid ${others.join(", ")}) is writing ${store.path} too: this run's entries go in as a separate branch; wait for it to end to keep one conversation`;
  return { store, resumed: true, notice };
}
