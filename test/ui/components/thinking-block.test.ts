import { describe, expect, test } from "bun:test";
import { formatDuration, renderThinkingBlock } from "../../../src/ui/components/thinking-block.ts";
import { color, expectFits, plain, sgrOf, strip } from "./support.ts";

const TEXT = "The user wants a fix.\n\nFirst I should read the failing test, then the code it covers.";

describe("thinking block", () => {
  test("expanded: a header and the text, indented and wrapped", () => {
    expect(strip(renderThinkingBlock({ text: TEXT, durationMs: 3400 }, 30, plain))).toEqual([
      "▾ Thought for 3s",
      "  The user wants a fix.",
      "  ",
      "  First I should read the",
      "  failing test, then the code",
      "  it covers.",
    ]);
  });

  test("collapsed: one line with the start of the text", () => {
    expect(strip(renderThinkingBlock({ text: TEXT, collapsed: true, streaming: true }, 40, plain))).toEqual(["▸ Thinking… The user wants a fix."]);
    expect(strip(renderThinkingBlock({ text: TEXT, collapsed: true }, 20, plain))).toEqual(["▸ Thinking The user…"]);
  });

  test("while streaming, with no text yet", () => {
    expect(strip(renderThinkingBlock({ text: "", streaming: true }, 40, plain))).toEqual(["▾ Thinking…"]);
  });

  test("dimmed: muted and italic", () => {
    const lines = renderThinkingBlock({ text: TEXT }, 40, color);
    expect(lines[1]).toContain(sgrOf(color.muted));
    expect(lines[1]).toContain("\x1b[3m");
  });

  test("maxLines keeps the latest lines", () => {
    const lines = strip(renderThinkingBlock({ text: "a\nb\nc\nd" }, 40, plain, { maxLines: 2 }));
    expect(lines).toEqual(["▾ Thinking", "  … 2 earlier lines", "  c", "  d"]);
  });

  test("never wider than the width", () => {
    const text = "考えています。😀".repeat(20);
    for (const width of [50, 13, 4]) {
      expectFits(renderThinkingBlock({ text }, width, color), width);
      expectFits(renderThinkingBlock({ text, collapsed: true }, width, color), width);
    }
  });

  test("durations", () => {
    expect(formatDuration(400)).toBe("0s");
    expect(formatDuration(59_400)).toBe("59s");
    expect(formatDuration(125_000)).toBe("2m 5s");
  });
});
