/**
 * The sessions the Sessions area reads, written with the real SessionStore (so every line is what kit
 * writes: listing stamps, escapes): exchanges of a user prompt, an assistant that calls bash and read,
 * their results (a few KB each) and a final answer, about 2 KB an entry on average, with a compaction
 * every ~200 entries as a real session of that length has (the model window could never hold the
 * whole file). The same seed gives the same sessions on every run.
 */
import type { Message } from "../../src/llm/types.ts";
import { SessionStore } from "../../src/session/store.ts";
import { prng } from "../../test/support/prng.ts";

const random = prng(20251121);
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo));
const WORDS = (
  "the function returns a promise that resolves once the file is written and synced so callers can rely on it " +
  "session entry parent leaf context compaction summary tool call result error retry stream token model provider " +
  "refactor test failing passing build typecheck import export const let await async class interface type value " +
  "src/session/store.ts src/app/app.ts package.json README.md ./node_modules/.bin/bun npm run build — café ✓ 数据"
).split(" ");
function prose(bytes: number): string {
  let s = "";
  while (s.length < bytes) {
    s += WORDS[between(0, WORDS.length)]! + (random() < 0.08 ? ".\n" : " ");
  }
  return s;
}
function listing(bytes: number): string {
  let s = "";
  while (s.length < bytes) {
    s += `-rw-r--r--  1 dev staff ${String(between(100, 99999)).padStart(6)} Nov 21 10:${String(between(10, 59))} ${WORDS[between(0, WORDS.length)]}.ts\n`;
  }
  return s;
}

const USAGE = { input: 12000, output: 400, cacheRead: 30000, cacheWrite: 0, cost: 0.05 };
const META = { model: "claude-sonnet-4-5", provider: "anthropic", usage: USAGE };

/** Writes a session of about `entries` entries for `cwd` under `dataDir`, its clock starting at `start`; returns its path. */
export function writeSession(dataDir: string, cwd: string, entries: number, start: number): string {
  let clock = start;
  const store = SessionStore.create({ cwd, dataDir, now: () => new Date((clock += 1500)) });
  let call = 0;
  let userIds: string[] = [];
  let sinceCompaction = 0;
  const add = (message: Message, meta?: typeof META & { stopReason: string }) => {
    sinceCompaction++;
    return store.appendMessage(message, meta);
  };
  while (store.size < entries) {
    userIds.push(add({ role: "user", content: [{ type: "text", text: prose(between(200, 800)) }] }));
    for (const [tool, input] of [
      ["bash", { command: "ls -la src && npm test 2>&1 | tail -40" }],
      ["read", { path: "src/session/store.ts" }],
    ] as const) {
      const id = `toolu_${(call++).toString(36).padStart(8, "0")}`;
      add(
        { role: "assistant", content: [{ type: "text", text: prose(between(100, 600)) }, { type: "tool_call", id, name: tool, input: JSON.stringify(input) }] },
        { ...META, stopReason: "tool_calls" },
      );
      add({ role: "tool", content: [{ type: "tool_result", toolCallId: id, name: tool, content: listing(between(1000, 6000)), isError: false }] });
    }
    add({ role: "assistant", content: [{ type: "text", text: prose(between(500, 2500)) }] }, { ...META, stopReason: "stop" });
    if (sinceCompaction >= 200) {
      // Keep the last few exchanges, summarise the rest (as compaction does near the window's end).
      const firstKept = userIds[Math.max(0, userIds.length - 4)]!;
      store.append({ type: "compaction", summary: prose(2000), firstKeptEntryId: firstKept, tokensBefore: 150000, tokensAfter: 20000 });
      userIds = userIds.slice(-4);
      sinceCompaction = 0;
    }
  }
  store.close();
  return store.path;
}
