/**
 * Child process of the Sessions area, timed inside itself (no process start), printing
 * `{ ms, entries }`: `open <file>` opens a session and builds what resuming needs (the context and
 * the usage totals that --max-cost reads), not every entry; `all <file>` opens it and asks for every
 * entry (what export of a long branch, or getMessages, costs); `floor <file>` only reads the file and
 * JSON.parses every line.
 */
import { SessionStore } from "../../src/session/store.ts";
import { parseEveryLine } from "./sessions-parse.ts";

const [mode, file] = process.argv.slice(2);
const started = performance.now();
let entries: number;
if (mode === "open") {
  const store = SessionStore.open(file!);
  store.context();
  store.usageTotals();
  entries = store.size;
} else if (mode === "all") {
  entries = SessionStore.open(file!).entries.length;
} else if (mode === "floor") {
  entries = parseEveryLine(file!);
} else {
  throw new Error(`unknown mode ${mode}: open, all or floor`);
}
console.log(JSON.stringify({ ms: performance.now() - started, entries }));
