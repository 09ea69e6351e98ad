import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { SessionMessage } from "kit/ext";
import { createHarness } from "kit/test";

const file = join(import.meta.dir, "confirm-destructive.ts");
/** The prompts the MockContext recorded (a harness extra beyond the contract's MockContext). */
const prompts = (h: { context: unknown }) => (h.context as { prompts: { kind: string; message: string }[] }).prompts;
const conversation = (count: number): SessionMessage[] =>
  Array.from({ length: count }, (_, i) => ({ id: `m${i}`, parentId: null, role: i % 2 ? "assistant" : "user", content: `m${i}`, timestamp: "" }));

describe("confirm-destructive", () => {
  test("a fork names the message it starts from and goes ahead only when confirmed", async () => {
    const h = await createHarness().load(file);
    const fork = { targetId: "e7", isUserMessage: true, userText: "refactor   the\nparser" };

    h.context.answerConfirm({ value: true });
    expect(await h.emit("before_fork", fork)).toBeUndefined();
    expect(prompts(h)[0]!.message).toBe('Fork from your message "refactor the parser"? The new branch leaves out everything after it.');

    h.context.answerConfirm({ value: false });
    expect(await h.emit("before_fork", fork)).toEqual({ cancel: true, reason: "the fork was not confirmed" });

    h.context.answerConfirm({ cancelled: true });
    expect((await h.emit("before_fork", fork))?.cancel).toBe(true);
  });

  test("a headless run cancels, as its prompts are", async () => {
    const h = await createHarness({ interactive: false }).load(file);
    expect((await h.emit("before_fork", { userText: "x" }))?.cancel).toBe(true);
    h.context.getMessages = () => conversation(2);
    expect((await h.emit("before_session_switch", { reason: "resume" }))?.cancel).toBe(true);
  });

  test("a session switch asks when there is a conversation to leave", async () => {
    const h = await createHarness().load(file);
    h.context.getMessages = () => conversation(4);

    h.context.answerConfirm({ value: false });
    expect(await h.emit("before_session_switch", { reason: "clear" })).toEqual({ cancel: true, reason: "clear the conversation was not confirmed" });
    expect(prompts(h).at(-1)!.message).toBe("Clear the conversation? The current conversation (4 message(s)) will be left and cleared.");

    h.context.answerConfirm({ value: true });
    expect(await h.emit("before_session_switch", { reason: "new", initialPrompt: "hi" })).toBeUndefined();
    expect(prompts(h).at(-1)!.message).toStartWith("Start a new session?");
  });

  test("ctx.newSession is refused unless confirmed, and an empty session switches without asking", async () => {
    const h = await createHarness().load(file);
    await h.context.newSession(); // nothing to lose yet
    expect(prompts(h)).toHaveLength(0);

    h.context.getMessages = () => conversation(2);
    await expect(h.context.newSession("next task")).rejects.toThrow("not confirmed");
    h.context.answerConfirm({ value: true });
    await h.context.newSession("next task");
    expect(h.context.sentMessages).toEqual(["next task"]);
  });
});
