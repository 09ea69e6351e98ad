import { describe, expect, test } from "bun:test";
import { ConfirmModal, InputModal, ModalQueue, MultiSelectModal, SelectModal } from "../../../src/modes/interactive/modals.ts";
import { OverlayModal } from "../../../src/modes/interactive/overlay-modal.ts";
import { key, typing } from "../../../src/ui/components/input.ts";
import { plain } from "../components/support.ts";

/** A queue and a function that opens a modal in it and keeps its result. */
function queue() {
  const q = new ModalQueue(() => {});
  const results: unknown[] = [];
  const open = <R>(make: (finish: (r: R) => void) => import("../../../src/modes/interactive/modals.ts").Modal) => void q.open(make).then((r) => results.push(r));
  const press = (...names: string[]) => names.forEach((n) => q.handle(key(n)));
  const type = (text: string) => typing(text).forEach((k) => q.handle(k));
  return { q, results, open, press, type, settle: () => new Promise((r) => setTimeout(r, 0)) };
}

describe("modals", () => {
  test("select: filter by typing, move, Enter picks; Esc cancels", async () => {
    const m = queue();
    m.open<unknown>((finish) => new SelectModal("Pick", [{ label: "apple" }, { label: "banana" }, { label: "cherry" }], (c) => finish(c?.item.label ?? "cancelled")));
    expect(m.q.active!.render(30, plain).lines.slice(0, 5)).toEqual(["Pick", "› Type to filter", "› apple", "  banana", "  cherry"]);
    m.type("an");
    m.press("enter");
    m.open<unknown>((finish) => new SelectModal("Pick", [{ label: "x" }], (c) => finish(c?.item.label ?? "cancelled")));
    m.press("escape");
    await m.settle();
    expect(m.results).toEqual(["banana", "cancelled"]);
    expect(m.q.active).toBeUndefined();
  });

  test("a message's lines are the dialog's first lines, each wrapped to the width; the input's cursor is under them", () => {
    const m = queue();
    const message = "Run this prompt:\r\n  make deploy\n\nProceed with every step of it?";
    m.open<unknown>((finish) => new ConfirmModal(message, true, finish));
    expect(m.q.active!.render(20, plain).lines.slice(0, 6)).toEqual(["Run this prompt:", "  make deploy", "", "Proceed with every", "step of it?", "  [Yes]   No "]);
    m.press("enter");
    const select = new SelectModal("Pick\none", [{ label: "a" }], () => {});
    select.subtitle = "(sub)";
    expect(select.render(30, plain).lines.slice(0, 2)).toEqual(["Pick", "one  (sub)"]);
    const input = new InputModal({ message: "Name\nit" }, () => {}).render(30, plain);
    expect(input.lines.slice(0, 3)).toEqual(["Name", "it", "› "]);
    expect(input.cursor).toEqual({ row: 2, col: 2 });
  });

  test("confirm: y, n, arrows and Enter, Esc", async () => {
    const m = queue();
    const confirm = (d: boolean) => m.open<unknown>((finish) => new ConfirmModal("Sure?", d, finish));
    confirm(true);
    expect(m.q.active!.render(30, plain).lines[1]).toBe("  [Yes]   No ");
    m.press("right", "enter");
    confirm(false);
    m.press("y");
    confirm(true);
    m.press("escape");
    await m.settle();
    expect(m.results).toEqual([{ cancelled: false, value: false }, { cancelled: false, value: true }, { cancelled: true, value: false }]);
  });

  test("input: editing keys, a default, and a mask that never shows the text", async () => {
    const m = queue();
    m.open<unknown>((finish) => new InputModal({ message: "Secret", mask: true, default: "ab" }, finish));
    m.type("cd");
    m.press("left", "backspace");
    const view = m.q.active!.render(30, plain);
    expect(view.lines[1]).toBe("› •••");
    expect(view.cursor).toEqual({ row: 1, col: 4 });
    m.press("enter");
    m.open<unknown>((finish) => new InputModal({ message: "Name", placeholder: "your name" }, finish));
    expect(m.q.active!.render(30, plain).lines[1]).toBe("› your name");
    m.press("escape");
    await m.settle();
    expect(m.results).toEqual([{ cancelled: false, value: "abd" }, { cancelled: true, value: "" }]);
  });

  test("multi-select: all selected by default, Space toggles, a and n, Enter confirms", async () => {
    const m = queue();
    m.open<unknown>((finish) => new MultiSelectModal({ message: "Pick", options: ["a", "b", "c"] }, finish));
    m.press("down", "space");
    expect(m.q.active!.render(60, plain).lines.slice(1, 4)).toEqual(["  ◼ a", "› ◻ b", "  ◼ c"]);
    m.press("enter");
    m.open<unknown>((finish) => new MultiSelectModal({ message: "Pick", options: ["a", "b"], defaultSelected: [1] }, finish));
    m.press("a", "enter");
    m.open<unknown>((finish) => new MultiSelectModal({ message: "Pick", options: ["a", "b"] }, finish));
    m.press("n", "enter");
    await m.settle();
    expect(m.results).toEqual([
      { cancelled: false, values: ["a", "c"], indices: [0, 2] },
      { cancelled: false, values: ["a", "b"], indices: [0, 1] },
      { cancelled: false, values: [], indices: [] },
    ]);
  });

  test("overlay: a titled box of the asked width, the body scrolls, actions are chosen with the arrows", async () => {
    const m = queue();
    const body = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n");
    m.open<unknown>((finish) => new OverlayModal({ title: "About", content: { text: body }, width: 20, maxHeight: 8, actions: ["OK", "More"] }, () => ({ width: 40, height: 20 }), finish));
    const lines = m.q.active!.render(40, plain).lines;
    expect(lines[0]).toBe("          ╭─ About ──────────╮");
    expect(lines.some((l) => l.includes("line 1 "))).toBe(true);
    expect(lines.some((l) => l.includes("line 20"))).toBe(false);
    expect(lines.some((l) => l.includes("[OK]"))).toBe(true);
    m.press("pagedown", "pagedown", "pagedown", "pagedown");
    expect(m.q.active!.render(40, plain).lines.some((l) => l.includes("line 20"))).toBe(true);
    m.press("right", "enter");
    await m.settle();
    expect(m.results).toEqual([{ cancelled: false, action: "More", index: 1 }]);
  });

  test("one dialog at a time, in order; cancelAll answers every one as cancelled", async () => {
    const m = queue();
    m.open<unknown>((finish) => new ConfirmModal("first", true, finish));
    m.open<unknown>((finish) => new ConfirmModal("second", true, finish));
    expect(m.q.active!.render(20, plain).lines[0]).toBe("first");
    m.press("y");
    expect(m.q.active!.render(20, plain).lines[0]).toBe("second");
    m.q.cancelAll();
    await m.settle();
    expect(m.results).toEqual([{ cancelled: false, value: true }, { cancelled: true, value: false }]);
    expect(m.q.handle(key("enter"))).toBe(false);
  });
});
