// Floor for `kit -c "hi"`: `session-resume <url> <prompt> <file or session directory>`. In a
// directory, picks the session with the newest last entry (reading each file's last 8 KB, as the
// listing floor does); reads that file and JSON.parses every line; then makes the one streaming
// request of min-client.ts, which takes the url and prompt from the same first two arguments. No
// context is built or sent, nothing is appended.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseEveryLine } from "../support/sessions-parse.ts";
import { readWindows } from "../support/sessions-windows.ts";

function newest(dir: string): string {
  let best = { path: "", last: "" };
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".jsonl"))) {
    const last = readWindows(join(dir, name)).last.timestamp;
    if (last > best.last) best = { path: join(dir, name), last };
  }
  return best.path;
}

const given = process.argv[4]!;
parseEveryLine(statSync(given).isDirectory() ? newest(given) : given);
await import("./min-client.ts");
