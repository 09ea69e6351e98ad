import { describe, expect, test } from "bun:test";
import { Chrome } from "../../../src/modes/interactive/chrome.ts";
import { waitUntil } from "../../support/process-facts.ts";
import { plain } from "../components/support.ts";

/** Resolves after `count` firings of a timer at `hz`, however late a busy machine makes them. */
function ticks(count: number, hz: number): Promise<void> {
  return new Promise((resolve) => {
    let fired = 0;
    const timer = setInterval(() => {
      if (++fired < count) return;
      clearInterval(timer);
      resolve();
    }, Math.round(1000 / hz));
  });
}

function chrome() {
  let changes = 0;
  const reports: string[] = [];
  const c = new Chrome(() => changes++, (m) => reports.push(m));
  return { c, reports, changes: () => changes };
}

describe("Chrome", () => {
  test("widgets of each side in priority order (ties by id), boxed unless noBorder", () => {
    const { c } = chrome();
    c.setWidget({ id: "b", content: { text: "B" }, priority: 1, style: { noBorder: true } });
    c.setWidget({ id: "a", content: { text: "A" }, priority: 1, style: { noBorder: true } });
    c.setWidget({ id: "z", content: { text: "Z" }, priority: 0 });
    c.setWidget({ id: "low", placement: "below", content: { text: "L" }, style: { noBorder: true } });
    expect(c.widgetLines("above", 8, plain)).toEqual(["╭──────╮", "│ Z    │", "╰──────╯", "A", "B"]);
    expect(c.widgetLines("below", 8, plain)).toEqual(["L"]);
  });

  test("render(width) is used verbatim and wins over text; its empty string hides the widget; markdown text is rendered", () => {
    const { c } = chrome();
    c.setWidget({ id: "r", content: { text: "ignored", render: (w) => `width ${w}\nsecond` }, style: { noBorder: true } });
    expect(c.widgetLines("above", 30, plain)).toEqual(["width 30", "second"]);
    c.setWidget({ id: "r", content: { render: () => "" } });
    expect(c.widgetLines("above", 30, plain)).toEqual([]);
    c.setWidget({ id: "r", content: { text: "# Title\n\n- item", markdown: true }, style: { noBorder: true } });
    expect(c.widgetLines("above", 30, plain)).toEqual(["# Title", "", "• item"]);
  });

  test("a widget whose render throws is hidden and reported once, without breaking the others; setting it again shows it", async () => {
    const { c, reports } = chrome();
    let calls = 0;
    c.setWidget({ id: "bad", content: { render: () => { calls++; throw new Error("boom"); } }, style: { noBorder: true } });
    c.setWidget({ id: "good", content: { text: "fine" }, style: { noBorder: true } });
    expect(c.widgetLines("above", 40, plain)).toEqual(["fine"]);
    expect(c.widgetLines("above", 40, plain)).toEqual(["fine"]);
    await Promise.resolve();
    expect(calls).toBe(1);
    expect(reports).toEqual(['widget "bad" failed to render and is hidden until it is set again: boom']);
    c.setWidget({ id: "bad", content: { text: "mended" }, style: { noBorder: true } });
    expect(c.widgetLines("above", 40, plain)).toEqual(["mended", "fine"]);
  });

  test("header and footer, status entries, visibility; removing ends what was set", () => {
    const { c, changes } = chrome();
    c.setHeader({ content: { text: "head" }, style: { noBorder: true } });
    c.setFooter({ content: { text: "foot" } });
    c.setStatus("x", "X", 5);
    c.setStatus("y", "Y");
    expect(c.headerLines(20, plain)).toEqual(["head"]);
    expect(c.footerLines(10, plain)).toEqual(["╭────────╮", "│ foot   │", "╰────────╯"]);
    expect(c.statusEntries()).toEqual([{ key: "x", text: "X", priority: 5 }, { key: "y", text: "Y", priority: 0 }]);
    c.setVisibility({ hideStatusBar: true });
    c.setVisibility({ hideSeparator: true });
    expect(c.visibility).toEqual({ hideStatusBar: true, hideSeparator: true });
    c.setHeader(undefined);
    c.removeStatus("x");
    expect(c.headerLines(20, plain)).toEqual([]);
    expect(c.statusEntries().map((e) => e.key)).toEqual(["y"]);
    expect(changes()).toBe(8);
  });

  test("refreshHz asks for frames while the widget is set, and stops when it is removed", async () => {
    const { c, changes } = chrome();
    c.setWidget({ id: "clock", content: { text: "tick", refreshHz: 30 } });
    const before = changes();
    await waitUntil("three refresh frames", () => changes() > before + 2);
    c.removeWidget("clock");
    const after = changes();
    // Five periods of a timer at the same rate: a timer still running would have fired in them too.
    await ticks(5, 30);
    expect(changes()).toBe(after);
  });

  test("setWidget without an id or content is refused", () => {
    const { c } = chrome();
    expect(() => c.setWidget({ id: "", content: { text: "x" } })).toThrow("needs an id");
    expect(() => c.setWidget({ id: "w" } as never)).toThrow("needs content");
  });
});
