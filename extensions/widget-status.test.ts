import { afterEach, beforeEach, describe, expect, spyOn, test } from "bun:test";
import { assertWidgetNotSet, assertWidgetSet, assertWidgetText, createHarness, type Harness } from "kit/test";

const EXT = `${import.meta.dir}/widget-status.ts`;
/** Errors the runner reported from the extension's handlers (recorded by the harness, beyond the kit/test types). */
const handlerErrors = (h: Harness) => (h.context as Harness["context"] & { handlerErrors: string[] }).handlerErrors;
const ID = "widget-status";

// A fake clock, so elapsed times and the spinner frame are exact.
let now = 0;
let clock: { mockRestore(): void };
beforeEach(() => {
  now = 1_000_000;
  clock = spyOn(Date, "now").mockImplementation(() => now);
});
afterEach(() => clock.mockRestore());

const widget = (h: Harness) => h.context.widgets.get(ID);

async function started(): Promise<Harness> {
  const h = await createHarness().load(EXT);
  await h.emit("session_start");
  return h;
}

describe("widget-status", () => {
  test("idle at start: static markdown above the editor", async () => {
    const h = await started();
    assertWidgetText(h, ID, "**Idle** · no tools run yet");
    expect(widget(h)?.placement).toBe("above");
    expect(widget(h)?.content.markdown).toBe(true);
    expect(widget(h)?.content.refreshHz).toBe(0);
  });

  test("running tools are rendered live, one line each, with their elapsed time", async () => {
    const h = await started();
    await h.emit("tool_execution_start", { toolCallId: "c1", toolName: "bash" });
    assertWidgetSet(h, ID);
    expect(widget(h)?.content.refreshHz).toBe(10);
    expect(typeof widget(h)?.content.render).toBe("function");
    assertWidgetText(h, ID, "⠋ bash 0.0s");

    now += 1500;
    await h.emit("tool_execution_start", { toolCallId: "c2", toolName: "read" });
    now += 250;
    // The same render function shows the current state each time the UI redraws it.
    assertWidgetText(h, ID, "⠧ bash 1.8s\n⠧ read 0.3s");
    expect(widget(h)!.content.render!(8)).toBe("⠧ bash…\n⠧ read…");

    await h.emit("tool_execution_end", { toolCallId: "c1", toolName: "bash" });
    assertWidgetText(h, ID, "⠧ read 0.3s");
    expect(widget(h)?.content.refreshHz).toBe(10);
  });

  test("back to idle markdown with the last tool when the last one ends", async () => {
    const h = await started();
    await h.emit("tool_execution_start", { toolCallId: "c1", toolName: "grep" });
    now += 420;
    await h.emit("tool_execution_end", { toolCallId: "c1", toolName: "grep" });
    assertWidgetText(h, ID, "**Idle** · last tool: `grep` (0.4s)");
    expect(widget(h)?.content.refreshHz).toBe(0);
    expect(widget(h)?.content.render).toBeUndefined();
  });

  test("calls left running when a turn ends are dropped", async () => {
    const h = await started();
    await h.emit("tool_execution_start", { toolCallId: "c1", toolName: "bash" });
    await h.emit("agent_end", { stopReason: "cancelled" });
    assertWidgetText(h, ID, "**Idle** · no tools run yet");
  });

  test("removed on shutdown; nothing shown headless", async () => {
    const h = await started();
    await h.emit("session_shutdown");
    assertWidgetNotSet(h, ID);

    const headless = await createHarness({ interactive: false }).load(EXT);
    await headless.emit("session_start");
    await headless.emit("tool_execution_start", { toolName: "bash" });
    assertWidgetNotSet(headless, ID);
    expect(handlerErrors(headless)).toEqual([]);
  });
});
