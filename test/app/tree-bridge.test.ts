import { describe, expect, test } from "bun:test";
import { TreeBridge } from "../../src/app/tree-bridge.ts";
import type { Message } from "../../src/llm/types.ts";
import { SessionStore } from "../../src/session/store.ts";

const msg = (role: "user" | "assistant", text: string): Message => ({ role, content: [{ type: "text", text }] });

function setup() {
  const session = SessionStore.inMemory({ cwd: "/p" });
  const ids = {
    u1: session.appendMessage(msg("user", "add a cache")),
    a1: session.appendMessage(msg("assistant", "added an LRU cache")),
    u2: session.appendMessage(msg("user", "try a TTL cache instead")),
    a2: session.appendMessage(msg("assistant", "TTL cache done, tests pass")),
  };
  let idle = true;
  const requests: { system: string; prompt: string; maxTokens: number }[] = [];
  const tree = new TreeBridge({
    session,
    isIdle: () => idle,
    complete: async (req) => {
      requests.push(req);
      return { text: "  Tried a TTL cache; tests pass.  " };
    },
    contextWindow: () => 200_000,
  });
  return { session, ids, tree, requests, setBusy: (b: boolean) => (idle = !b) };
}

describe("reading the tree", () => {
  test("nodes, the current branch, children (\"\" = the roots)", () => {
    const { ids, tree } = setup();
    expect(tree.getTreeNode(ids.a1)).toMatchObject({ id: ids.a1, parentId: ids.u1, type: "message", role: "assistant", content: "added an LRU cache", children: [ids.u2] });
    expect(tree.getTreeNode("nope")).toBeUndefined();
    expect(tree.getCurrentBranch().map((n) => n.id)).toEqual([ids.u1, ids.a1, ids.u2, ids.a2]);
    expect(tree.getChildren("")).toEqual([ids.u1]);
    expect(tree.getChildren(ids.u2)).toEqual([ids.a2]);
    expect(tree.getChildren("nope")).toEqual([]);
  });
});

describe("moving", () => {
  test("navigateTo moves the leaf: the next entry starts a branch there", () => {
    const { session, ids, tree } = setup();
    expect(tree.navigateTo(ids.a1)).toEqual({ success: true });
    const fork = session.appendMessage(msg("user", "other idea"));
    expect(tree.getChildren(ids.a1)).toEqual([ids.u2, fork]);
    expect(tree.getCurrentBranch().map((n) => n.id)).toEqual([ids.u1, ids.a1, fork]);
    expect(tree.navigateTo("nope")).toEqual({ success: false, error: 'no entry "nope" in this session' });
  });

  test("nothing moves while a turn runs", () => {
    const { ids, tree, setBusy } = setup();
    setBusy(true);
    expect(tree.navigateTo(ids.u1).success).toBe(false);
    expect(tree.collapseBranch(ids.u2, ids.a2, "s").error).toContain("while a turn is running");
  });
});

describe("summaries", () => {
  test("summarizeBranch asks the model about that stretch only and returns its trimmed answer", async () => {
    const { ids, tree, requests } = setup();
    expect(await tree.summarizeBranch(ids.u2, ids.a2)).toBe("Tried a TTL cache; tests pass.");
    expect(requests).toHaveLength(1);
    expect(requests[0]!.prompt).toContain("try a TTL cache instead");
    expect(requests[0]!.prompt).toContain("TTL cache done, tests pass");
    expect(requests[0]!.prompt).not.toContain("add a cache");
    expect(requests[0]!.prompt).toContain("set aside as a branch");
  });

  test("a stretch must lie on one branch", async () => {
    const { session, ids, tree } = setup();
    tree.navigateTo(ids.a1);
    const other = session.appendMessage(msg("user", "other"));
    await expect(tree.summarizeBranch(ids.u2, other)).rejects.toThrow(`summarizeBranch: entry "${ids.u2}" is not on the path to "${other}"`);
    await expect(tree.summarizeBranch("x", other)).rejects.toThrow('no entry "x"');
    expect(tree.collapseBranch(ids.a2, ids.u2, "s")).toEqual({ success: false, error: `entry "${ids.a2}" is not on the path to "${ids.u2}"` });
  });

  test("collapseBranch puts the summary where the stretch began; the stretch stays in the tree", () => {
    const { session, ids, tree } = setup();
    expect(tree.collapseBranch(ids.u2, ids.a2, "Tried TTL.")).toEqual({ success: true });
    const branch = tree.getCurrentBranch();
    expect(branch.map((n) => n.type)).toEqual(["message", "message", "branch_summary"]);
    expect(branch[2]).toMatchObject({ parentId: ids.a1, content: "Tried TTL." });
    expect(session.context().map((m) => (m.content[0] as { text: string }).text)).toEqual(["add a cache", "added an LRU cache", expect.stringContaining("Tried TTL.")]);
    expect(tree.getChildren(ids.a1)).toEqual([ids.u2, branch[2]!.id]);
    expect(tree.collapseBranch(ids.u1, ids.a1, " ")).toEqual({ success: false, error: "the summary is empty" });
  });

  test("collapsing from the first entry starts a new root", () => {
    const { ids, tree } = setup();
    expect(tree.collapseBranch(ids.u1, ids.a2, "Everything so far.").success).toBe(true);
    expect(tree.getCurrentBranch()).toHaveLength(1);
    expect(tree.getChildren("")).toHaveLength(2);
  });
});
