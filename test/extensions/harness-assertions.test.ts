/**
 * The 22 assertions of kit/test: each passes when its condition holds and otherwise throws an Error
 * whose message names the assertion, what was expected and what happened.
 */
import { describe, expect, test } from "bun:test";
import * as kitTest from "../../src/extensions/harness/index.ts";
import { ASSERTION_NAMES, createHarness, kitTestRuntimeExports, type Harness } from "../../src/extensions/harness/index.ts";

const {
  assertBlocked,
  assertNotBlocked,
  assertInputHandled,
  assertInputTransformed,
  assertPrinted,
  assertPrintedContains,
  assertInfo,
  assertError,
  assertWidgetSet,
  assertWidgetNotSet,
  assertWidgetText,
  assertWidgetTextContains,
  assertHeaderSet,
  assertFooterSet,
  assertStatusSet,
  assertStatusText,
  assertHasHandlers,
  assertNoHandlers,
  assertToolRegistered,
  assertCommandRegistered,
  assertMessageSent,
  assertCancelAndSend,
} = kitTest;

/** The message of what `fn` throws (fails the test when it does not throw). */
function failure(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return (err as Error).message;
  }
  throw new Error("expected the assertion to throw, but it passed");
}

const EXT = `export default (kit: any) => {
  kit.onToolCall(() => undefined);
  kit.registerTool({ name: "count", description: "", parameters: {}, execute: () => "1" });
  kit.registerCommand({ name: "show", description: "", execute: (_a: string, ctx: any) => {
    ctx.print("hello world");
    ctx.printInfo("3 files");
    ctx.printError("disk full");
    ctx.setWidget({ id: "todo", content: { text: "2 open tasks" } });
    ctx.setWidget({ id: "clock", content: { text: "ignored", render: (w: number) => "12:00 at " + w } });
    ctx.setHeader({ content: { text: "head" } });
    ctx.setFooter({ content: { text: "foot" } });
    ctx.setStatus("git", "main", 2);
    ctx.sendMessage("run the tests");
    ctx.cancelAndSend("stop and fix");
  } });
  kit.registerCommand({ name: "fail", description: "", execute: () => {} });
  kit.onInput(() => { throw new Error("input hook crashed"); });
};`;

async function shown(opts: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  const h = await createHarness(opts).loadString(EXT);
  await h.runCommand("show");
  return h;
}

test("kit/test exports createHarness and exactly the 22 assertions of the contract", () => {
  expect(ASSERTION_NAMES).toHaveLength(22);
  const exported = kitTestRuntimeExports();
  expect(Object.keys(exported).sort()).toEqual(["createHarness", ...ASSERTION_NAMES].sort());
  for (const name of ASSERTION_NAMES) expect(typeof exported[name]).toBe("function");
});

describe("results of emit", () => {
  test("assertBlocked", () => {
    assertBlocked({ block: true, reason: "Dangerous command" });
    assertBlocked({ block: true, reason: "Dangerous command" }, "Dangerous");
    expect(failure(() => assertBlocked({ block: false }, "Dangerous"))).toBe(
      'assertBlocked: expected the tool call to be blocked with a reason containing "Dangerous", but the result was {block: false}',
    );
    expect(failure(() => assertBlocked(undefined))).toBe("assertBlocked: expected the tool call to be blocked, but the result was undefined (no handler returned a result)");
    expect(failure(() => assertBlocked({ block: true, reason: "read-only" }, "Dangerous"))).toBe(
      'assertBlocked: expected the tool call to be blocked with a reason containing "Dangerous", but it was blocked with the reason "read-only"',
    );
    expect(failure(() => assertBlocked(Promise.resolve({ block: true })))).toContain("but got a Promise: await the h.emit(...) call");
  });

  test("assertNotBlocked", () => {
    assertNotBlocked(undefined);
    assertNotBlocked({ block: false });
    expect(failure(() => assertNotBlocked({ block: true, reason: "nope" }))).toBe('assertNotBlocked: expected the tool call not to be blocked, but it was blocked with the reason "nope"');
    expect(failure(() => assertNotBlocked(Promise.resolve(undefined)))).toContain("but got a Promise");
    expect(failure(() => assertNotBlocked({ action: "handled" }))).toBe('assertNotBlocked: expected a tool_call result ({block: false} or undefined), but got {action: "handled"}');
  });

  test("assertInputHandled", () => {
    assertInputHandled({ action: "handled" });
    expect(failure(() => assertInputHandled({ action: "transform", text: "x" }))).toBe(
      'assertInputHandled: expected the input to be handled ({action: "handled"}), but the result was {action: "transform", text: "x"}',
    );
    expect(failure(() => assertInputHandled(undefined))).toContain("but the result was undefined");
  });

  test("assertInputTransformed", () => {
    assertInputTransformed({ action: "transform", text: "HELLO" }, "HELLO");
    expect(failure(() => assertInputTransformed({ action: "transform", text: "hello" }, "HELLO"))).toBe(
      'assertInputTransformed: expected the input to be transformed to "HELLO", but the result was {action: "transform", text: "hello"}',
    );
    expect(failure(() => assertInputTransformed({ action: "handled" }, "x"))).toContain('but the result was {action: "handled"}');
  });
});

describe("output", () => {
  test("assertPrinted (exact) and assertPrintedContains", async () => {
    const h = await shown();
    assertPrinted(h, "hello world");
    assertPrintedContains(h, "lo wo");
    expect(failure(() => assertPrinted(h, "hello"))).toBe('assertPrinted: expected "hello" to be printed (ctx.print), but the prints were ["hello world"]');
    expect(failure(() => assertPrintedContains(h, "bye"))).toBe('assertPrintedContains: expected a print (ctx.print) containing "bye", but the prints were ["hello world"]');
    expect(failure(() => assertPrinted(createHarness(), "x"))).toBe('assertPrinted: expected "x" to be printed (ctx.print), but there were no prints');
  });

  test("assertInfo and assertError", async () => {
    const h = await shown();
    assertInfo(h, "3 files");
    assertError(h, "disk full");
    expect(failure(() => assertInfo(h, "3"))).toBe('assertInfo: expected the info message "3" (ctx.printInfo), but the info messages were ["3 files"]');
    expect(failure(() => assertError(h, "disk"))).toBe('assertError: expected the error message "disk" (ctx.printError), but the error messages were ["disk full"]');
  });

  test("failures on the harness list the handler errors the runner reported", async () => {
    const h = await shown();
    await h.emit("input", { text: "x" });
    const message = failure(() => assertPrinted(h, "nothing"));
    expect(message).toContain("Extension handler errors so far:");
    expect(message).toContain("input handler failed: input hook crashed");
  });
});

describe("chrome", () => {
  test("assertWidgetSet and assertWidgetNotSet", async () => {
    const h = await shown();
    assertWidgetSet(h, "todo");
    assertWidgetNotSet(h, "nope");
    expect(failure(() => assertWidgetSet(h, "nope"))).toBe('assertWidgetSet: expected the widget "nope" to be set, but no widget "nope" is set; the widgets set were ["todo", "clock"]');
    expect(failure(() => assertWidgetNotSet(h, "todo"))).toBe('assertWidgetNotSet: expected no widget "todo", but it is set and shows "2 open tasks"');
  });

  test("assertWidgetText (exact) and assertWidgetTextContains; render wins over text", async () => {
    const h = await shown();
    assertWidgetText(h, "todo", "2 open tasks");
    assertWidgetText(h, "clock", "12:00 at 80");
    assertWidgetTextContains(h, "todo", "open");
    expect(failure(() => assertWidgetText(h, "todo", "2 open"))).toBe('assertWidgetText: expected the widget "todo" to show "2 open", but it shows "2 open tasks"');
    expect(failure(() => assertWidgetTextContains(h, "todo", "closed"))).toBe('assertWidgetTextContains: expected the widget "todo" to show a text containing "closed", but it shows "2 open tasks"');
    expect(failure(() => assertWidgetText(h, "none", "x"))).toContain('assertWidgetText: expected the widget "none" to show "x", but no widget "none" is set');
  });

  test("assertHeaderSet and assertFooterSet", async () => {
    const h = await shown();
    assertHeaderSet(h);
    assertFooterSet(h);
    const empty = createHarness();
    expect(failure(() => assertHeaderSet(empty))).toBe("assertHeaderSet: expected a header to be set (ctx.setHeader), but none is set");
    expect(failure(() => assertFooterSet(empty))).toBe("assertFooterSet: expected a footer to be set (ctx.setFooter), but none is set");
  });

  test("assertStatusSet and assertStatusText", async () => {
    const h = await shown();
    assertStatusSet(h, "git");
    assertStatusText(h, "git", "main");
    expect(failure(() => assertStatusSet(h, "model"))).toBe('assertStatusSet: expected the status "model" to be set, but no status "model" is set; the statuses set were ["git"]');
    expect(failure(() => assertStatusText(h, "git", "dev"))).toBe('assertStatusText: expected the status "git" to show "dev", but it shows "main"');
  });

  test("in a non-interactive harness the chrome failures say why nothing was recorded", async () => {
    const h = await shown({ interactive: false });
    for (const fn of [() => assertWidgetSet(h, "todo"), () => assertHeaderSet(h), () => assertFooterSet(h), () => assertStatusSet(h, "git")]) {
      expect(failure(fn)).toContain("this harness is not interactive, so UI calls are ignored");
    }
  });
});

describe("registrations", () => {
  test("assertHasHandlers and assertNoHandlers", async () => {
    const h = await shown();
    assertHasHandlers(h, "tool_call");
    assertNoHandlers(h, "agent_end");
    expect(failure(() => assertHasHandlers(h, "agent_end"))).toBe('assertHasHandlers: expected handlers for "agent_end", but none are registered; the events with handlers were ["input", "tool_call"]');
    expect(failure(() => assertNoHandlers(h, "tool_call"))).toBe('assertNoHandlers: expected no handlers for "tool_call", but the extension registered some');
    expect(failure(() => assertHasHandlers(h, "toolcall" as never))).toStartWith('assertHasHandlers: "toolcall" is not an event; events are: session_start, ');
  });

  test("assertToolRegistered and assertCommandRegistered (with or without the slash)", async () => {
    const h = await shown();
    assertToolRegistered(h, "count");
    assertCommandRegistered(h, "show");
    assertCommandRegistered(h, "/show");
    expect(failure(() => assertToolRegistered(h, "sum"))).toBe('assertToolRegistered: expected the tool "sum" to be registered, but the registered tools were ["count"]');
    expect(failure(() => assertCommandRegistered(h, "/hide"))).toBe('assertCommandRegistered: expected the command "hide" to be registered, but the registered commands were ["show", "fail"]');
  });
});

describe("conversation", () => {
  test("assertMessageSent and assertCancelAndSend", async () => {
    const h = await shown();
    assertMessageSent(h, "run the tests");
    assertCancelAndSend(h, "stop and fix");
    expect(failure(() => assertMessageSent(h, "stop and fix"))).toBe('assertMessageSent: expected the message "stop and fix" to be sent (ctx.sendMessage), but the messages sent were ["run the tests"]');
    expect(failure(() => assertCancelAndSend(h, "run the tests"))).toBe('assertCancelAndSend: expected ctx.cancelAndSend with "run the tests", but the cancelAndSend texts were ["stop and fix"]');
  });
});
