/**
 * Tests of usage-budget.ts: run with `kit test extensions/usage-budget.test.ts`. The harness keeps the
 * session's extension state in h.context.state (what ctx.setState wrote) and records ctx.printInfo and
 * ctx.printError in h.context.infos and h.context.errors.
 */
import { describe, expect, test } from "bun:test";
import { assertBlocked, assertError, assertHasHandlers, assertInfo, assertNotBlocked, createHarness } from "kit/test";

const EXTENSION = `${import.meta.dir}/usage-budget.ts`;

const bash = { toolName: "bash", args: { command: "ls" } };

describe("usage-budget", () => {
  test("registers its option (default 0 = no limit) and hooks usage, turn ends and tool calls", async () => {
    const h = await createHarness().load(EXTENSION);
    expect(h.options()).toEqual(["usage-budget-usd"]);
    expect(h.context.getOption("usage-budget-usd")).toBe("0");
    assertHasHandlers(h, "llm_usage");
    assertHasHandlers(h, "agent_end");
    assertHasHandlers(h, "tool_call");
  });

  test("adds up the cost of every model call in the session's state", async () => {
    const h = await createHarness().load(EXTENSION);
    await h.emit("llm_usage", { cost: 0.25 });
    await h.emit("llm_usage", { cost: 0.5 });
    expect(h.context.getState("usage-budget.spent-usd")).toBe("0.75");
    expect(h.context.getState("usage-budget.llm-calls")).toBe("2");
  });

  test("reports each turn's usage as an info line", async () => {
    const h = await createHarness().load(EXTENSION);
    await h.emit("llm_usage", { cost: 0.0123 });
    await h.emit("agent_end", { llmCallCount: 1, toolNames: ["read", "bash"], inputTokensDelta: 1200, outputTokensDelta: 80, costDelta: 0.0123 });
    assertInfo(h, "usage this turn: 1 model call(s), 2 tool call(s), 1200 input + 80 output tokens, $0.0123; session total $0.0123");
    expect(h.context.errors).toEqual([]);
  });

  test("without a budget, tool calls are never refused", async () => {
    const h = await createHarness().load(EXTENSION);
    await h.emit("llm_usage", { cost: 1000 });
    assertNotBlocked(await h.emit("tool_call", bash));
  });

  test("under the budget tool calls go through; once it is spent they are refused and the turn end says so", async () => {
    const h = await createHarness().load(EXTENSION);
    h.context.setOption("usage-budget-usd", "0.5");
    await h.emit("llm_usage", { cost: 0.3 });
    assertNotBlocked(await h.emit("tool_call", bash));

    await h.emit("llm_usage", { cost: 0.3 });
    assertBlocked(await h.emit("tool_call", bash), "the usage budget of $0.5000 is spent ($0.6000 so far)");
    await h.emit("agent_end", { llmCallCount: 2, costDelta: 0.6 });
    assertInfo(h, "usage this turn: 2 model call(s), 0 tool call(s), 0 input + 0 output tokens, $0.6000; session total $0.6000 of $0.5000");
    assertError(h, "usage budget of $0.5000 is spent ($0.6000); tool calls are refused until it is raised (KIT_OPT_USAGE_BUDGET_USD)");
  });

  test("a session resumed with spend in its state starts where it left off", async () => {
    const h = await createHarness().load(EXTENSION);
    h.context.setState("usage-budget.spent-usd", "2");
    h.context.setOption("usage-budget-usd", "2");
    assertBlocked(await h.emit("tool_call", bash), "is spent");
    h.context.setOption("usage-budget-usd", "3");
    assertNotBlocked(await h.emit("tool_call", bash));
  });
});
