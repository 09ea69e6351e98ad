import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseSessionText } from "../../src/session/reader.ts";
import { SessionStore } from "../../src/session/store.ts";
import { assistant, fileLines, steppingClock, tempDir, toolCall, toolResult, user } from "./helpers.ts";

/** u1 → a1 → u2 → a2, then a branch from a1: u3 → a3. Leaf at a3. */
function branched(store: SessionStore) {
  const u1 = store.appendMessage(user("first"));
  const a1 = store.appendMessage(assistant("answer one"), { model: "m1", provider: "p1" });
  const u2 = store.appendMessage(user("second"));
  const a2 = store.appendMessage(assistant("answer two"));
  store.navigate(a1);
  const u3 = store.appendMessage(user("third"));
  const a3 = store.appendMessage(assistant("answer three"));
  return { u1, a1, u2, a2, u3, a3 };
}

describe("tree", () => {
  test("append makes the new entry the leaf; navigate moves it and the next append branches from there", () => {
    const s = SessionStore.inMemory();
    expect(s.leaf).toBeNull();
    const ids = branched(s);
    expect(s.leaf).toBe(ids.a3);
    expect(s.get(ids.u3)!.parentId).toBe(ids.a1);
    expect(s.children(ids.a1)).toEqual([ids.u2, ids.u3]);
    expect(s.children(null)).toEqual([ids.u1]);
    expect(s.branch().map((e) => e.id)).toEqual([ids.u1, ids.a1, ids.u3, ids.a3]);
    expect(s.branch(ids.a2).map((e) => e.id)).toEqual([ids.u1, ids.a1, ids.u2, ids.a2]);

    s.navigate(ids.a2);
    expect(s.branch().map((e) => e.id)).toEqual([ids.u1, ids.a1, ids.u2, ids.a2]);
    const u4 = s.appendMessage(user("fourth"));
    expect(s.get(u4)!.parentId).toBe(ids.a2);

    // navigate(null): the next entry is a new root.
    s.navigate(null);
    expect(s.branch()).toEqual([]);
    const root2 = s.appendMessage(user("fresh start"));
    expect(s.get(root2)!.parentId).toBeNull();
    expect(s.children(null)).toEqual([ids.u1, root2]);
  });

  test("branching persists: the file holds every branch and reopening puts the leaf at the last entry", () => {
    const s = SessionStore.create({ dir: tempDir(), cwd: "/p" });
    const ids = branched(s);
    s.navigate(ids.u2);
    s.close();
    const r = SessionStore.open(s.path);
    expect(r.entries).toHaveLength(6);
    expect(r.leaf).toBe(ids.a3);
    expect(r.children(ids.a1)).toEqual([ids.u2, ids.u3]);
  });

  test("messages(), entriesOfType() and getEntries() follow the current branch", () => {
    const s = SessionStore.inMemory();
    const u1 = s.appendMessage(user("first"));
    s.appendExtensionEntry("todo", "A");
    s.appendExtensionEntry("notes", "N");
    const a1 = s.appendMessage(assistant("reply"), { model: "m", provider: "p" });
    s.appendExtensionEntry("todo", "B");
    s.navigate(u1);
    s.appendExtensionEntry("todo", "C");

    // Branch: u1 → C.
    expect(s.getEntries("todo").map((e) => e.data)).toEqual(["C"]);
    expect(s.messages().map((m) => m.content)).toEqual(["first"]);
    expect(s.entriesOfType("extension_data").map((e) => e.data)).toEqual(["C"]);

    s.navigate(s.entries[4]!.id); // todo B: u1 → A → N → a1 → B
    expect(s.getEntries("").map((e) => `${e.entryType}:${e.data}`)).toEqual(["todo:A", "notes:N", "todo:B"]);
    const first = s.getEntries("todo")[0]!;
    expect(Object.keys(first).sort()).toEqual(["data", "entryType", "id", "timestamp"]);
    const msgs = s.messages();
    expect(msgs.map((m) => [m.role, m.content])).toEqual([
      ["user", "first"],
      ["assistant", "reply"],
    ]);
    expect(msgs[1]).toMatchObject({ id: a1, parentId: s.entries[2]!.id, model: "m", provider: "p" });
    expect(s.getEntries("todo").map((e) => e.data)).toEqual(["A", "B"]);
  });

  test("tree nodes have the contract's shape, with children and text content", () => {
    const s = SessionStore.inMemory();
    const ids = branched(s);
    s.append({ type: "model_change", provider: "openai", model: "gpt-x" });
    s.appendMessage(toolCall("c1", "bash", '{"command":"ls"}'));
    s.appendMessage(toolResult("c1", "a.txt"));
    const nodes = s.treeNodes();
    expect(nodes).toHaveLength(9);
    expect(s.getTreeNode(ids.a1)).toEqual({
      id: ids.a1,
      parentId: ids.u1,
      type: "message",
      role: "assistant",
      content: "answer one",
      model: "m1",
      provider: "p1",
      timestamp: s.get(ids.a1)!.timestamp,
      children: [ids.u2, ids.u3],
    });
    expect(nodes[6]).toMatchObject({ type: "model_change", model: "gpt-x", provider: "openai", content: "openai/gpt-x" });
    expect(nodes[7]!.content).toContain("bash");
    expect(nodes[8]!.content).toBe("a.txt");
    expect(s.getTreeNode("missing")).toBeUndefined();
  });

  test("labels and names: latest wins, an empty label removes it", () => {
    const s = SessionStore.inMemory();
    const a = s.appendMessage(user("x"));
    expect(s.name).toBeUndefined();
    s.setName("one");
    s.setName("two");
    expect(s.name).toBe("two");
    s.label(a, "bookmark");
    expect(s.labelOf(a)).toBe("bookmark");
    s.label(a, "");
    expect(s.labelOf(a)).toBeUndefined();
    expect(s.entriesOfType("session_info").map((e) => e.name)).toEqual(["one", "two"]);
  });

  test("branchSummary records the left branch's leaf at the current position", () => {
    const s = SessionStore.inMemory();
    const ids = branched(s);
    s.navigate(ids.a1);
    const b = s.branchSummary(ids.a3, "explored a third question");
    expect(s.get(b)).toMatchObject({ type: "branch_summary", fromId: ids.a3, summary: "explored a third question", parentId: ids.a1 });
    expect(s.leaf).toBe(b);
  });
});

describe("fork", () => {
  test("writes a new file whose header names the parent and which holds the path root → target", () => {
    const dir = tempDir();
    const s = SessionStore.create({ dir, cwd: "/proj", now: steppingClock() });
    const ids = branched(s);
    const forkPath = path.join(dir, "fork.jsonl");
    const f = s.fork(ids.u3, forkPath);

    expect(f.path).toBe(forkPath);
    expect(f.id).not.toBe(s.id);
    expect(f.header).toMatchObject({ type: "session", version: 1, cwd: "/proj", parentSession: s.path, parentSessionId: s.id });
    expect(f.entries.map((e) => e.id)).toEqual([ids.u1, ids.a1, ids.u3]);
    expect(f.leaf).toBe(ids.u3);

    const lines = fileLines(forkPath);
    expect(lines).toHaveLength(4);
    const parsed = parseSessionText(fs.readFileSync(forkPath, "utf8"));
    expect(parsed.issues).toEqual([]);
    expect(parsed.header).toEqual(f.header);
    expect(parsed.entries).toEqual(s.branch(ids.u3));

    // The fork goes on by itself; the parent is untouched.
    const before = fs.readFileSync(s.path, "utf8");
    f.appendMessage(assistant("in the fork"));
    expect(fs.readFileSync(s.path, "utf8")).toBe(before);
    expect(SessionStore.open(forkPath).entries).toHaveLength(4);
  });

  test("without a path the fork goes next to the parent, named by its own id", () => {
    const dir = tempDir();
    const s = SessionStore.create({ dir, cwd: "/proj" });
    const a = s.appendMessage(user("x"));
    const f = s.fork(a);
    expect(path.dirname(f.path)).toBe(dir);
    expect(path.basename(f.path)).toEndWith(`_${f.id}.jsonl`);
    expect(fs.existsSync(f.path)).toBe(true);
  });
});
