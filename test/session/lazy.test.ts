import { afterEach, describe, expect, spyOn, test } from "bun:test";
import * as fs from "node:fs";
import { checkSession } from "../../src/session/check.ts";
import { recogniseLine } from "../../src/session/fast-line.ts";
import { parseSessionText } from "../../src/session/reader.ts";
import { SessionStore } from "../../src/session/store.ts";
import type { SessionEntry, SessionIssue, StoredUsage } from "../../src/session/types.ts";
import { assistant, fileLines, steppingClock, tempDir, toolCall, toolResult, user } from "./helpers.ts";

/**
 * Opening a session parses only what resuming needs (the context from the last compaction on, and
 * the non-message entries); every other entry is parsed when something asks for it. These tests pin
 * what that must not change: the entries, the tree, the issues a full read reports, and the totals.
 */

const usage = (cost: number | null, n = 1): StoredUsage => ({ input: 100 * n, output: 7 * n, cacheRead: 13 * n, cacheWrite: n, cost });

interface Built {
  path: string;
  /** Ids of the messages written before the compaction (never in the context after reopening). */
  early: string[];
  /** Ids of the first branch, left before the end. */
  offBranch: string[];
  leaf: string;
}

/**
 * A session of `turns` exchanges with usage (costs that do not add up exactly in binary), a side
 * branch early on, a label and a name, then a compaction that keeps only the last exchange.
 */
function build(turns = 60): Built {
  const s = SessionStore.create({ dir: tempDir(), cwd: "/p", now: steppingClock() });
  const early: string[] = [];
  const root = s.appendMessage(user("start"));
  early.push(root);
  const offBranch = [s.appendMessage(assistant("first try"), { model: "m", provider: "p", usage: usage(0.1) })];
  offBranch.push(s.appendMessage(user("never mind")));
  s.navigate(root);
  for (let i = 0; i < turns; i++) {
    early.push(s.appendMessage(user(`question ${i} \u2028 "quoted" café`)));
    early.push(s.appendMessage(toolCall(`c${i}`), { model: "m", provider: "p", usage: usage(i % 7 === 0 ? null : 0.1 + i / 1000, i) }));
    early.push(s.appendMessage(toolResult(`c${i}`, `result ${i}\n`.repeat(20))));
    early.push(s.appendMessage(assistant(`answer ${i}`), { model: "m", provider: "p", usage: usage(0.2, i + 1) }));
  }
  s.label(early[3]!, "bookmark");
  s.setName('a "named" session');
  const kept = s.appendMessage(user("last question"));
  s.appendMessage(assistant("last answer"), { usage: usage(0.3) });
  s.append({ type: "compaction", summary: "all of it", firstKeptEntryId: kept, tokensBefore: 1000, tokensAfter: 10 });
  const leaf = s.appendMessage(user("after the compaction"));
  s.close();
  return { path: s.path, early, offBranch, leaf };
}

/** Sums over messages in file order, as a full read would. */
function fullSum(entries: readonly SessionEntry[]) {
  const t = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cost: 0, requests: 0 };
  for (const e of entries) {
    if (e.type !== "message" || !e.usage) continue;
    t.input += e.usage.input;
    t.output += e.usage.output;
    t.cacheRead += e.usage.cacheRead;
    t.cacheWrite += e.usage.cacheWrite;
    t.cost += e.usage.cost ?? 0;
    t.requests++;
  }
  return t;
}

const withoutRaw = (issues: readonly SessionIssue[]) =>
  issues.map(({ line, reason, skipped }) => ({ line, reason, skipped })).sort((a, b) => a.line - b.line || a.reason.localeCompare(b.reason));

let parses: ReturnType<typeof spyOn<JSON, "parse">> | undefined;
afterEach(() => {
  parses?.mockRestore();
  parses = undefined;
});
/** Counts JSON.parse calls from now on. */
function countParses(): () => number {
  parses = spyOn(JSON, "parse");
  return () => parses!.mock.calls.length;
}

describe("lazy entries", () => {
  test("opening parses the context and the small entries, not the history", () => {
    const b = build();
    const lines = fileLines(b.path).length;
    const count = countParses();
    const s = SessionStore.open(b.path);
    const context = s.context();
    expect(context.map((m) => m.role)).toEqual(["user", "user", "assistant", "user"]);
    expect(s.name).toBe('a "named" session');
    expect(s.labelOf(b.early[3]!)).toBe("bookmark");
    expect(s.size).toBe(lines - 1);
    // Header, label, name, compaction, the stamp, and the context's four messages.
    expect(count()).toBeLessThan(15);
    expect(lines).toBeGreaterThan(200);
  });

  test("an entry off the branch (or before the compaction) is parsed correctly when asked for, once", () => {
    const b = build();
    const text = fs.readFileSync(b.path, "utf8");
    const full = parseSessionText(text).entries;
    const onBranch = full.filter((e) => !b.offBranch.includes(e.id));
    const s = SessionStore.open(b.path);
    const count = countParses();
    expect(s.get(b.offBranch[0]!)).toEqual(full.find((e) => e.id === b.offBranch[0])!);
    expect(s.get(b.early[5]!)).toEqual(full.find((e) => e.id === b.early[5])!);
    expect(count()).toBe(2);
    expect(s.getTreeNode(b.offBranch[1]!)).toMatchObject({ role: "user", content: "never mind", children: [] });
    expect(s.children(b.early[0]!)).toEqual([b.offBranch[0]!, b.early[1]!]);
    // Everything: equal to a full read, each line parsed at most once.
    expect(s.entries).toEqual(full);
    expect(s.branch()).toEqual(onBranch);
    const after = count();
    expect(after).toBeLessThanOrEqual(full.length);
    s.treeNodes();
    s.messages();
    expect(count()).toBe(after);
    expect(s.issues).toEqual([]);
  });

  test("entries are read back from the file that was opened, even if it is replaced; after close() a replaced file is refused", () => {
    const b = build(10);
    const full = parseSessionText(fs.readFileSync(b.path, "utf8")).entries;
    const replace = () => {
      // What a repair does: a new file renamed over the old one (here with other lengths).
      fs.writeFileSync(`${b.path}.new`, fs.readFileSync(b.path, "utf8").replaceAll("question", "q"));
      fs.renameSync(`${b.path}.new`, b.path);
    };
    const open = SessionStore.open(b.path);
    replace();
    expect(open.entries).toEqual(full);

    const reopened = SessionStore.open(b.path);
    reopened.close();
    expect(reopened.get(b.early[2]!)!.id).toBe(b.early[2]!); // the same file: opened again
    const closed = SessionStore.open(b.path);
    closed.close();
    replace();
    expect(() => closed.entries).toThrow(/replaced since it was opened/);
  });

  test("a fork copies entries it had not parsed yet", () => {
    const b = build(10);
    const s = SessionStore.open(b.path);
    const f = s.fork(b.offBranch[1]!);
    expect(f.branch().map((e) => e.id)).toEqual([b.early[0]!, ...b.offBranch]);
    const again = SessionStore.open(f.path);
    expect(again.entries).toEqual(SessionStore.open(b.path).branch(b.offBranch[1]!));
  });
});

describe("damage found late", () => {
  /** Damages, in the middle, the line of entry `id` so that its head and stamp still look right. */
  function damageMiddle(path: string, id: string, how: (line: string) => string): number {
    const lines = fs.readFileSync(path, "utf8").split("\n");
    const at = lines.findIndex((l) => l.includes(`"id":"${id}"`));
    lines[at] = how(lines[at]!);
    fs.writeFileSync(path, lines.join("\n"));
    return at + 1;
  }

  test("a bad line far from the branch: check reports it at once; the store when it parses it, as a full read does", () => {
    const b = build();
    // early: root, then per turn a question, a tool call, its result and an answer.
    const badJson = damageMiddle(b.path, b.early[7]!, (l) => l.replace("result 1", 'result"#1'));
    const badRole = damageMiddle(b.path, b.early[9]!, (l) => l.replace('"role":"user"', '"role":"robot"'));
    const text = fs.readFileSync(b.path, "utf8");
    const full = parseSessionText(text);

    const report = checkSession(b.path);
    expect(report.damaged.map((i) => [i.line, i.reason])).toEqual([
      [badJson, "not valid JSON"],
      [badRole, "message entry without a valid role"],
    ]);
    expect(report.entries).toBe(full.entries.length);

    const s = SessionStore.open(b.path);
    expect(s.issues).toEqual([]); // far from the context: not parsed yet
    expect(s.context()).toHaveLength(4);
    expect(s.entries).toEqual(full.entries);
    expect(withoutRaw(s.issues)).toEqual(withoutRaw(full.issues));
    expect(s.warnings).toContain(`line ${badJson}: not valid JSON`);
    // The children of the dropped lines hang from their parents, as in a full read.
    expect(s.get(b.early[8]!)!.parentId).toBe(b.early[6]!);
    expect(s.children(b.early[6]!)).toEqual([b.early[8]!]);
    expect(s.get(b.early[10]!)!.parentId).toBe(b.early[8]!);
    expect(s.has(b.early[7]!)).toBe(false);
    expect(s.get(b.early[9]!)).toBeUndefined();
    expect(s.branch().map((e) => e.id)).toEqual(full.entries.filter((e) => !b.offBranch.includes(e.id)).map((e) => e.id));
  });

  test("a damaged line on the context is reported on open; a damaged leaf gives way to the last entry, as in a full read", () => {
    const b = build(5);
    damageMiddle(b.path, b.leaf, (l) => l.replace('"role":"user"', '"role":"robot"'));
    const full = parseSessionText(fs.readFileSync(b.path, "utf8"));
    const s = SessionStore.open(b.path);
    expect(s.warnings.some((w) => w.endsWith("message entry without a valid role"))).toBe(true);
    expect(s.leaf).toBe(full.entries[full.entries.length - 1]!.id);
    expect(s.context().at(-1)!.role).toBe("assistant");
  });

  test("a line cut by a crash and continued by a later write is never taken for a complete one", () => {
    const b = build(5);
    const lines = fs.readFileSync(b.path, "utf8").split("\n");
    const cut = 9;
    lines[cut - 1] = lines[cut - 1]!.slice(0, Math.floor(lines[cut - 1]!.length * 0.8));
    fs.writeFileSync(b.path, lines.join("\n"));
    const full = parseSessionText(fs.readFileSync(b.path, "utf8"));
    expect(full.issues[0]).toMatchObject({ line: cut, reason: "not valid JSON" });
    const s = SessionStore.open(b.path);
    // Found by the open scan itself (the line is parsed in full there), with its children re-attached.
    expect(withoutRaw(s.issues)).toEqual(withoutRaw(full.issues));
    expect(s.entries).toEqual(full.entries);
  });

  test("recognising a kit line: any cut of it is refused, and so are reordered lines", () => {
    const b = build(2);
    const lines = fileLines(b.path).filter((l) => l.startsWith('{"type":"message"'));
    for (const line of lines.slice(0, 6)) {
      const buf = Buffer.from(line);
      const head = recogniseLine(buf, 0, buf.length);
      const entry = JSON.parse(line);
      expect(head).toMatchObject({ type: "message", id: entry.id, parentId: entry.parentId, timestamp: entry.timestamp });
      expect(buf.toString("utf8", head!.stampAt, buf.length - 1)).toBe(JSON.stringify(entry.listing));
      for (let k = 0; k < buf.length; k++) expect(recogniseLine(buf, 0, k)).toBeNull();
    }
    const { type, ...rest } = JSON.parse(lines[0]!);
    const reordered = Buffer.from(JSON.stringify({ ...rest, type }));
    expect(recogniseLine(reordered, 0, reordered.length)).toBeNull();
  });
});

describe("usage totals", () => {
  test("the totals from the last line's stamp equal a full sum, and go on from there after appends", () => {
    const b = build();
    const count = countParses();
    const s = SessionStore.open(b.path);
    const totals = s.usageTotals();
    expect(count()).toBeLessThan(15);
    parses!.mockRestore();
    const full = parseSessionText(fs.readFileSync(b.path, "utf8")).entries;
    expect(totals).toEqual(fullSum(full));
    expect(totals.requests).toBeGreaterThan(100);
    s.appendMessage(assistant("more"), { usage: usage(0.7, 3) });
    s.appendMessage(user("no usage"));
    s.close();
    const again = SessionStore.open(b.path);
    expect(again.usageTotals()).toEqual(fullSum(again.entries));
    expect(again.usageTotals().requests).toBe(totals.requests + 1);
  });

  test("an in-memory session and a fork count their own entries", () => {
    const m = SessionStore.inMemory();
    const a = m.appendMessage(assistant("x"), { usage: usage(0.25) });
    m.appendMessage(assistant("y"), { usage: usage(0.5) });
    expect(m.usageTotals()).toEqual(fullSum(m.entries));
    expect(m.fork(a).usageTotals()).toEqual(fullSum([m.get(a)!]));
    const b = build(3);
    const s = SessionStore.open(b.path);
    const f = s.fork(b.offBranch[0]!);
    expect(f.usageTotals()).toEqual(fullSum(f.entries));
    expect(SessionStore.open(f.path).usageTotals()).toEqual(fullSum(f.entries));
  });

  test("a file without stamps (hand-written, or older) is read and counted in full, and gets stamps from then on", () => {
    const b = build(8);
    const reference = SessionStore.open(b.path);
    const entries = reference.entries;
    const totals = fullSum(entries);
    const plain = fileLines(b.path).map((l, i) => {
      if (i === 0) return l;
      const { listing: _listing, ...rest } = JSON.parse(l);
      // Keys in another order, as another tool might write them.
      const { type, ...body } = rest;
      return JSON.stringify({ ...body, type });
    });
    fs.writeFileSync(b.path, plain.join("\n") + "\n");
    const s = SessionStore.open(b.path);
    expect(s.issues).toEqual([]);
    expect(s.entries).toEqual(entries);
    expect(s.context()).toEqual(reference.context());
    expect(s.usageTotals()).toEqual(totals);
    s.appendMessage(assistant("stamped again"), { usage: usage(0.1) });
    s.close();
    expect(JSON.parse(fileLines(b.path).at(-1)!).listing.usage.requests).toBe(totals.requests + 1);
    expect(SessionStore.open(b.path).usageTotals()).toEqual(fullSum(SessionStore.open(b.path).entries));
  });

  test("a stamp without usage (no model call yet) means zero; the first call starts the figures", () => {
    const s = SessionStore.create({ dir: tempDir(), cwd: "/p" });
    s.appendMessage(user("hi"));
    expect(fileLines(s.path)[1]).toContain('"listing":{"messages":1}');
    s.close();
    const r = SessionStore.open(s.path);
    expect(r.usageTotals()).toEqual({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cost: 0, requests: 0 });
    r.appendMessage(assistant("hello"), { usage: usage(0.5) });
    expect(JSON.parse(fileLines(s.path)[2]!).listing).toEqual({ messages: 2, usage: { ...usage(0.5), requests: 1 } });
  });
});
