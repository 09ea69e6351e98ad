import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { encodeCwd, fileTimestamp, sessionDir, sessionFileName, sessionIdFromFileName, stateSidecarPath } from "../../src/session/paths.ts";
import { parseSessionText } from "../../src/session/reader.ts";
import { jsonLine } from "../../src/session/serialize.ts";
import { SessionStore } from "../../src/session/store.ts";
import type { MessageEntry } from "../../src/session/types.ts";
import { assistant, fileLines, steppingClock, tempDir, toolCall, toolResult, user } from "./helpers.ts";

describe("location", () => {
  test("encodes the cwd: separators become --, forbidden characters are dropped", () => {
    expect(encodeCwd("/home/ann/my proj")).toBe("--home--ann--my proj");
    expect(encodeCwd("C:\\Users\\ann\\x")).toBe("C--Users--ann--x");
    expect(encodeCwd('/a<b>c"d|e?f*g:h')).toBe("--abcdefgh");
    expect(sessionDir("/data/kit", "/w/p")).toBe(path.join("/data/kit", "sessions", "--w--p"));
  });

  test("file names carry a sortable, file-safe UTC timestamp and the session id", () => {
    const name = sessionFileName(new Date(Date.UTC(2025, 0, 31, 9, 5, 3, 42)), "abc-123");
    expect(name).toBe("2025-01-31T09-05-03-042Z_abc-123.jsonl");
    expect(name).not.toMatch(/[:<>"|?*\\/]/);
    expect(sessionIdFromFileName(`/x/${name}`)).toBe("abc-123");
    const earlier = fileTimestamp(new Date(Date.UTC(2024, 11, 31, 23, 59, 59, 999)));
    expect(earlier < fileTimestamp(new Date(Date.UTC(2025, 0, 1)))).toBe(true);
    expect(stateSidecarPath("/s/a_b.jsonl")).toBe("/s/a_b.ext-state.json");
    expect(stateSidecarPath("")).toBe("");
  });

  test("create puts the file under <dataDir>/sessions/<encoded cwd>/ with the header's id", () => {
    const data = tempDir();
    const s = SessionStore.create({ dataDir: data, cwd: "/work/proj", now: steppingClock() });
    expect(path.dirname(s.path)).toBe(path.join(data, "sessions", "--work--proj"));
    expect(path.basename(s.path)).toBe(`2025-03-01T10-00-00-000Z_${s.id}.jsonl`);
    expect(s.header).toMatchObject({ type: "session", version: 1, id: s.id, cwd: "/work/proj", timestamp: "2025-03-01T10:00:00.000Z" });
  });
});

describe("writing", () => {
  test("the file is created at the first entry, with the header on line 1", () => {
    const dir = tempDir();
    const s = SessionStore.create({ dir, cwd: "/p" });
    expect(fs.existsSync(s.path)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
    s.sync();
    s.close();
    expect(fs.existsSync(s.path)).toBe(false);
    const id = s.appendMessage(user("hi"));
    const lines = fileLines(s.path);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual(s.header);
    const entry = JSON.parse(lines[1]!);
    expect(entry).toMatchObject({ type: "message", id, parentId: null, role: "user", content: [{ type: "text", text: "hi" }] });
    expect(fs.readFileSync(s.path, "utf8").endsWith("\n")).toBe(true);
  });

  test("entries are complete lines, ids are unique and timestamps ISO", () => {
    const s = SessionStore.create({ dir: tempDir(), cwd: "/p" });
    for (let i = 0; i < 200; i++) s.appendMessage(user(`m${i}`));
    const lines = fileLines(s.path);
    expect(lines).toHaveLength(201);
    const entries = lines.slice(1).map((l) => JSON.parse(l));
    expect(new Set(entries.map((e) => e.id)).size).toBe(200);
    for (const e of entries) {
      expect(e.id).toMatch(/^[0-9a-f]{8}$/);
      expect(new Date(e.timestamp).toISOString()).toBe(e.timestamp);
    }
    // Each entry's parent is the entry before it.
    entries.slice(1).forEach((e, i) => expect(e.parentId).toBe(entries[i].id));
  });

  test("round trip: reopening gives the same header, entries and leaf", () => {
    const s = SessionStore.create({ dir: tempDir(), cwd: "/p", now: steppingClock() });
    s.append({ type: "model_change", provider: "anthropic", model: "claude-x" });
    s.append({ type: "thinking_level_change", level: "high" });
    const u = s.appendMessage(user("read a.txt"));
    s.appendMessage(toolCall("c1"), {
      model: "claude-x",
      provider: "anthropic",
      usage: { input: 10, output: 5, cacheRead: 1, cacheWrite: 2, cost: 0.001 },
      stopReason: "tool_calls",
    });
    s.appendMessage(toolResult("c1", "contents"));
    s.appendMessage(assistant("done"));
    s.label(u, "start");
    s.setName("my session");
    s.appendExtensionEntry("todo", '{"items":[]}');
    s.navigate(u);
    s.appendMessage(assistant("another branch"));
    s.branchSummary(s.entries[5]!.id, "tried reading");
    s.append({ type: "compaction", summary: "sum", firstKeptEntryId: u, tokensBefore: 100, tokensAfter: 10, readFiles: ["a.txt"] });
    s.close();

    const r = SessionStore.open(s.path);
    expect(r.issues).toEqual([]);
    expect(r.header).toEqual(s.header);
    expect(r.entries).toEqual(s.entries);
    expect(r.leaf).toBe(s.leaf);
    expect(r.name).toBe("my session");
    expect(r.labelOf(u)).toBe("start");
    expect(r.branch().map((e) => e.id)).toEqual(s.branch().map((e) => e.id));
  });

  test("appending after reopening continues the same file from the last entry", () => {
    const s = SessionStore.create({ dir: tempDir(), cwd: "/p" });
    const a = s.appendMessage(user("one"));
    s.close();
    const r = SessionStore.open(s.path);
    const b = r.appendMessage(assistant("two"));
    r.close();
    const again = SessionStore.open(s.path);
    expect(again.entries.map((e) => e.id)).toEqual([a, b]);
    expect(again.get(b)!.parentId).toBe(a);
    expect(fileLines(s.path)).toHaveLength(3);
  });

  test("U+2028 and U+2029 are escaped: no raw separator in the file, and split('\\n') agrees with JSON", () => {
    const s = SessionStore.create({ dir: tempDir(), cwd: "/p" });
    const text = "line\u2028sep\u2029para\nnewline";
    s.appendMessage(user(text));
    s.appendMessage(assistant("after"));
    const raw = fs.readFileSync(s.path, "utf8");
    expect(raw.includes("\u2028")).toBe(false);
    expect(raw.includes("\u2029")).toBe(false);
    expect(raw).toContain("\\u2028");
    const lines = raw.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(3);
    expect((JSON.parse(lines[1]!) as MessageEntry).content).toEqual([{ type: "text", text }]);
    // Splitting at every line terminator JavaScript knows gives the same lines.
    expect(raw.split(/\r?\n|\u2028|\u2029/).filter((l) => l !== "")).toEqual(lines);
    expect(jsonLine({ a: "\u2028" })).toBe('{"a":"\\u2028"}');
    expect(SessionStore.open(s.path).entries[0]).toEqual(s.entries[0]!);
  });

  test("large tool outputs are cut before they are stored, with a marker", () => {
    const s = SessionStore.create({ dir: tempDir(), cwd: "/p", limits: { maxToolResultBytes: 1000 } });
    s.appendMessage(toolCall("c1"));
    s.appendMessage(toolResult("c1", "é".repeat(5000)));
    const stored = (s.entries[1] as MessageEntry).content[0] as { content: string };
    expect(Buffer.byteLength(stored.content)).toBeLessThan(1200);
    expect(stored.content.startsWith("é".repeat(500))).toBe(true);
    expect(stored.content).toContain("[kit: output cut to");
    expect(stored.content).not.toContain("\uFFFD");
    // What is in memory is what is on disk.
    expect(SessionStore.open(s.path).entries).toEqual(s.entries);
    // Small outputs are left alone.
    s.appendMessage(toolResult("c2", "short"));
    expect(((s.entries[2] as MessageEntry).content[0] as { content: string }).content).toBe("short");
  });

  test("the default cap is 256 KB per tool result, text blocks share it, and huge details are dropped", () => {
    const s = SessionStore.inMemory();
    s.appendMessage({
      role: "tool",
      content: [
        {
          type: "tool_result",
          toolCallId: "c",
          name: "x",
          isError: false,
          content: [
            { type: "text", text: "a".repeat(200 * 1024) },
            { type: "text", text: "b".repeat(200 * 1024) },
          ],
          details: { blob: "z".repeat(300 * 1024) },
        },
      ],
    });
    const part = (s.entries[0] as MessageEntry).content[0] as { content: { text: string }[]; details?: unknown };
    const total = part.content.reduce((n, b) => n + b.text.length, 0);
    expect(total).toBeGreaterThan(250 * 1024);
    expect(total).toBeLessThan(257 * 1024);
    expect(part.content[1]!.text).toContain("[kit: output cut to");
    expect(part.details).toBeUndefined();
  });

  test("an in-memory session writes nothing and offers the same API", () => {
    const dir = tempDir();
    const s = SessionStore.inMemory({ cwd: dir });
    const a = s.appendMessage(user("hi"));
    s.appendMessage(assistant("hello"));
    s.setName("n");
    s.navigate(a);
    s.appendMessage(assistant("alt"));
    s.sync();
    s.close();
    expect(s.path).toBe("");
    expect(s.inMemory).toBe(true);
    expect(s.children(a)).toHaveLength(2);
    expect(s.name).toBe("n");
    expect(fs.readdirSync(dir)).toEqual([]);
    const f = s.fork(a);
    expect(f.path).toBe("");
    expect(f.entries.map((e) => e.id)).toEqual([a]);
  });

  test("a file whose last line was cut mid-write gets a newline before the next entry", () => {
    const s = SessionStore.create({ dir: tempDir(), cwd: "/p" });
    s.appendMessage(user("one"));
    s.close();
    fs.appendFileSync(s.path, '{"type":"message","id":"dead","parentId":null,"timest');
    const r = SessionStore.open(s.path);
    expect(r.issues.map((i) => i.reason)).toEqual(["truncated last line (incomplete write)"]);
    const b = r.appendMessage(assistant("two"));
    r.close();
    const again = SessionStore.open(s.path);
    expect(again.entries.map((e) => e.id)).toEqual([s.entries[0]!.id, b]);
    expect(again.issues).toHaveLength(1);
    expect(again.issues[0]!.reason).toBe("not valid JSON");
    expect(again.issues[0]!.line).toBe(3);
  });

  test("opening an empty file writes the header with the first entry", () => {
    const file = path.join(tempDir(), "2025-01-01T00-00-00-000Z_abc.jsonl");
    fs.writeFileSync(file, "");
    const s = SessionStore.open(file);
    expect(s.id).toBe("abc");
    s.appendMessage(user("x"));
    const parsed = parseSessionText(fs.readFileSync(file, "utf8"));
    expect(parsed.issues).toEqual([]);
    expect(parsed.header?.id).toBe("abc");
    expect(parsed.entries).toHaveLength(1);
  });

  test("appends that reference missing entries, or are malformed, are refused and write nothing", () => {
    const s = SessionStore.create({ dir: tempDir(), cwd: "/p" });
    expect(() => s.label("nope", "x")).toThrow(/no entry nope/);
    expect(() => s.branchSummary("nope", "x")).toThrow();
    expect(() => s.navigate("nope")).toThrow();
    expect(() => s.append({ type: "session_info", name: 5 as unknown as string })).toThrow(/invalid session entry/);
    expect(fs.existsSync(s.path)).toBe(false);
    expect(s.entries).toHaveLength(0);
  });
});
