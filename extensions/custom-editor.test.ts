import { describe, expect, test } from "bun:test";
import type { EditorConfig, EditorKeyAction } from "kit/ext";
import { assertCommandRegistered, createHarness, type Harness } from "kit/test";

const EXT = `${import.meta.dir}/custom-editor.ts`;
/** Errors the runner reported from the extension's handlers (recorded by the harness, beyond the kit/test types). */
const handlerErrors = (h: Harness) => (h.context as Harness["context"] & { handlerErrors: string[] }).handlerErrors;

/** What the harness records of setEditor/setEditorText (beyond the kit/test types). */
type EditorRecords = { editor: EditorConfig | undefined; editorText: string | undefined };
const recorded = (h: Harness) => h.context as Harness["context"] & EditorRecords;

async function vim(): Promise<{ h: Harness; press: (...keys: string[]) => EditorKeyAction[]; mode: () => string }> {
  const h = await createHarness().load(EXT);
  await h.emit("session_start");
  const editor = recorded(h).editor;
  if (!editor?.handleKey || !editor.render) throw new Error("no editor with handleKey and render was set");
  return {
    h,
    press: (...keys) => keys.map((k) => editor.handleKey!(k, "some text")),
    mode: () => editor.render!(80, "> some text").split("\n").at(-1)!,
  };
}

const PASS: EditorKeyAction = { type: "passthrough" };
const CONSUMED: EditorKeyAction = { type: "consumed" };
const SUBMIT: EditorKeyAction = { type: "submit" };
const remap = (key: string): EditorKeyAction => ({ type: "remap", key });

describe("custom-editor", () => {
  test("starts in insert mode: keys pass through until Escape", async () => {
    const { press, mode } = await vim();
    expect(mode()).toBe("-- INSERT --");
    expect(press("h", "d", ":", "enter")).toEqual([PASS, PASS, PASS, PASS]);
    expect(press("escape")).toEqual([CONSUMED]);
    expect(mode()).toBe("-- NORMAL --");
  });

  test("the render wrapper keeps the default editor above the mode line", async () => {
    const { h } = await vim();
    expect(recorded(h).editor!.render!(80, "line 1\nline 2")).toBe("line 1\nline 2\n-- INSERT --");
    expect(recorded(h).editor!.render!(6, "x")).toBe("x\n-- INS");
  });

  test("normal mode: hjkl, 0, $ and x are remapped to editing keys", async () => {
    const { press } = await vim();
    press("escape");
    expect(press("h", "j", "k", "l", "0", "$", "x")).toEqual(
      ["left", "down", "up", "right", "home", "end", "delete"].map(remap),
    );
  });

  test("normal mode swallows other letters but keeps enter, arrows and ctrl keys", async () => {
    const { press } = await vim();
    press("esc");
    expect(press("z", "Q", "enter", "up", "ctrl+c", "backspace")).toEqual([CONSUMED, CONSUMED, PASS, PASS, PASS, PASS]);
  });

  test("i, a, I and A enter insert mode, moving the cursor first for a, I and A", async () => {
    const { press, mode } = await vim();
    for (const [key, action] of [["i", CONSUMED], ["a", remap("right")], ["I", remap("home")], ["A", remap("end")]] as const) {
      press("escape");
      expect(press(key)).toEqual([action]);
      expect(mode()).toBe("-- INSERT --");
    }
  });

  test("dd clears the text; d then another key does not", async () => {
    const { h, press, mode } = await vim();
    press("escape");
    expect(press("d")).toEqual([CONSUMED]);
    expect(mode()).toBe("-- NORMAL -- d");
    expect(press("j")).toEqual([remap("down")]);
    expect(recorded(h).editorText).toBeUndefined();
    expect(press("d", "d")).toEqual([CONSUMED, CONSUMED]);
    expect(recorded(h).editorText).toBe("");
    expect(mode()).toBe("-- NORMAL --");
  });

  test(":w submits, shown as a command line while typed", async () => {
    const { press, mode } = await vim();
    press("escape");
    expect(press(":", "w")).toEqual([CONSUMED, CONSUMED]);
    expect(mode()).toBe(":w");
    expect(press("enter")).toEqual([SUBMIT]);
    expect(mode()).toBe("-- NORMAL --");
    // Backspace edits the command line; Escape abandons it.
    expect(press(":", "x", "backspace", "w", "q", "enter")).toEqual([CONSUMED, CONSUMED, CONSUMED, CONSUMED, CONSUMED, SUBMIT]);
    expect(press(":", "w", "escape", "enter")).toEqual([CONSUMED, CONSUMED, CONSUMED, PASS]);
  });

  test(":q and /vim off put the normal editor back; /vim brings vim keys back", async () => {
    const { h, press } = await vim();
    assertCommandRegistered(h, "vim");
    press("escape", ":", "q", "enter");
    expect(recorded(h).editor).toBeUndefined();

    expect(await h.runCommand("vim")).toBe("Vim mode on: Escape for normal mode, i to insert, :w to send.");
    expect(recorded(h).editor?.handleKey?.("escape", "")).toEqual(CONSUMED);
    expect(await h.runCommand("vim", "off")).toBe("Vim mode off.");
    expect(recorded(h).editor).toBeUndefined();
  });

  test("headless runs keep their plain input", async () => {
    const h = await createHarness({ interactive: false }).load(EXT);
    await h.emit("session_start");
    expect(recorded(h).editor).toBeUndefined();
    expect(handlerErrors(h)).toEqual([]);
  });
});
