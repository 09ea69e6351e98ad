import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import { parseSessionText } from "../../src/session/reader.ts";
import { SessionStore } from "../../src/session/store.ts";
import { assistant, tempDir, user } from "./helpers.ts";

/** A session file of a header and five linear messages; returns its lines and the entry ids. */
function linear(): { lines: string[]; ids: string[] } {
  const s = SessionStore.create({ dir: tempDir(), cwd: "/p" });
  const ids = [user("m0"), assistant("m1"), user("m2"), assistant("m3"), user("m4")].map((m) => s.appendMessage(m));
  s.close();
  return { lines: fs.readFileSync(s.path, "utf8").split("\n").slice(0, -1), ids };
}

const join = (lines: string[]) => lines.join("\n") + "\n";
const line = (obj: Record<string, unknown>) => JSON.stringify(obj);

describe("tolerant reads", () => {
  test("a clean file has no issues", () => {
    const { lines, ids } = linear();
    const p = parseSessionText(join(lines));
    expect(p.issues).toEqual([]);
    expect(p.entries.map((e) => e.id)).toEqual(ids);
    expect(p.header?.type).toBe("session");
    // The listing stamp is not part of the entry.
    expect(lines[1]).toContain('"listing":{"messages":1}');
    expect("listing" in p.entries[0]!).toBe(false);
  });

  test("a garbage line is skipped with its line number; every entry after it is kept", () => {
    const { lines, ids } = linear();
    lines.splice(3, 0, "this is not json {");
    const p = parseSessionText(join(lines));
    expect(p.issues).toEqual([{ line: 4, reason: "not valid JSON", skipped: true, raw: "this is not json {" }]);
    expect(p.entries.map((e) => e.id)).toEqual(ids);
  });

  test("a damaged entry line: its children are re-attached to its parent, with a note, so nothing after it is lost", () => {
    const { lines, ids } = linear();
    // Line 4 is entry m2; damage the end of it.
    lines[3] = lines[3]!.slice(0, 60) + "#%&garbage";
    const p = parseSessionText(join(lines));
    expect(p.issues).toEqual([
      { line: 4, reason: "not valid JSON", skipped: true, raw: lines[3] },
      { line: 5, reason: `parent ${ids[2]} was on skipped line 4; attached to ${ids[1]}`, skipped: false },
    ]);
    expect(p.entries.map((e) => e.id)).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    expect(p.entries[2]!.parentId).toBe(ids[1]!);
    // The store sees one connected branch to the last entry.
    const file = `${tempDir()}/s.jsonl`;
    fs.writeFileSync(file, join(lines));
    const s = SessionStore.open(file);
    expect(s.branch().map((e) => e.id)).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    expect(s.warnings).toEqual(["line 4: not valid JSON", `line 5: parent ${ids[2]} was on skipped line 4; attached to ${ids[1]}`]);
  });

  test("a truncated last line (crash mid-write) is one warning", () => {
    const { lines, ids } = linear();
    const text = join(lines) + lines[5]!.slice(0, 40).replace(ids[4]!, "aaaaaaaa");
    const p = parseSessionText(text);
    expect(p.issues).toHaveLength(1);
    expect(p.issues[0]).toMatchObject({ line: 7, reason: "truncated last line (incomplete write)", skipped: true });
    expect(p.entries.map((e) => e.id)).toEqual(ids);
    expect(p.endsWithNewline).toBe(false);
  });

  test("null bytes: a zero-filled region before later entries is removed and reported; a NUL-only line is skipped", () => {
    const { lines, ids } = linear();
    // What a crash can leave: the tail of the file zero-filled, then the next run appends after it.
    lines[4] = "\0".repeat(300) + lines[4]!;
    lines.splice(2, 0, "\0\0\0\0");
    const p = parseSessionText(join(lines));
    expect(p.issues).toEqual([
      { line: 3, reason: "only null bytes", skipped: true, raw: "\0\0\0\0" },
      { line: 6, reason: "null bytes removed", skipped: false },
    ]);
    expect(p.entries.map((e) => e.id)).toEqual(ids);
  });

  test("null bytes inside a line make it unreadable, and only it", () => {
    const { lines, ids } = linear();
    const at = lines[2]!.indexOf('"role"');
    lines[2] = lines[2]!.slice(0, at) + "\0\0\0" + lines[2]!.slice(at);
    const p = parseSessionText(join(lines));
    expect(p.issues[0]).toMatchObject({ line: 3, skipped: true, reason: "not valid JSON (contains null bytes)" });
    expect(p.entries.map((e) => e.id)).toEqual([ids[0], ids[2], ids[3], ids[4]]);
  });

  test("an unknown type is skipped and its children re-attached", () => {
    const { lines, ids } = linear();
    const x = line({ type: "future_thing", id: "f0000000", parentId: ids[4], timestamp: "2025-01-01T00:00:00.000Z" });
    const child = line({ type: "message", id: "c0000000", parentId: "f0000000", timestamp: "2025-01-01T00:00:01.000Z", role: "user", content: [] });
    const p = parseSessionText(join([...lines, x, child]));
    expect(p.issues).toEqual([
      { line: 7, reason: 'unknown entry type "future_thing"', skipped: true, raw: x },
      { line: 8, reason: `parent f0000000 was on skipped line 7; attached to ${ids[4]}`, skipped: false },
    ]);
    expect(p.entries.map((e) => e.id)).toEqual([...ids, "c0000000"]);
  });

  test("an entry whose parent names nothing is kept, re-attached to the entry before it; its descendants stay under it", () => {
    const { lines, ids } = linear();
    const dangling = line({ type: "message", id: "d0000000", parentId: "nowhere1", timestamp: "t", role: "user", content: [] });
    const child = line({ type: "label", id: "d0000001", parentId: "d0000000", timestamp: "t", targetId: ids[0], label: "x" });
    const after = line({ type: "session_info", id: "e0000000", parentId: ids[4], timestamp: "t", name: "kept" });
    const p = parseSessionText(join([...lines.slice(0, 3), dangling, ...lines.slice(3), child, after]));
    expect(p.issues).toEqual([{ line: 4, reason: `parentId nowhere1 names no earlier entry; attached to ${ids[1]}`, skipped: false }]);
    expect(p.entries.map((e) => e.id)).toEqual([ids[0], ids[1], "d0000000", ids[2], ids[3], ids[4], "d0000001", "e0000000"]);
    expect(p.entries.find((e) => e.id === "d0000000")!.parentId).toBe(ids[1]!);
    expect(p.entries.find((e) => e.id === "d0000001")!.parentId).toBe("d0000000");
  });

  test("a first entry whose parent names nothing becomes a root", () => {
    const { lines, ids } = linear();
    lines[1] = lines[1]!.replace('"parentId":null', '"parentId":"nowhere1"');
    const p = parseSessionText(join(lines));
    expect(p.issues).toEqual([{ line: 2, reason: "parentId nowhere1 names no earlier entry; made a root", skipped: false }]);
    expect(p.entries.map((e) => e.id)).toEqual(ids);
    expect(p.entries[0]!.parentId).toBeNull();
  });

  test("a parent that only appears later is not a parent: the entry is re-attached to the one before it", () => {
    const { lines, ids } = linear();
    const early = line({ type: "label", id: "e1", parentId: "late0001", timestamp: "t", targetId: ids[0], label: "x" });
    const late = line({ type: "label", id: "late0001", parentId: ids[4], timestamp: "t", targetId: ids[0], label: "y" });
    const p = parseSessionText(join([...lines, early, late]));
    expect(p.issues.map((i) => [i.line, i.skipped])).toEqual([[7, false]]);
    expect(p.entries.map((e) => e.id)).toEqual([...ids, "e1", "late0001"]);
    expect(p.entries.find((e) => e.id === "e1")!.parentId).toBe(ids[4]!);
  });

  test("the children of an unreadable line whose own parent is unknown go to the entry before it", () => {
    const { lines, ids } = linear();
    // Line 4 (m2) cut short, its parent damaged too: nothing says where it belonged.
    lines[3] = lines[3]!.replace(`"parentId":"${ids[1]}"`, '"parentId":"nowhere1"').slice(0, 90);
    const p = parseSessionText(join(lines));
    expect(p.entries.map((e) => e.id)).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    expect(p.entries[2]!.parentId).toBe(ids[1]!);
    expect(p.issues.map((i) => [i.line, i.skipped])).toEqual([
      [4, true],
      [5, false],
    ]);
  });

  test("message parts no reader can use are left out, a tool input given as a JSON value is read as its text; each is reported", () => {
    const { lines, ids } = linear();
    const odd = line({
      type: "message",
      id: "p0000000",
      parentId: ids[4],
      timestamp: "t",
      role: "assistant",
      content: [
        { type: "text", text: "kept" },
        { type: "hologram", data: 1 },
        { type: "tool_call", id: "c1", name: "bash", input: { command: "ls" } },
        { type: "text", text: 42 },
        { type: "tool_result", toolCallId: "c1", name: "bash", content: 7, isError: false },
      ],
    });
    const p = parseSessionText(join([...lines, odd]));
    expect(p.issues.map((i) => [i.line, i.skipped, i.reason])).toEqual([
      [7, false, 'part 2 has the unknown type "hologram" (written by a newer kit?); not shown'],
      [7, false, "part 3 (tool call bash): input was a JSON value, not its text; read as its text"],
      [7, false, "part 4 (text) has no text; not shown"],
      [7, false, "part 5 (tool result) has content that is neither text nor text and image blocks; not shown"],
    ]);
    const e = p.entries.at(-1)!;
    expect(e.type === "message" && e.content).toEqual([
      { type: "text", text: "kept" },
      { type: "tool_call", id: "c1", name: "bash", input: '{"command":"ls"}' },
    ]);
    // The store reads lines it indexed without parsing the same way.
    const file = `${tempDir()}/s.jsonl`;
    fs.writeFileSync(file, join([...lines, odd]));
    const s = SessionStore.open(file);
    expect(s.entries.at(-1)).toEqual(e);
    expect(s.warnings).toContain("line 7: part 2 has the unknown type \"hologram\" (written by a newer kit?); not shown");
  });

  test("a byte order mark before the header is ignored and reported", () => {
    const { lines, ids } = linear();
    const p = parseSessionText("\uFEFF" + join(lines));
    expect(p.header?.type).toBe("session");
    expect(p.issues).toEqual([{ line: 1, reason: "byte order mark at the start of the file ignored", skipped: false }]);
    expect(p.entries.map((e) => e.id)).toEqual(ids);
  });

  test("a header of a newer format version is read, and says so", () => {
    const { lines, ids } = linear();
    lines[0] = lines[0]!.replace('"version":1', '"version":7');
    const p = parseSessionText(join(lines));
    expect(p.issues).toEqual([
      { line: 1, reason: "written by a newer kit: session format version 7 (this kit reads version 1): update kit to read all of it", skipped: false },
    ]);
    expect(p.entries.map((e) => e.id)).toEqual(ids);
  });

  test("duplicate ids, invalid shapes and extra headers are skipped with their line numbers", () => {
    const { lines, ids } = linear();
    const dup = line({ type: "session_info", id: ids[1], parentId: ids[4], timestamp: "t", name: "dup" });
    const badRole = line({ type: "message", id: "b0000001", parentId: ids[4], timestamp: "t", role: "robot", content: [] });
    const noId = line({ type: "label", parentId: ids[4], timestamp: "t", targetId: ids[0], label: "x" });
    const array = "[1,2,3]";
    const header2 = lines[0]!;
    const p = parseSessionText(join([...lines, dup, badRole, noId, array, header2]));
    expect(p.issues.map((i) => `${i.line}: ${i.reason}`)).toEqual([
      `7: duplicate id ${ids[1]}`,
      "8: message entry without a valid role",
      "9: no id",
      "10: not a JSON object",
      "11: session header after line 1",
    ]);
    expect(p.entries.map((e) => e.id)).toEqual(ids);
  });

  test("a missing header is reported; the entries are still read", () => {
    const { lines, ids } = linear();
    const p = parseSessionText(join(lines.slice(1)));
    expect(p.header).toBeNull();
    expect(p.issues).toEqual([{ line: 1, reason: "missing session header", skipped: false }]);
    expect(p.entries.map((e) => e.id)).toEqual(ids);
  });

  test("blank lines and CRLF line ends are accepted silently", () => {
    const { lines, ids } = linear();
    const p = parseSessionText(lines.join("\r\n\n") + "\r\n");
    expect(p.issues).toEqual([]);
    expect(p.entries.map((e) => e.id)).toEqual(ids);
  });

  test("opening a large file parses it once and keeps every entry", () => {
    const dir = tempDir();
    const s = SessionStore.create({ dir, cwd: "/p" });
    for (let i = 0; i < 5000; i++) s.appendMessage(i % 2 ? assistant(`a${i}`) : user(`u${i}`));
    s.close();
    const r = SessionStore.open(s.path);
    expect(r.entries).toHaveLength(5000);
    expect(r.branch()).toHaveLength(5000);
    expect(r.leaf).toBe(s.leaf);
  });
});
