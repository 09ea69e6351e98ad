import { describe, expect, test } from "bun:test";
import { assertCommandRegistered, assertInfo, assertPrinted, createHarness, type Harness } from "kit/test";

const EXT = `${import.meta.dir}/prompt-demo.ts`;

/** The harness records every prompt it was shown (beyond the kit/test types). */
type Shown = { kind: string; message: string; config: Record<string, unknown>; answered: boolean };
const shown = (h: Harness) => (h.context as Harness["context"] & { prompts: Shown[] }).prompts;

describe("prompt-demo", () => {
  test("walks through every prompt kind and prints the answers", async () => {
    const h = await createHarness().load(EXT);
    assertCommandRegistered(h, "survey");
    const c = h.context;
    c.answerSelect({ value: "Rust" });
    c.answerInput({ value: "Ada" });
    c.answerInput({ value: "hunter2" });
    c.answerConfirm({ value: false });
    c.answerMultiSelect({ indices: [0, 2] });
    await h.runCommand("survey");

    expect(shown(h).map((p) => p.kind)).toEqual(["select", "input", "input", "confirm", "multiSelect"]);
    expect(shown(h).every((p) => p.answered)).toBe(true);
    expect(shown(h)[2]!.config.mask).toBe(true);
    expect(shown(h)[1]!.config.mask).toBeUndefined();
    expect(c.prints).toEqual([
      "Thanks, Ada! You answered:",
      "  language:  Rust",
      "  secret:    ••••••• (7 characters, kept to yourself)",
      "  terminal:  no",
      "  features:  Extensions, Subagents",
    ]);
    expect(c.prints.join("\n")).not.toContain("hunter2");
  });

  test("Enter on every prompt takes the defaults", async () => {
    const h = await createHarness().load(EXT);
    const c = h.context;
    c.answerSelect({});
    c.answerInput({});
    c.answerInput({});
    c.answerConfirm({});
    c.answerMultiSelect({});
    await h.runCommand("survey");
    assertPrinted(h, "Thanks, friend! You answered:");
    assertPrinted(h, "  language:  TypeScript");
    assertPrinted(h, "  secret:    (none)");
    assertPrinted(h, "  terminal:  yes");
    assertPrinted(h, "  features:  Extensions");
  });

  test("Esc in the middle ends the survey politely and asks nothing more", async () => {
    const h = await createHarness().load(EXT);
    h.context.answerSelect({ value: "Go" });
    h.context.answerInput({ cancelled: true });
    await h.runCommand("survey");
    assertInfo(h, "Survey cancelled — no problem, nothing was kept.");
    expect(h.context.prints).toEqual([]);
    expect(shown(h).map((p) => p.kind)).toEqual(["select", "input"]);
  });

  test("headless: the first prompt is cancelled, so it says where to run it", async () => {
    const h = await createHarness({ interactive: false }).load(EXT);
    await h.runCommand("survey");
    assertInfo(h, "The survey needs the interactive terminal; run /survey there.");
    expect(shown(h).map((p) => p.answered)).toEqual([false]);
  });
});
