// Floor for `kit sessions list`: `session-list <session directory>...`. For each session file, the
// least reading that gives the same lines (bench/support/sessions-windows.ts: the first and last 8 KB)
// and three JSON.parses (header, first user message, last entry); then newest first, one line each.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readWindows } from "../support/sessions-windows.ts";

const rows: { last: string; line: string }[] = [];
for (const dir of process.argv.slice(2)) {
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".jsonl"))) {
    const { headLines, last } = readWindows(join(dir, name));
    const header = JSON.parse(headLines[0]!);
    const firstUser = headLines.slice(1, -1).find((l) => l.includes('"role":"user"'));
    const prompt: string = firstUser ? JSON.parse(firstUser).content[0].text : "";
    rows.push({ last: last.timestamp, line: `${last.timestamp} ${last.listing.messages} msgs ${header.id.slice(0, 8)} ${(last.listing.name ?? prompt).slice(0, 70)}` });
  }
}
rows.sort((a, b) => b.last.localeCompare(a.last));
process.stdout.write(rows.map((r) => r.line).join("\n") + "\n");
