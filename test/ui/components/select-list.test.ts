import { describe, expect, test } from "bun:test";
import { key, typing } from "../../../src/ui/components/input.ts";
import { SelectList, type SelectItem } from "../../../src/ui/components/select-list.ts";
import { color, expectFits, plain, sgrOf, strip } from "./support.ts";

const MODELS: SelectItem<string>[] = [
  { label: "claude-sonnet-4-5", description: "Anthropic · 200k", value: "anthropic/claude-sonnet-4-5" },
  { label: "claude-opus-4-1", description: "Anthropic · 200k", value: "anthropic/claude-opus-4-1" },
  { label: "gpt-5", description: "OpenAI · 400k", value: "openai/gpt-5" },
  { label: "gpt-5-mini", description: "OpenAI · 400k", value: "openai/gpt-5-mini" },
  { label: "o3", description: "OpenAI · 200k", value: "openai/o3" },
];

const many = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `item ${String(i + 1).padStart(2, "0")}` }));

describe("select list", () => {
  test("renders the filter line, the items with descriptions aligned, and the selection", () => {
    const list = new SelectList(MODELS);
    expect(strip(list.render(50, plain))).toEqual([
      "› Type to filter",
      "› claude-sonnet-4-5  Anthropic · 200k",
      "  claude-opus-4-1    Anthropic · 200k",
      "  gpt-5              OpenAI · 400k",
      "  gpt-5-mini         OpenAI · 400k",
      "  o3                 OpenAI · 200k",
    ]);
  });

  test("typing filters fuzzily, best match first, matched letters highlighted", () => {
    const list = new SelectList(MODELS);
    for (const k of typing("gpt")) list.handle(k);
    expect(list.query).toBe("gpt");
    expect(strip(list.render(50, plain)).slice(1)).toEqual(["› gpt-5       OpenAI · 400k", "  gpt-5-mini  OpenAI · 400k"]);
    const painted = list.render(50, color).join("\n");
    expect(painted).toContain(sgrOf(color.highlight) + "g");
    list.handle(key("backspace"));
    list.handle(key("backspace"));
    expect(list.query).toBe("g");
    expect(list.visibleCount).toBe(2);
    list.handle(key("ctrl+u"));
    expect(list.visibleCount).toBe(5);
  });

  test("no match", () => {
    const list = new SelectList(MODELS);
    for (const k of typing("zzz")) list.handle(k);
    expect(strip(list.render(40, plain))).toEqual(["› zzz", "  No matches"]);
    expect(list.handle(key("enter"))).toEqual({ type: "handled" });
  });

  test("Up/Down wrap around; Enter selects with the index in the full list; Esc cancels", () => {
    const list = new SelectList(MODELS);
    list.handle(key("up"));
    expect(list.selected!.item.label).toBe("o3");
    list.handle(key("down"));
    list.handle(key("ctrl+n"));
    expect(list.handle(key("enter"))).toEqual({ type: "select", item: MODELS[1]!, index: 1 });
    for (const k of typing("mini")) list.handle(k);
    expect(list.handle(key("enter"))).toEqual({ type: "select", item: MODELS[3]!, index: 3 });
    expect(list.handle(key("escape"))).toEqual({ type: "cancel" });
  });

  test("a scrolling window follows the selection; PageUp/PageDown move by a page", () => {
    const list = new SelectList(many(25), { maxVisible: 5, filter: false });
    expect(strip(list.render(30, plain))).toEqual(["› item 01", "  item 02", "  item 03", "  item 04", "  item 05", "  (1/25)"]);
    list.handle(key("pagedown"));
    list.handle(key("down"));
    expect(list.selected!.index).toBe(6);
    expect(strip(list.render(30, plain))).toEqual(["  item 03", "  item 04", "  item 05", "  item 06", "› item 07", "  (7/25)"]);
    list.handle(key("end"));
    expect(strip(list.render(30, plain))[4]).toBe("› item 25");
    list.handle(key("pageup"));
    expect(list.selected!.index).toBe(19);
    list.handle(key("down"));
    list.handle(key("home"));
    expect(list.selected!.index).toBe(0);
  });

  test("without a filter, typing is ignored", () => {
    const list = new SelectList(MODELS, { filter: false });
    expect(list.handle(key("a"))).toEqual({ type: "ignored" });
    expect(list.visibleCount).toBe(5);
  });

  test("initial selection, item updates keep the selection", () => {
    const list = new SelectList(MODELS, { initialIndex: 2 });
    expect(list.selected!.item.label).toBe("gpt-5");
    list.setItems([MODELS[4]!, ...MODELS]);
    expect(list.selected!.item.label).toBe("gpt-5");
    expect(list.selected!.index).toBe(3);
  });

  test("filterText matches instead of the label", () => {
    const list = new SelectList([{ label: "Dracula", filterText: "dracula dark purple" }, { label: "Nord", filterText: "nord arctic blue" }]);
    for (const k of typing("arctic")) list.handle(k);
    expect(list.selected!.item.label).toBe("Nord");
  });

  test("a paste goes into the filter", () => {
    const list = new SelectList(MODELS);
    list.handle({ type: "paste", text: "opus" });
    expect(list.selected!.item.label).toBe("claude-opus-4-1");
  });

  test("lines never exceed the width", () => {
    const items = [{ label: "日本語のとても長いラベル😀😀", description: "説明文もとても長いです👍🏽👍🏽👍🏽" }, ...MODELS];
    const list = new SelectList(items);
    for (const width of [60, 20, 9, 3]) expectFits(list.render(width, color), width);
  });
});
