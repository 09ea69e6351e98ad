// Tests of subagent-demo.ts through kit/test: `kit test extensions/subagent-demo.test.ts` (or `bun test` in this repository).
import { expect, test } from "bun:test";
import type { SubagentConfig } from "kit/ext";
import { assertCommandRegistered, assertHasHandlers, assertInfo, assertMessageSent, assertPrinted, createHarness, type Harness, type MockContext } from "kit/test";

const EXT = `${import.meta.dir}/subagent-demo.ts`;

/** kit's harness also scripts subagents, beyond the contract's MockContext. */
const subagents = (h: Harness) => h.context as MockContext & { answerSubagent(...responses: string[]): void; readonly subagents: SubagentConfig[] };

/** Lets a background subagent (it runs after the command returned) finish and its events arrive. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test("registers its commands and subagent handlers", async () => {
  const h = await createHarness().load(EXT);
  for (const name of ["bg", "delegate", "bg-stop"]) assertCommandRegistered(h, name);
  assertHasHandlers(h, "subagent_start");
  assertHasHandlers(h, "subagent_end");
});

test("/bg starts a background subagent; its answer is printed and handed to the model when it ends", async () => {
  const h = await createHarness().load(EXT);
  subagents(h).answerSubagent("There are 3 files.");
  expect(await h.runCommand("bg", "count the files")).toBe("started subagent-1 in the background");
  await settle();
  assertPrinted(h, "subagent-1 answered: There are 3 files.");
  assertMessageSent(h, 'A background subagent finished the task "count the files". Its answer:\n\nThere are 3 files.');
  assertInfo(h, "subagent subagent-1 started: count the files");
  assertInfo(h, "subagent subagent-1 ended: There are 3 files.");
  expect(subagents(h).subagents.map((s) => [s.prompt, s.timeoutMs])).toEqual([["count the files", undefined]]);
});

test("a failed background subagent is reported as an error and nothing is sent", async () => {
  const h = await createHarness().load(EXT);
  await h.runCommand("bg", "no scripted answer");
  await settle();
  expect(h.context.errors).toHaveLength(1);
  expect(h.context.errors[0]).toStartWith("subagent-1 failed after 0 ms: no scripted subagent reply is left");
  expect(h.context.sentMessages).toEqual([]);
});

test("/delegate waits for the answer; the timeout option goes to the subagent", async () => {
  const h = await createHarness().load(EXT);
  h.context.setOption("subagent-demo-timeout-ms", "2500");
  subagents(h).answerSubagent("done: 2 tests fixed");
  expect(await h.runCommand("delegate", "fix the tests")).toBe("done: 2 tests fixed");
  expect(subagents(h).subagents.at(-1)).toMatchObject({ prompt: "fix the tests", timeoutMs: 2500 });
  expect(await h.runCommand("delegate", "  ")).toBe("usage: /delegate <task>");
});

test("/bg-stop has nothing to stop once the subagents have ended (stopping a running one is tested end to end)", async () => {
  const h = await createHarness().load(EXT);
  subagents(h).answerSubagent("quick");
  await h.runCommand("bg", "a quick task");
  await settle();
  expect(await h.runCommand("bg-stop")).toBe("no background subagent is running");
});
