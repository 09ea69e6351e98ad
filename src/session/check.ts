import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../config/atomic-write.ts";
import { newSessionId } from "./ids.ts";
import { otherWriters } from "./in-use.ts";
import { sessionIdFromFileName, unusedPath } from "./paths.ts";
import { parseSessionText } from "./reader.ts";
import { ListingTally, entryLine, headerLine } from "./serialize.ts";
import { SESSION_FORMAT_VERSION, type SessionHeader, type SessionIssue } from "./types.ts";

/**
 * `kit sessions check [--repair]`: a session file is read exactly as the store reads it, and every
 * line the reader skips or mends is reported with its number. Repair rewrites the file with only the
 * valid entries (mended ones as mended: re-attached parents, null bytes gone; listing stamps
 * recounted), keeping the original bytes as `<file>.bak` and the skipped lines as `<file>.bad`; the
 * rewrite is atomic. Repair refuses a file a kit process is writing (in-use.ts: the writer would go
 * on appending to the replaced file) and one of a newer format (this kit would drop what it does not
 * know).
 */

/** Why a file is not repaired now; says what to do instead. */
export class RepairRefused extends Error {}

export interface CheckReport {
  path: string;
  header: SessionHeader | null;
  /** Valid entries (kept by a reader). */
  entries: number;
  /** Lines a reader skips. */
  damaged: SessionIssue[];
  /** Lines a reader keeps only after mending them (and a missing header). */
  mended: SessionIssue[];
  /** No issue at all. */
  ok: boolean;
}

export interface RepairReport extends CheckReport {
  /** False when there was nothing to repair (no files written). */
  repaired: boolean;
  backupPath?: string;
  badPath?: string;
}

export function checkSession(path: string): CheckReport {
  return report(path, parseSessionText(readFileSync(path, "utf8")));
}

export function repairSession(path: string): RepairReport {
  const writers = otherWriters(path);
  if (writers.length > 0) {
    throw new RepairRefused(`${path} is being written by kit (pid ${writers.join(", ")}): run the repair once that kit has ended`);
  }
  const original = readFileSync(path);
  const parsed = parseSessionText(original.toString("utf8"));
  const result = report(path, parsed);
  if (result.ok) return { ...result, repaired: false };
  if (parsed.header && parsed.header.version > SESSION_FORMAT_VERSION) {
    throw new RepairRefused(`${path} was written by a newer kit (session format version ${parsed.header.version}): update kit to repair it`);
  }

  const header: SessionHeader = parsed.header ?? {
    type: "session",
    version: SESSION_FORMAT_VERSION,
    id: sessionIdFromFileName(path) ?? newSessionId(),
    timestamp: parsed.entries[0]?.timestamp ?? new Date().toISOString(),
    cwd: "",
  };
  const tally = new ListingTally();
  let text = headerLine(header);
  for (const entry of parsed.entries) text += entryLine(entry, tally.add(entry));

  const backupPath = unusedPath(`${path}.bak`);
  writeFileAtomic(backupPath, original);
  let badPath: string | undefined;
  const badLines = result.damaged.filter((i) => i.raw !== undefined).map((i) => i.raw!);
  if (badLines.length > 0) {
    badPath = unusedPath(`${path}.bad`);
    writeFileAtomic(badPath, badLines.join("\n") + "\n");
  }
  writeFileAtomic(path, text);
  return { ...result, header, repaired: true, backupPath, ...(badPath ? { badPath } : {}) };
}

function report(path: string, parsed: ReturnType<typeof parseSessionText>): CheckReport {
  const damaged = parsed.issues.filter((i) => i.skipped);
  const mended = parsed.issues.filter((i) => !i.skipped);
  return { path, header: parsed.header, entries: parsed.entries.length, damaged, mended, ok: parsed.issues.length === 0 };
}
