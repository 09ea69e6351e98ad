import { defineCommand } from "citty";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { kitPaths } from "../../config/paths.ts";
import { EXIT } from "../../errors.ts";
import { RepairRefused, checkSession, repairSession, type CheckReport, type RepairReport } from "../../session/check.ts";
import { exportJson, exportMarkdown, transcriptOf } from "../../session/export.ts";
import { listAllSessions, listSessions, uniqueIdLength, type SessionSummary, type UnreadableSession } from "../../session/listing.ts";
import { sessionsWithId } from "../../session/lookup.ts";
import { formatIssue } from "../../session/reader.ts";
import { SessionStore } from "../../session/store.ts";
import { printableLine } from "../../ui/ansi.ts";

const out = (line: string) => process.stdout.write(line + "\n");
const err = (line: string) => process.stderr.write(line + "\n");

/** A session named by path, or by id (or unique id prefix) among this directory's sessions, then every directory's. */
export function resolveSessionRef(ref: string, dataDir: string, cwd: string): string | undefined {
  const asPath = resolve(cwd, ref);
  // Only a file: a directory (e.g. `.`) is no session, and reading it would fail with EISDIR.
  if (statSync(asPath, { throwIfNoEntry: false })?.isFile()) return asPath;
  const matches = sessionsWithId(dataDir, cwd, ref);
  return matches.length === 1 ? matches[0]!.path : undefined;
}

function when(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function listTable(sessions: SessionSummary[], all: boolean): void {
  if (sessions.length === 0) {
    out(all ? "No sessions yet." : "No sessions in this directory yet (kit sessions list --all shows every directory).");
    return;
  }
  const idLength = uniqueIdLength(sessions.map((s) => s.id));
  for (const s of sessions) {
    const title = (printableLine(s.title) || "(empty)").slice(0, 70);
    out(`${when(s.lastActivity)}  ${String(s.messageCount).padStart(4)} msgs  ${printableLine(s.id.slice(0, idLength))}  ${title}${all ? `  [${printableLine(s.cwd)}]` : ""}`);
  }
}

const list = defineCommand({
  meta: { name: "list", description: "Sessions of this directory, newest first: time, messages, id, name or first prompt" },
  args: { all: { type: "boolean", description: "sessions of every directory" } },
  run: ({ args }) => {
    const { dataDir } = kitPaths(process.env);
    const unreadable: UnreadableSession[] = [];
    listTable(args.all ? listAllSessions(dataDir, { unreadable }) : listSessions(dataDir, process.cwd(), { unreadable }), args.all === true);
    for (const u of unreadable) err(`kit: a session file cannot be read, so it is not listed (${u.reason}): make it readable`);
    return EXIT.ok;
  },
});

function printReport(r: CheckReport): void {
  if (r.ok) {
    out(`${r.path}: ok (${r.entries} entries)`);
    return;
  }
  out(`${r.path}: ${r.damaged.length} damaged line(s), ${r.entries} valid entries kept`);
  for (const issue of [...r.damaged, ...r.mended]) out(`  ${formatIssue(issue)}${issue.skipped ? "" : " (kept, mended)"}`);
}

const check = defineCommand({
  meta: { name: "check", description: "Verify session files (all of this directory by default); exit 1 on damage" },
  args: {
    file: { type: "positional", required: false, description: "a session file or id" },
    repair: { type: "boolean", description: "rewrite damaged files without the bad lines (keeps <file>.bak and <file>.bad)" },
  },
  run: ({ args }) => {
    const { dataDir } = kitPaths(process.env);
    let paths: string[];
    if (args.file) {
      const path = resolveSessionRef(args.file, dataDir, process.cwd());
      if (!path) {
        err(`kit sessions check: no session file or id "${args.file}" (see kit sessions list)`);
        return EXIT.usage;
      }
      paths = [path];
    } else {
      paths = listSessions(dataDir, process.cwd()).map((s) => s.path);
      if (paths.length === 0) out("No sessions in this directory.");
    }
    let damaged = false;
    for (const path of paths) {
      if (args.repair) {
        let r: RepairReport;
        try {
          r = repairSession(path);
        } catch (e) {
          if (!(e instanceof RepairRefused)) throw e;
          err(`kit sessions check --repair: ${e.message}`);
          damaged = true;
          continue;
        }
        printReport(r);
        if (r.repaired) out(`  repaired: original kept as ${r.backupPath}${r.badPath ? `, bad lines in ${r.badPath}` : ""}`);
      } else {
        const r = checkSession(path);
        printReport(r);
        if (!r.ok) {
          damaged = true;
          out(`  run 'kit sessions check --repair ${path}' to rewrite it without the damaged lines`);
        }
      }
    }
    return damaged ? EXIT.runFailed : EXIT.ok;
  },
});

const exportCmd = defineCommand({
  meta: { name: "export", description: "Print a session's transcript (current branch) as Markdown or JSON" },
  args: {
    file: { type: "positional", required: true, description: "a session file or id" },
    format: { type: "enum", options: ["md", "json"], default: "md", description: "output format" },
  },
  run: ({ args }) => {
    const { dataDir } = kitPaths(process.env);
    const path = resolveSessionRef(args.file, dataDir, process.cwd());
    if (!path) {
      err(`kit sessions export: no session file or id "${args.file}" (see kit sessions list)`);
      return EXIT.usage;
    }
    const store = SessionStore.open(path);
    // After reading the branch: entries are parsed when first needed, and so found damaged then.
    const t = transcriptOf(store);
    for (const w of store.warnings) err(`kit: ${path}: ${w}`);
    process.stdout.write(args.format === "json" ? exportJson(t) : exportMarkdown(t));
    return EXIT.ok;
  },
});

export const sessionsCommand = defineCommand({
  meta: { name: "kit sessions", description: "List, check, repair and export sessions" },
  subCommands: { list, check, export: exportCmd },
});
