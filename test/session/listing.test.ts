import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  type ListingStats,
  listAllSessions,
  listSessions,
  listSessionsIn,
  newestSession,
  summarizeSession,
} from "../../src/session/listing.ts";
import { sessionDir } from "../../src/session/paths.ts";
import { SessionStore } from "../../src/session/store.ts";
import { assistant, steppingClock, tempDir, toolCall, toolResult, user } from "./helpers.ts";

const stats = (): ListingStats => ({ files: 0, bytesRead: 0, fullScans: 0 });

describe("listing", () => {
  test("id, path, cwd, name, first prompt, last activity and exact message count", () => {
    const data = tempDir();
    const s = SessionStore.create({ dataDir: data, cwd: "/w/p", now: steppingClock() });
    s.append({ type: "model_change", provider: "p", model: "m" });
    s.appendMessage(user("  Fix the\n failing   test  "));
    s.appendMessage(toolCall("c1"));
    s.appendMessage(toolResult("c1"));
    s.appendMessage(assistant("Done."));
    s.appendExtensionEntry("x", "y");
    s.close();
    const st = stats();
    const [info, ...rest] = listSessions(data, "/w/p", { stats: st });
    expect(rest).toEqual([]);
    expect(info).toEqual({
      id: s.id,
      path: s.path,
      cwd: "/w/p",
      created: "2025-03-01T10:00:00.000Z",
      lastActivity: s.entries[5]!.timestamp,
      messageCount: 4,
      firstPrompt: "Fix the failing test",
      title: "Fix the failing test",
    });
    expect(st).toMatchObject({ files: 1, fullScans: 0 });
  });

  test("reads only the header and the tail: a file with many MB of garbage in the middle is listed correctly", () => {
    const dir = tempDir();
    const s = SessionStore.create({ dir, cwd: "/p", now: steppingClock() });
    s.appendMessage(user("first prompt"));
    s.setName("early name");
    s.appendMessage(assistant("a"));
    s.close();
    const junk = ("x".repeat(1023) + "\n").repeat(8 * 1024); // 8 MB of garbage lines
    fs.appendFileSync(s.path, junk);
    const r = SessionStore.open(s.path, { now: steppingClock(Date.UTC(2025, 5, 1)) });
    expect(r.issues).toHaveLength(8 * 1024);
    r.appendMessage(user("later"));
    const last = r.appendMessage(assistant("later answer"));
    r.close();
    expect(fs.statSync(s.path).size).toBeGreaterThan(8 * 1024 * 1024);

    const st = stats();
    const info = summarizeSession(s.path, { stats: st })!;
    expect(info.messageCount).toBe(4);
    expect(info.name).toBe("early name");
    expect(info.title).toBe("early name");
    expect(info.firstPrompt).toBe("first prompt");
    expect(info.lastActivity).toBe(r.get(last)!.timestamp);
    expect(st.fullScans).toBe(0);
    expect(st.bytesRead).toBeLessThan(64 * 1024);
  });

  test("the name is the latest session_info even when it is far from the tail", () => {
    const dir = tempDir();
    const s = SessionStore.create({ dir, cwd: "/p" });
    s.appendMessage(user("q"));
    s.setName("old");
    s.setName("current");
    for (let i = 0; i < 50; i++) s.appendMessage(assistant(`${i} ${"y".repeat(4000)}`));
    s.close();
    const st = stats();
    const info = summarizeSession(s.path, { stats: st })!;
    expect(info.name).toBe("current");
    expect(info.messageCount).toBe(51);
    expect(st.bytesRead).toBeLessThan(40 * 1024);
  });

  test("a first prompt longer than the head window is read from its start, shown cut", () => {
    const dir = tempDir();
    const s = SessionStore.create({ dir, cwd: "/p" });
    s.appendMessage(user(`Explain "this" \\ log:\u2028${"é".repeat(60_000)}`));
    for (let i = 0; i < 5; i++) s.appendMessage(assistant("z".repeat(10_000)));
    s.close();
    const info = summarizeSession(s.path)!;
    expect(info.firstPrompt!.startsWith('Explain "this" \\ log: éé')).toBe(true);
    expect(info.firstPrompt!.length).toBeLessThanOrEqual(300);
    expect(info.messageCount).toBe(6);
  });

  test("a last line longer than the tail window, and a truncated last line, still give the last entry", () => {
    const dir = tempDir();
    const s = SessionStore.create({ dir, cwd: "/p" });
    s.appendMessage(user("q"));
    const big = s.appendMessage(assistant("w".repeat(100_000)));
    s.close();
    expect(summarizeSession(s.path)!.lastActivity).toBe(s.get(big)!.timestamp);
    fs.appendFileSync(s.path, '{"type":"message","id":"zz","parentId":null,"timestamp":"2099-01-01T00:00:00.000Z","ro');
    const info = summarizeSession(s.path)!;
    expect(info.lastActivity).toBe(s.get(big)!.timestamp);
    expect(info.messageCount).toBe(2);
  });

  test("files not written by kit (no listing stamps) are parsed whole, once, for an exact count", () => {
    const dir = tempDir();
    const file = path.join(dir, "2025-01-01T00-00-00-000Z_foreign.jsonl");
    const lines = [
      { type: "session", version: 1, id: "foreign", timestamp: "2025-01-01T00:00:00.000Z", cwd: "/f" },
      { type: "message", id: "a", parentId: null, timestamp: "2025-01-01T00:00:01.000Z", role: "user", content: [{ type: "text", text: "hello" }] },
      { type: "session_info", id: "b", parentId: "a", timestamp: "2025-01-01T00:00:02.000Z", name: "named" },
      { type: "message", id: "c", parentId: "b", timestamp: "2025-01-01T00:00:03.000Z", role: "assistant", content: [] },
    ];
    fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    const st = stats();
    const info = summarizeSession(file, { stats: st })!;
    expect(info).toMatchObject({ id: "foreign", messageCount: 2, name: "named", firstPrompt: "hello", lastActivity: "2025-01-01T00:00:03.000Z" });
    expect(st.fullScans).toBe(1);
  });

  test("lists only session files with a valid header, most recent activity first", () => {
    const data = tempDir();
    const cwd = "/w/q";
    // `older` is created first (earlier file name) but has the latest activity.
    const clock = steppingClock();
    const older = SessionStore.create({ dataDir: data, cwd, now: clock });
    older.appendMessage(user("older"));
    const newer = SessionStore.create({ dataDir: data, cwd, now: clock });
    newer.appendMessage(user("newer"));
    older.appendMessage(user("older again"));
    older.navigate(older.entries[0]!.id);
    // Appended last in the file, with the latest time, although it is not on the longest branch.
    older.append({ type: "label", targetId: older.entries[0]!.id, label: "x" });
    const empty = SessionStore.create({ dataDir: data, cwd }); // never written: no file
    expect(fs.existsSync(empty.path)).toBe(false);
    const dir = sessionDir(data, cwd);
    fs.writeFileSync(path.join(dir, "junk.jsonl"), "not a session\n");
    fs.writeFileSync(path.join(dir, "x.ext-state.json"), "{}");
    fs.writeFileSync(`${older.path}.bak`, "backup");

    expect(path.basename(older.path) < path.basename(newer.path)).toBe(true);
    const list = listSessionsIn(dir);
    expect(list.map((i) => i.id)).toEqual([older.id, newer.id]);
    expect(newestSession(dir)!.path).toBe(older.path);
    expect(list[0]!.messageCount).toBe(2);
    expect(newestSession(path.join(data, "nope"))).toBeUndefined();
  });

  test("all cwds together", () => {
    const data = tempDir();
    const a = SessionStore.create({ dataDir: data, cwd: "/one", now: steppingClock(Date.UTC(2025, 0, 1)) });
    a.appendMessage(user("a"));
    const b = SessionStore.create({ dataDir: data, cwd: "/two", now: steppingClock(Date.UTC(2025, 0, 2)) });
    b.appendMessage(user("b"));
    const all = listAllSessions(data);
    expect(all.map((i) => [i.id, i.cwd])).toEqual([
      [b.id, "/two"],
      [a.id, "/one"],
    ]);
    expect(listSessions(data, "/one").map((i) => i.id)).toEqual([a.id]);
    expect(listAllSessions(path.join(data, "missing"))).toEqual([]);
  });

  test("forks list their parent", () => {
    const dir = tempDir();
    const s = SessionStore.create({ dir, cwd: "/p" });
    const a = s.appendMessage(user("base prompt"));
    const f = s.fork(a);
    const info = summarizeSession(f.path)!;
    expect(info).toMatchObject({ parentSession: s.path, parentSessionId: s.id, messageCount: 1, firstPrompt: "base prompt" });
  });
});
