/**
 * Tests of plan-mode.ts: run with `kit test extensions/plan-mode.test.ts`. The harness records what the
 * extension asked of kit: h.context.activeTools is what ctx.setActiveTools set (null = every tool),
 * h.context.sentMessages what ctx.sendMessage queued for the model.
 */
import { describe, expect, test } from "bun:test";
import { assertCommandRegistered, assertHasHandlers, assertMessageSent, createHarness } from "kit/test";

const EXTENSION = `${import.meta.dir}/plan-mode.ts`;
const READ_ONLY = ["read", "grep", "find", "ls"];

describe("plan-mode", () => {
  test("registers /plan, the plan-mode option (default off) and a before_agent_start hook", async () => {
    const h = await createHarness().load(EXTENSION);
    assertCommandRegistered(h, "plan");
    assertHasHandlers(h, "before_agent_start");
    expect(h.options()).toEqual(["plan-mode"]);
    expect(h.context.getOption("plan-mode")).toBe("off");
  });

  test("off: every tool is offered and the system prompt is left alone", async () => {
    const h = await createHarness().load(EXTENSION);
    expect(await h.emit("before_agent_start", { prompt: "refactor app.ts" })).toBeUndefined();
    expect(h.context.activeTools).toBeNull();
  });

  test("/plan on: read-only tools, and every turn gets the plan note", async () => {
    const h = await createHarness().load(EXTENSION);
    expect(await h.runCommand("plan", "on")).toBe("Plan mode on: the agent can only read, grep, find, ls.");
    expect(h.context.getOption("plan-mode")).toBe("on");
    expect(h.context.activeTools).toEqual(READ_ONLY);
    expect(h.context.sentMessages).toEqual([]);

    const result = await h.emit("before_agent_start", { prompt: "split app.ts" });
    expect(result?.systemPrompt).toContain("Plan mode is on");
    expect(h.context.activeTools).toEqual(READ_ONLY);
  });

  test("/plan on <task> starts planning the task at once", async () => {
    const h = await createHarness().load(EXTENSION);
    await h.runCommand("/plan", "on how would you split src/app/app.ts?");
    assertMessageSent(h, "how would you split src/app/app.ts?");
  });

  test("/plan off gives every tool back; /plan alone toggles", async () => {
    const h = await createHarness().load(EXTENSION);
    await h.runCommand("plan", "on");
    expect(await h.runCommand("plan", "off")).toBe("Plan mode off: every tool is available again.");
    expect(h.context.activeTools).toBeNull();
    expect(await h.emit("before_agent_start", {})).toBeUndefined();

    await h.runCommand("plan");
    expect(h.context.getOption("plan-mode")).toBe("on");
    await h.runCommand("plan");
    expect(h.context.getOption("plan-mode")).toBe("off");
  });

  test("the option set elsewhere (config, KIT_OPT_PLAN_MODE) takes effect at the next turn", async () => {
    const h = await createHarness().load(EXTENSION);
    h.context.setOption("plan-mode", "on");
    const result = await h.emit("before_agent_start", {});
    expect(result?.systemPrompt).toContain("numbered plan");
    expect(h.context.activeTools).toEqual(READ_ONLY);
  });

  test("a bad argument prints the usage and changes nothing", async () => {
    const h = await createHarness().load(EXTENSION);
    expect(await h.runCommand("plan", "maybe")).toBe("usage: /plan on [task] | /plan off [task]");
    expect(h.context.getOption("plan-mode")).toBe("off");
    expect(h.context.activeTools).toBeNull();
  });
});
