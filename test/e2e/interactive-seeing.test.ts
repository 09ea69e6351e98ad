/**
 * Seeing what happened, end to end in a pseudo-terminal against the scripted provider: a Markdown
 * paragraph taller than the screen reaches the scrollback while it streams (the live region never
 * exceeds the screen).
 */
import { describe, expect, test, setDefaultTimeout } from "bun:test";
import { text } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KitTerminal, workspace } from "./interactive-support.ts";

setDefaultTimeout(60_000);
const mock = useMockLLM();

function kit(opts: { args?: string[]; rows?: number; env?: Record<string, string> } = {}) {
  const w = workspace();
  const t = new KitTerminal({
    args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", ...(opts.args ?? [])],
    cwd: w.cwd,
    env: { ...w.env, ...opts.env },
    cols: 80,
    rows: opts.rows ?? 24,
  });
  return { t, ...w };
}

describe("an over-tall paragraph", () => {
  test("its finished lines go to the scrollback while it streams; the live region stays within the screen", async () => {
    const { t } = kit({ rows: 24 });
    // One paragraph (no blank line) of 400 lines, streamed over seconds.
    const reply = Array.from({ length: 400 }, (_, i) => `Row ${String(i + 1).padStart(3, "0")} of a single paragraph`);
    mock.push(text(reply.join("\n"), { chunkSize: 48, tokenDelayMs: 15 }));
    await t.ready();
    await t.type("one long paragraph please");
    // While it still streams, its first line is already above the screen, in the scrollback.
    await t.waitForLines("the paragraph's start in the scrollback mid-stream", (lines) => {
      const inScrollback = lines.slice(0, t.xterm.buffer.active.baseY);
      return inScrollback.includes(reply[0]!) && !lines.includes(reply[399]!);
    });
    const streaming = await t.screen();
    // The screen still holds the editor and the status bar: the live region fits in it.
    expect(streaming.some((row) => row.startsWith("› "))).toBe(true);
    expect(streaming.join("\n")).toContain("Working…");
    await t.waitFor("the end of the reply", (s) => s.includes(reply[399]!) && !s.includes("Working…"));
    const lines = await t.lines();
    // Every line once, in order, with no blank line where the paragraph was cut.
    const first = lines.indexOf(reply[0]!);
    expect(lines.slice(first, first + reply.length)).toEqual(reply);
    for (const row of reply) expect(lines.filter((l) => l === row).length).toBe(1);
    expect(await t.quit()).toBe(0);
  });
});
