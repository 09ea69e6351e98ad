import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Config } from "../config/config.ts";
import { UsageError } from "../errors.ts";
import { newestSession } from "../session/listing.ts";
import { sessionDir } from "../session/paths.ts";
import { SessionStore } from "../session/store.ts";

export interface OpenedSession {
  store: SessionStore;
  /** True when an existing conversation was opened (--continue, --resume, --session of an existing file). */
  resumed: boolean;
  /** Something the user should know (e.g. nothing to continue). */
  notice?: string;
}

/**
 * The session a run works in (spec/cli.md, Sessions): in memory with --no-session, the given file
 * with --session, the newest of this directory with --continue (and --resume when headless), else a
 * new one whose file appears with its first entry.
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
    if (existsSync(path)) return { store: SessionStore.open(path), resumed: true };
    return { store: SessionStore.create({ cwd, path }), resumed: false };
  }

  if (config.bool("continue") || config.bool("resume")) {
    const newest = newestSession(sessionDir(dataDir, cwd));
    if (newest) return { store: SessionStore.open(newest.path), resumed: true };
    return {
      store: SessionStore.create({ cwd, dataDir }),
      resumed: false,
      notice: "no earlier session in this directory; starting a new one",
    };
  }
  return { store: SessionStore.create({ cwd, dataDir }), resumed: false };
}
