// Tests of conversation-manager.ts through kit/test. The harness's session is a tree of the entries an
// extension appends, so the tests build one with ctx.appendEntry.
import { expect, test } from "bun:test";
import { assertCommandRegistered, assertMessageSent, createHarness } from "kit/test";

const EXT = `${import.meta.dir}/conversation-manager.ts`;

async function withTree() {
  const h = await createHarness().load(EXT);
  const c = h.context;
  const a = c.appendEntry("note", "first idea");
  const b = c.appendEntry("note", "second idea");
  c.navigateTo(a);
  const d = c.appendEntry("note", "another way");
  return { h, a, b, d };
}

test("registers the tree commands", async () => {
  const h = await createHarness().load(EXT);
  for (const name of ["branches", "node", "goto", "branch-summary", "collapse"]) assertCommandRegistered(h, name);
});

test("/branches lists the current branch and marks forks; /node shows one entry", async () => {
  const { h, a, b, d } = await withTree();
  const listing = String(await h.runCommand("branches"));
  expect(listing.split("\n")).toEqual(["current branch:", `${a}  extension_data first idea  [2 branches]`, `${d}  extension_data another way`]);
  const node = String(await h.runCommand("node", b));
  expect(node).toContain(`parent: ${a}`);
  expect(node).toContain("children: (none)");
  expect(node.endsWith("second idea")).toBe(true);
  expect(await h.runCommand("node", "nope")).toBe('no entry "nope"');
});

test("/branches says when the conversation has several roots (after collapsing from the first entry)", async () => {
  const { h, a, d } = await withTree();
  h.context.answerComplete("All of it.");
  await h.runCommand("collapse", a);
  expect(h.context.getChildren("")).toHaveLength(2);
  expect(String(await h.runCommand("branches")).split("\n")[0]).toBe("2 separate roots; showing the current branch:");
  expect(h.context.getTreeNode(d)).toBeDefined();
});

test("/goto moves to an entry and sends the prompt from there", async () => {
  const { h, b } = await withTree();
  expect(await h.runCommand("goto", `${b} carry on from here`)).toBe(`now at ${b}`);
  expect(h.context.getCurrentBranch().at(-1)!.id).toBe(b);
  assertMessageSent(h, "carry on from here");
  expect(await h.runCommand("goto", "missing")).toBe('cannot go to missing: no entry "missing" in this session');
});

test("/branch-summary asks the model for a summary of the stretch; /collapse replaces it with the summary", async () => {
  const { h, a, d } = await withTree();
  h.context.answerComplete("They tried two ideas.");
  expect(await h.runCommand("branch-summary", a)).toBe("They tried two ideas.");

  h.context.answerComplete("Short version.");
  expect(await h.runCommand("collapse", `${a} start over`)).toBe(`collapsed ${a}…${d} into a summary:\nShort version.`);
  const branch = h.context.getCurrentBranch();
  expect(branch.map((n) => n.type)).toEqual(["branch_summary", "extension_data"]);
  expect(branch[0]!.content).toBe("Short version.");
  assertMessageSent(h, "start over");
});

test("a stretch that is not on one branch is refused", async () => {
  const { h, b } = await withTree();
  h.context.answerComplete("unused");
  await expect(h.runCommand("branch-summary", `${b}`)).rejects.toThrow("is not on the path to");
});
