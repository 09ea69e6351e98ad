/**
 * The Context an extension gets from a real app (extensions/context.ts over KitApp): the groups the
 * app builds (session data, output, model control) are spread into it, and nothing of the app's
 * internals may come along.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createContext } from "../../src/extensions/context.ts";
import { startMockLLM, type MockLLM } from "../support/mock-llm.ts";
import { testApp } from "./helpers.ts";

let mock: MockLLM;
beforeAll(async () => {
  mock = await startMockLLM();
});
afterAll(async () => {
  await mock.close();
});

const services = { getOption: () => "", setOption: () => {}, emitCustomEvent: () => {} };

test("every member of the Context is a contract function or the run's description, no app internals", () => {
  const { app } = testApp({ mock });
  const ctx = createContext(app, services) as unknown as Record<string, unknown>;
  const description = ["sessionId", "cwd", "model", "interactive"];
  const notFunctions = Object.keys(ctx).filter((k) => !description.includes(k) && typeof ctx[k] !== "function");
  expect(notFunctions).toEqual([]);
  for (const k of ["getContextStats", "listState", "print", "renderMessage", "setModel", "callMcpTool"]) expect(typeof ctx[k]).toBe("function");
});

test("the spread members answer from the app: state, output and the tools' allow-list", () => {
  const { app, output } = testApp({ mock });
  const ctx = createContext(app, services);
  ctx.setState("k", "v");
  expect(ctx.getState("k")).toBe("v");
  ctx.print("hello");
  expect(output.prints).toContain("hello");
  ctx.setActiveTools(["read"]);
  expect(ctx.getAllTools().filter((t) => t.enabled).map((t) => t.name)).toEqual(["read"]);
});
