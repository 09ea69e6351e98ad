import { describe, expect, test } from "bun:test";
import { layout, View } from "../../../src/modes/interactive/view.ts";
import { nextTurn, VirtualTerminal } from "../virtual-terminal.ts";

const parts = (over: Partial<Parameters<typeof layout>[0]> = {}): Parameters<typeof layout>[0] => ({
  header: [],
  turn: [],
  widgetsAbove: [],
  activity: [],
  queued: [],
  completion: [],
  separator: ["──"],
  input: { lines: ["› hi"], cursor: { row: 0, col: 4 } },
  widgetsBelow: [],
  hint: [],
  status: ["status"],
  footer: [],
  ...over,
});

describe("layout", () => {
  test("parts in order, the cursor placed on the input's row", () => {
    const out = layout(parts({ header: ["H"], turn: ["T1", "T2"], widgetsAbove: ["WA"], activity: ["spin"], queued: ["Q"], widgetsBelow: ["WB"], hint: ["hint"], footer: ["F"] }));
    expect(out.lines).toEqual(["H", "T1", "T2", "WA", "spin", "Q", "──", "› hi", "WB", "hint", "status", "F"]);
    expect(out.cursor).toEqual({ row: 7, col: 4 });
  });

  test("no cursor when the input has none (an extension's editor, a list)", () => {
    expect(layout(parts({ input: { lines: ["x"] } })).cursor).toBeNull();
  });
});

describe("View", () => {
  test("lines committed in a frame are written once, above the live region that replaces them", async () => {
    const vt = new VirtualTerminal(30, 8);
    let live = ["streaming…", "› "];
    const view = new View(vt, () => ({ lines: live, cursor: null }));
    view.draw();
    view.commit(["done line 1", "done line 2"]);
    live = ["› "];
    view.invalidate();
    view.invalidate();
    await nextTurn();
    await nextTurn();
    expect(await vt.lines()).toEqual(["done line 1", "done line 2", "› "]);
    // One frame for the first draw, one for the commit with its new live region.
    expect(view.renderer.stats.frames).toBe(2);
  });

  test("many changes in one turn of the event loop are one frame; nothing is written when nothing changed", async () => {
    const vt = new VirtualTerminal(30, 8);
    let n = 0;
    const view = new View(vt, () => ({ lines: [`frame ${n}`], cursor: null }));
    for (n = 1; n <= 5; n++) view.invalidate();
    await nextTurn();
    expect(view.renderer.stats.frames).toBe(1);
    expect(await vt.lines()).toEqual(["frame 6"]);
    view.invalidate();
    await nextTurn();
    expect(view.renderer.stats.frames).toBe(1);
  });

  test("suspended, it draws nothing; resumed, it draws the live region again", async () => {
    const vt = new VirtualTerminal(30, 8);
    const view = new View(vt, () => ({ lines: ["live"], cursor: null }));
    view.draw();
    view.suspend(true);
    expect(await vt.lines()).toEqual([]);
    view.invalidate();
    await nextTurn();
    expect(await vt.lines()).toEqual([]);
    view.resume();
    expect(await vt.lines()).toEqual(["live"]);
  });
});
