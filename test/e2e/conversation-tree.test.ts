/**
 * The conversation-tree members of the Context on the real app, through the example
 * conversation-manager.ts and a session file kept across headless runs: list the branch, show an
 * entry, continue from an earlier point (a new branch in the same file), summarise a stretch with the
 * model, and collapse it into a branch summary the next turn starts from.
 */
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { join, resolve } from "node:path";
import { startMockLLM, text, type MockLLM } from "../support/mock-llm.ts";
import { conversation, errorLines, runWith, sessionEntries, tempDir, userEnv } from "./extension-runs.ts";

const MANAGER = resolve(import.meta.dir, "../../extensions/conversation-manager.ts");

let mock: MockLLM;
beforeAll(async () => {
  mock = await startMockLLM();
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  expect(mock.remaining()).toBe(0);
});

test("list, show, go back, summarise and collapse, across runs of one session file", async () => {
  const session = join(tempDir(), "tree.jsonl");
  const env = userEnv();
  const cwd = tempDir();
  const run = (args: string[], steps = [] as ReturnType<typeof text>[]) =>
    runWith(mock, { exts: [MANAGER], cwd, env, defaultSession: true, args: ["--session", session, ...args], steps });

  await run(["add a cache"], [text("Added an LRU cache.")]);
  await run(["use a TTL instead"], [text("Switched to a TTL cache.")]);
  const [u1, a1, u2, a2] = sessionEntries(session).map((e) => e.id as string);

  const listed = await run(["/branches"]);
  expect(errorLines(listed.stderr)).toEqual([]);
  expect(listed.stdout.trimEnd().split("\n")).toEqual([
    "current branch:",
    `${u1}  user           add a cache`,
    `${a1}  assistant      Added an LRU cache.`,
    `${u2}  user           use a TTL instead`,
    `${a2}  assistant      Switched to a TTL cache.`,
  ]);

  const shown = await run([`/node ${a1}`]);
  expect(shown.stdout).toContain(`${a1} (assistant) at `);
  expect(shown.stdout).toContain(`parent: ${u1}\nmodel: anthropic/claude-haiku-4-5\nchildren: ${u2}\n\nAdded an LRU cache.`);

  // Back to the LRU answer: the new prompt starts a second branch there.
  const back = await run([`/goto ${a1} make the LRU size configurable`], [text("Made it configurable.")]);
  expect(back.stdout).toBe(`now at ${a1}\nMade it configurable.\n`);
  expect(conversation(back.requests[0]!)).toEqual([
    { role: "user", text: "add a cache" },
    { role: "assistant", text: "Added an LRU cache." },
    { role: "user", text: "make the LRU size configurable" },
  ]);
  const afterGoto = sessionEntries(session);
  expect(afterGoto.filter((e) => e.parentId === a1).map((e) => e.id)).toEqual([u2, afterGoto[4].id]);

  // The model summarises the stretch of the first branch it is given.
  const summary = await run([`/branch-summary ${u2} ${a2}`], [text("Tried a TTL cache.")]);
  expect(summary.stdout).toBe("Tried a TTL cache.\n");
  const asked = conversation(summary.requests[0]!).map((m) => m.text).join("\n");
  expect(asked).toContain("use a TTL instead");
  expect(asked).not.toContain("make the LRU size configurable");

  // Collapse everything from the first prompt: the next turn starts from the summary alone.
  const collapsed = await run([`/collapse ${u1} what next?`], [text("We have a configurable LRU cache."), text("Add metrics.")]);
  expect(errorLines(collapsed.stderr)).toEqual([]);
  expect(collapsed.stdout).toContain(`collapsed ${u1}…`);
  expect(collapsed.stdout).toContain("into a summary:\nWe have a configurable LRU cache.\nAdd metrics.\n");
  // The summary and the prompt are two user messages in a row, which go as one user turn.
  const next = conversation(collapsed.requests[1]!);
  expect(next).toHaveLength(1);
  expect(next[0]!.role).toBe("user");
  expect(next[0]!.text).toContain("<summary>\nWe have a configurable LRU cache.\n</summary>");
  expect(next[0]!.text.endsWith("\nwhat next?")).toBe(true);
  expect(next[0]!.text).not.toContain("add a cache");
  const entries = sessionEntries(session);
  const branchSummary = entries.find((e) => e.type === "branch_summary");
  expect(branchSummary).toMatchObject({ parentId: null, summary: "We have a configurable LRU cache." });
  // Nothing was deleted: the collapsed messages are still in the file, on their own branch.
  expect(entries.filter((e) => e.type === "message").length).toBe(8);
});
