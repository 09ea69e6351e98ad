/**
 * The owners of the interactive UI's key state: double presses (Ctrl+C Ctrl+C quits) with their hint, and an extension's editor (ctx.setEditor), removed when it throws.
 */
import { expect, test } from "bun:test";
import { CustomEditor } from "../../../src/modes/interactive/custom-editor.ts";
import { DoublePresses } from "../../../src/modes/interactive/double-press.ts";
import { waitUntil } from "../../support/process-facts.ts";

test("the second press in time counts, shows no hint, and the next press is a first one again", () => {
  let changes = 0;
  const presses = new DoublePresses(() => changes++);
  expect(presses.press("ctrl+c", "Press Ctrl+C again to quit")).toBe(false);
  expect(presses.hint).toBe("Press Ctrl+C again to quit");
  expect(changes).toBe(1);
  expect(presses.press("ctrl+c", "Press Ctrl+C again to quit")).toBe(true);
  expect(presses.press("ctrl+c", "Press Ctrl+C again to quit")).toBe(false);
  presses.dispose();
});

test("a key in between makes the next press a first one; the next key takes the hint away", () => {
  const presses = new DoublePresses(() => {});
  presses.press("ctrl+c", "Press Ctrl+C again to quit");
  presses.keyArrived();
  expect(presses.hint).toBeUndefined();
  presses.forget("ctrl+c");
  expect(presses.press("ctrl+c", "Press Ctrl+C again to quit")).toBe(false);
  presses.dispose();
});

test("the hint goes by itself once a second press would no longer count", async () => {
  let changes = 0;
  const presses = new DoublePresses(() => changes++);
  presses.press("ctrl+c", "Press Ctrl+C again to quit");
  await waitUntil("the hint to go", () => presses.hint === undefined, 5000);
  expect(changes).toBe(2);
});

test("an extension's editor that throws is removed and reported; kit's editor is back", () => {
  const reports: string[] = [];
  const editor = new CustomEditor(() => {}, (m) => void reports.push(m));
  expect(editor.handlesKeys).toBe(false);
  editor.set({
    handleKey: (key) => {
      if (key === "x") throw new Error("boom");
      return { type: "consumed" };
    },
    render: (_, own) => `[${own}]`,
  });
  expect(editor.handlesKeys).toBe(true);
  expect(editor.handleKey("a", "")).toEqual({ type: "consumed" });
  expect(editor.render(20, ["one", "two"])).toBe("[one\ntwo]");
  expect(editor.handleKey("x", "")).toBeUndefined();
  expect(reports).toEqual(["the extension's editor failed on a key and was removed: boom"]);
  expect(editor.handlesKeys).toBe(false);
  expect(editor.render(20, ["one"])).toBeUndefined();

  editor.set({ render: () => { throw new Error("bad frame"); } });
  expect(editor.render(20, ["one"])).toBeUndefined();
  expect(reports.at(-1)).toBe("the extension's editor failed to render and was removed: bad frame");
});
