import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import { checkSession, repairSession } from "../../src/session/check.ts";
import { summarizeSession } from "../../src/session/listing.ts";
import { parseSessionText } from "../../src/session/reader.ts";
import { SessionStore } from "../../src/session/store.ts";
import { assistant, tempDir, user } from "./helpers.ts";

function session(): { path: string; ids: string[] } {
  const s = SessionStore.create({ dir: tempDir(), cwd: "/p" });
  const ids = [user("m0"), assistant("m1"), user("m2"), assistant("m3")].map((m) => s.appendMessage(m));
  s.close();
  return { path: s.path, ids };
}

describe("check", () => {
  test("a clean file is ok", () => {
    const { path } = session();
    const r = checkSession(path);
    expect(r.ok).toBe(true);
    expect(r.entries).toBe(4);
    expect(r.damaged).toEqual([]);
    expect(r.mended).toEqual([]);
    const repair = repairSession(path);
    expect(repair.repaired).toBe(false);
    expect(fs.existsSync(`${path}.bak`)).toBe(false);
  });

  test("reports damaged lines with their numbers and reasons", () => {
    const { path, ids } = session();
    const lines = fs.readFileSync(path, "utf8").split("\n");
    lines.splice(2, 0, "garbage!");
    lines[4] = lines[4]!.slice(0, 70) + "<<cut>>"; // entry m2 damaged, m3 re-attached
    fs.writeFileSync(path, lines.join("\n") + '{"type":"mess');
    const r = checkSession(path);
    expect(r.ok).toBe(false);
    expect(r.entries).toBe(3);
    expect(r.damaged.map((i) => [i.line, i.reason])).toEqual([
      [3, "not valid JSON"],
      [5, "not valid JSON"],
      [7, "truncated last line (incomplete write)"],
    ]);
    expect(r.mended.map((i) => [i.line, i.reason])).toEqual([[6, `parent ${ids[2]} was on skipped line 5; attached to ${ids[1]}`]]);
  });
});

describe("repair", () => {
  test("rewrites the file without the bad lines, keeping the original as .bak and the bad lines in .bad", () => {
    const { path, ids } = session();
    const lines = fs.readFileSync(path, "utf8").split("\n");
    lines.splice(2, 0, "garbage!");
    lines[4] = lines[4]!.slice(0, 70) + "<<cut>>";
    const damagedLine = lines[4]!;
    const original = lines.join("\n");
    fs.writeFileSync(path, original);

    const r = repairSession(path);
    expect(r.repaired).toBe(true);
    expect(r.backupPath).toBe(`${path}.bak`);
    expect(r.badPath).toBe(`${path}.bad`);
    expect(fs.readFileSync(`${path}.bak`, "utf8")).toBe(original);
    expect(fs.readFileSync(`${path}.bad`, "utf8")).toBe(`garbage!\n${damagedLine}\n`);

    const after = parseSessionText(fs.readFileSync(path, "utf8"));
    expect(after.issues).toEqual([]);
    expect(after.entries.map((e) => e.id)).toEqual([ids[0], ids[1], ids[3]]);
    expect(after.entries[2]!.parentId).toBe(ids[1]!);
    expect(checkSession(path).ok).toBe(true);
    // The listing stamps were recounted: three messages remain.
    expect(summarizeSession(path)!.messageCount).toBe(3);
    // The store opens it and continues it.
    const s = SessionStore.open(path);
    expect(s.branch().map((e) => e.id)).toEqual([ids[0], ids[1], ids[3]]);
  });

  test("a second repair never overwrites the first backup", () => {
    const { path } = session();
    fs.appendFileSync(path, "bad one\n");
    repairSession(path);
    fs.appendFileSync(path, "bad two\n");
    const r = repairSession(path);
    expect(r.backupPath).toBe(`${path}.bak.1`);
    expect(r.badPath).toBe(`${path}.bad.1`);
    expect(fs.readFileSync(`${path}.bad`, "utf8")).toBe("bad one\n");
    expect(fs.readFileSync(`${path}.bad.1`, "utf8")).toBe("bad two\n");
  });

  test("a file without a header gets one (id from the file name); only mended lines means no .bad file", () => {
    const dir = tempDir();
    const { path } = session();
    const lines = fs.readFileSync(path, "utf8").split("\n");
    const target = `${dir}/2025-01-01T00-00-00-000Z_given-id.jsonl`;
    fs.writeFileSync(target, lines.slice(1).join("\n"));
    const r = repairSession(target);
    expect(r.repaired).toBe(true);
    expect(r.badPath).toBeUndefined();
    expect(fs.existsSync(`${target}.bad`)).toBe(false);
    const after = parseSessionText(fs.readFileSync(target, "utf8"));
    expect(after.issues).toEqual([]);
    expect(after.header).toMatchObject({ type: "session", id: "given-id", version: 1 });
    expect(after.entries).toHaveLength(4);
  });
});
