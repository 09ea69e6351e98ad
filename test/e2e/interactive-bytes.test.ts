/**
 * What kit writes to the terminal, byte by byte, while a long reply streams in (many frames, with
 * colour): the screen and scrollback are never cleared, every frame is one synchronized update, and
 * what ends up in the terminal's scrollback is exactly the transcript: each line once, in order,
 * nothing left over from the live region.
 */
import { expect, test, setDefaultTimeout } from "bun:test";
import { text } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KitTerminal, workspace } from "./interactive-support.ts";

// Each test drives a whole kit through several turns; every wait has its own generous limit.
setDefaultTimeout(60_000);
const mock = useMockLLM();

const SYNC_START = "\x1b[?2026h";
const SYNC_END = "\x1b[?2026l";
/**
 * What may be written outside a frame: the terminal modes kit sets on start and restores on exit
 * (bracketed paste, the keyboard protocol query and push/pop, modifyOtherKeys, device attributes
 * query, SGR reset, cursor shown, and closing a synchronized update in the restore sequence).
 */
const MODES = /^(?:\x1b\[\?2004[hl]|\x1b\]11;\?\x07|\x1b\[\?u|\x1b\[c|\x1b\[>1u|\x1b\[<u|\x1b\[>4;1m|\x1b\[>4m|\x1b\[0m|\x1b\[\?25h|\x1b\[\?2026l)*$/;

/** The parts of `raw` outside synchronized updates; throws when updates nest or one is left open. */
function outsideFrames(raw: string): { outside: string[]; frames: number } {
  const outside: string[] = [];
  let frames = 0;
  let at = 0;
  for (;;) {
    const start = raw.indexOf(SYNC_START, at);
    if (start < 0) {
      outside.push(raw.slice(at));
      return { outside, frames };
    }
    outside.push(raw.slice(at, start));
    const end = raw.indexOf(SYNC_END, start);
    if (end < 0) throw new Error(`a synchronized update is never closed: ${JSON.stringify(raw.slice(start, start + 200))}`);
    const frame = raw.slice(start + SYNC_START.length, end);
    if (frame.includes(SYNC_START)) throw new Error("synchronized updates nest");
    frames++;
    at = end + SYNC_END.length;
  }
}

test("a long streamed reply: no clears, every frame synchronized, the scrollback equals the transcript", async () => {
  const paragraphs = Array.from({ length: 120 }, (_, i) => `Paragraph ${i + 1} starts on this line,\nand it ends on this one (${i + 1}).`);
  const reply = paragraphs.join("\n\n");
  mock.push(text(reply, { chunkSize: 6, tokenDelayMs: 2 }));
  const w = workspace();
  const env = { ...w.env, COLORTERM: "truecolor" } as Record<string, string>;
  delete env.NO_COLOR;
  const t = new KitTerminal({ args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5"], cwd: w.cwd, env, cols: 90, rows: 24 });
  await t.ready();
  const before = t.raw.length;
  await t.type("write the long one");
  await t.waitFor("the end of the reply", (s) => s.includes("it ends on this one (120).") && !s.includes("Working…"));
  const during = t.raw.slice(before);
  // The live region sits right under the reply's last line: nothing of it was left on the screen.
  const screen = await t.screen();
  expect(screen[screen.findLastIndex((r) => /^─+$/.test(r)) - 1]).toBe("and it ends on this one (120).");
  expect(await t.quit()).toBe(0);

  // Never a clear of the screen or the scrollback.
  expect(t.raw).not.toContain("\x1b[2J");
  expect(t.raw).not.toContain("\x1b[3J");
  // Every byte that draws is inside a synchronized update; outside them only mode switches.
  const { outside, frames } = outsideFrames(t.raw);
  // After the terminal is restored, the one line that says how to resume the session is plain output.
  const afterExit = /Resume this session with: kit -r [0-9a-f]{8,}\r?\n$/;
  expect(outside.at(-1)).toMatch(afterExit);
  const drawnOutside = outside.map((part) => part.replace(afterExit, "")).filter((part) => !MODES.test(part));
  expect(drawnOutside).toEqual([]);
  // The reply came in many frames (it streamed), not in one.
  expect(outsideFrames(during).frames).toBeGreaterThan(100);
  expect(frames).toBeGreaterThan(100);

  // The scrollback: the prompt, then the reply line by line, each once, then nothing but what kit
  // left when it quit (its live region is erased on exit; the resume command is printed after it).
  const lines = await t.lines();
  const prompt = lines.indexOf("› write the long one");
  expect(prompt).toBeGreaterThan(0);
  const expected = ["", ...reply.split("\n")];
  expect(lines.slice(prompt + 1, prompt + 1 + expected.length)).toEqual(expected);
  expect(lines.slice(prompt + 1 + expected.length)).toEqual([expect.stringMatching(/^Resume this session with: kit -r [0-9a-f]{8,}$/)]);
});
