import { describe, expect, test } from "bun:test";
import type { ThemeColors } from "kit/ext";
import { assertCommandRegistered, createHarness, type Harness } from "kit/test";

const EXT = `${import.meta.dir}/branded-output.ts`;

/** ctx.renderMessage output, as the harness records it (at the default width, 80 columns). */
type Rendered = { renderer: string; content: string; output: string };
const rendered = (h: Harness) => (h.context as Harness["context"] & { renderedMessages: Rendered[] }).renderedMessages;

/** Every line of a box is exactly `width` terminal columns. */
const widths = (box: string) => box.split("\n").map((l) => Bun.stringWidth(l));

describe("branded-output", () => {
  test("prints a banner block when a session starts, not on a reload", async () => {
    const h = await createHarness({ sessionId: "s-42" }).load(EXT);
    await h.emit("session_start");
    expect(h.context.blocks).toEqual([
      { text: "Welcome to kit — anthropic/claude-sonnet-4-5", borderColor: h.context.getTheme().primary, subtitle: "session s-42" },
    ]);
    await h.emit("session_start", { reason: "reload" });
    expect(h.context.blocks).toHaveLength(1);
  });

  test("/brand renders the text through the brand renderer: a box at the terminal width", async () => {
    const h = await createHarness().load(EXT);
    assertCommandRegistered(h, "brand");
    await h.runCommand("brand", "  Hello, world  ");
    const [msg] = rendered(h);
    expect([msg?.renderer, msg?.content]).toEqual(["brand", "Hello, world"]);
    const lines = msg!.output.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toStartWith("╭─ kit ─");
    expect(lines[0]).toEndWith("─╮");
    expect(lines[1]).toBe(`│ Hello, world${" ".repeat(76 - 12)} │`);
    expect(lines[2]).toBe(`╰${"─".repeat(78)}╯`);
    expect(widths(msg!.output)).toEqual([80, 80, 80]);
  });

  test("long text wraps at word boundaries; long words and wide characters still fit", async () => {
    const h = await createHarness().load(EXT);
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
    await h.runCommand("brand", `${words}\n${"x".repeat(100)}\n日本語のテキスト`);
    const out = rendered(h)[0]!.output;
    expect(new Set(widths(out))).toEqual(new Set([80]));
    const text = out.split("\n").slice(1, -1).map((l) => l.slice(2, -2).trimEnd());
    expect(text.join(" ").split(/\s+/).filter((w) => w.startsWith("word"))).toHaveLength(30);
    expect(text).toContain("x".repeat(76));
    expect(text).toContain("x".repeat(24));
    expect(text.at(-1)).toBe("日本語のテキスト");
  });

  test("the box is painted with the current theme", async () => {
    const h = await createHarness().load(EXT);
    const theme = h.context.getTheme();
    h.context.getTheme = (): ThemeColors => ({ ...theme, paint: (hex, text) => `<${hex}>${text}</>` });
    await h.runCommand("brand", "hi");
    const out = rendered(h)[0]!.output;
    expect(out).toContain(`<${theme.accent}>kit</>`);
    expect(out).toContain(`<${theme.text}>hi</>`);
    expect(out.split("\n").at(-1)).toStartWith(`<${theme.primary}>╰`);
  });

  test("/brand without text shows the usage", async () => {
    const h = await createHarness().load(EXT);
    expect(await h.runCommand("brand", "   ")).toBe("Usage: /brand <text>");
    expect(rendered(h)).toEqual([]);
  });
});
