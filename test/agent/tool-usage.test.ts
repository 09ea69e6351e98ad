/**
 * Usage a tool reports (ToolOutput.usage: a subagent's model calls) counts in the turn's aggregates,
 * next to the turn's own calls; an unknown price makes the turn's cost unknown, and it counts against
 * --max-cost like the turn's own spending.
 */
import { expect, test } from "bun:test";
import { text, toolCall } from "../support/mock-llm.ts";
import { drive, fakeTool } from "./harness.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";

const mock = useMockLLM();

const delegating = (cost: number | undefined) =>
  fakeTool({
    name: "delegate",
    execute: async () => ({ content: "child answer", usage: { tokens: { input: 100, output: 40, cacheRead: 7, cacheWrite: 3 }, cost } }),
  });

test("a tool's reported tokens and cost are added to the turn's", async () => {
  mock.push(toolCall("delegate", { id: "x" }, { usage: { input: 10, output: 5 } }), text("done", { usage: { input: 20, output: 6 } }));
  const { result } = await drive({ mock, tools: [delegating(0.25)], costOf: () => 0.01 });
  expect(result.aggregates.usage).toEqual({ input: 130, output: 51, cacheRead: 7, cacheWrite: 3 });
  expect(result.aggregates.cost).toBeCloseTo(0.27, 10);
  expect(result.aggregates.costKnown).toBe(true);
  // The tool's model calls are not the turn's own calls.
  expect(result.aggregates.llmCallCount).toBe(2);
});

test("an unknown price reported by a tool makes the turn's cost unknown", async () => {
  const none = { usage: { input: 0, output: 0 } };
  mock.push(toolCall("delegate", { id: "x" }, none), text("done", none));
  const { result } = await drive({ mock, tools: [delegating(undefined)], costOf: () => 0 });
  expect(result.aggregates.costKnown).toBe(false);
  expect(result.aggregates.usage.input).toBe(100);
});

test("what a tool spent counts against the cost limit", async () => {
  mock.push(toolCall("delegate", { id: "x" }), toolCall("delegate", { id: "y" }));
  const { result } = await drive({ mock, tools: [delegating(1)], costOf: () => 0, maxCost: 0.5 });
  // The model's own calls cost nothing; the first delegation cost 1, so the second is not run.
  expect(result.stopReason).toBe("max_cost");
  expect(result.aggregates.cost).toBe(1);
  expect(result.aggregates.toolNames).toEqual(["delegate", "delegate"]);
});
