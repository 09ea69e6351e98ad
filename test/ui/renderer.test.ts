import { describe, expect, test } from "bun:test";
import { Renderer, SYNC_END, SYNC_START } from "../../src/ui/renderer/renderer.ts";
import { wrapLine } from "../../src/ui/width.ts";
import { VirtualTerminal, nextTurn } from "./virtual-terminal.ts";

/** Checks what must hold for every byte kit writes: synchronized frames, no screen or scrollback clear. */
function expectCleanOutput(vt: VirtualTerminal): void {
  for (const chunk of vt.writes) {
    expect(chunk.startsWith(SYNC_START)).toBe(true);
    expect(chunk.endsWith(SYNC_END)).toBe(true);
    expect(chunk.slice(SYNC_START.length, -SYNC_END.length)).not.toContain("\x1b[?2026");
  }
  expect(vt.output).not.toContain("\x1b[2J");
  expect(vt.output).not.toContain("\x1b[3J");
}

/** The terminal's lines, right-trimmed (the fake cursor leaves an inverse space). */
const text = async (vt: VirtualTerminal) => (await vt.lines()).map((l) => l.trimEnd());

const numbered = (n: number, prefix = "line") => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);

describe("Renderer", () => {
  test("draws the live region at the cursor and updates it in place", async () => {
    const vt = new VirtualTerminal(40, 10);
    const r = new Renderer(vt);
    r.render(["one", "two", "three"]);
    await nextTurn();
    expect(await text(vt)).toEqual(["one", "two", "three"]);
    r.render(["one", "TWO!", "three"]);
    await nextTurn();
    expect(await text(vt)).toEqual(["one", "TWO!", "three"]);
    expectCleanOutput(vt);
  });

  test("coalesces renders requested before the next turn into one frame", async () => {
    const vt = new VirtualTerminal(40, 10);
    const r = new Renderer(vt);
    for (let i = 0; i < 500; i++) r.render([`count ${i}`, "status"]);
    expect(vt.writes.length).toBe(0);
    await nextTurn();
    expect(vt.writes.length).toBe(1);
    await nextTurn();
    await nextTurn();
    expect(vt.writes.length).toBe(1);
    expect(await text(vt)).toEqual(["count 499", "status"]);
  });

  test("an unchanged frame writes nothing", async () => {
    const vt = new VirtualTerminal(40, 10);
    const r = new Renderer(vt);
    r.render(["a", "b"]);
    r.flush();
    r.render(["a", "b"]);
    r.flush();
    expect(vt.writes.length).toBe(1);
  });

  test("a one-character change in a 20-line region writes only that line", async () => {
    const vt = new VirtualTerminal(80, 30);
    const r = new Renderer(vt);
    const lines = numbered(20, "the quick brown fox, row");
    r.render(lines, { row: 19, col: 0 });
    r.flush();
    const before = vt.writes.length;
    const changed = [...lines];
    changed[10] = changed[10] + "!";
    r.render(changed, { row: 19, col: 0 });
    r.flush();
    expect(vt.writes.length).toBe(before + 1);
    const frame = vt.writes[vt.writes.length - 1]!;
    expect(frame).toContain("row 10!");
    for (let i = 0; i < 20; i++) if (i !== 10) expect(frame).not.toMatch(new RegExp(`row ${i}(?![0-9])`));
    // sync (16) + hide/show cursor (12) + moves (~12) + the line itself (31)
    expect(Buffer.byteLength(frame)).toBeLessThan(90);
    expect(await text(vt)).toEqual(changed);
  });

  test("shorter lines are erased to their end, lines that disappear are cleared", async () => {
    const vt = new VirtualTerminal(40, 10);
    const r = new Renderer(vt);
    r.render(["a long first line", "second", "third", "fourth"]);
    r.flush();
    r.render(["short", "second"]);
    r.flush();
    expect(await text(vt)).toEqual(["short", "second"]);
    r.render([]);
    r.flush();
    expect(await text(vt)).toEqual([]);
    r.render(["back"]);
    r.flush();
    expect(await text(vt)).toEqual(["back"]);
    expectCleanOutput(vt);
  });

  test("committed blocks go above the live region, into the scrollback once", async () => {
    const vt = new VirtualTerminal(40, 8);
    const r = new Renderer(vt);
    const transcript: string[] = [];
    const live = (n: number) => [`status ${n}`, "> editor"];
    for (let block = 0; block < 30; block++) {
      const lines = numbered(3, `block ${block}`);
      transcript.push(...lines);
      r.commit(lines);
      r.render(live(block), { row: 1, col: 2 });
      await nextTurn();
    }
    expect(await text(vt)).toEqual([...transcript, ...live(29)]);
    const scrollback = await vt.scrollback();
    expect(scrollback.length).toBeGreaterThan(0);
    expect(scrollback).toEqual(transcript.slice(0, scrollback.length));
    expect(await vt.cursor()).toEqual({ x: 0, y: 7 });
    expectCleanOutput(vt);
  });

  test("commit without a new frame keeps the live region and its cursor", async () => {
    const vt = new VirtualTerminal(40, 10);
    const r = new Renderer(vt, { hardwareCursor: true });
    r.render(["> hello", "status"], { row: 0, col: 7 });
    r.flush();
    r.commit(["done: one", "done: two"]);
    r.flush();
    expect(await text(vt)).toEqual(["done: one", "done: two", "> hello", "status"]);
    expect(await vt.cursor()).toEqual({ x: 7, y: 2 });
  });

  test("a long streamed reply leaves the scrollback equal to the committed transcript", async () => {
    const vt = new VirtualTerminal(60, 12);
    const r = new Renderer(vt);
    const transcript: string[] = [];
    const words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split(" ");
    let renders = 0;
    for (let message = 0; message < 6; message++) {
      const question = `> question ${message}`;
      r.commit([question]);
      transcript.push(question);
      let text = "";
      // Each message grows taller than the terminal while it streams.
      for (let token = 0; token < 600; token++) {
        text += (token % 97 === 96 ? "\n" : "") + words[(token * 7 + message) % words.length] + " ";
        const streaming = wrapLine(text.trimEnd(), 60);
        r.render([...streaming, "", `⠋ working… ${token}`, "> "], { row: streaming.length + 2, col: 2 });
        renders++;
        if (token % 5 === 4) await nextTurn();
      }
      const final = wrapLine(text.trimEnd(), 60);
      transcript.push(...final, "");
      r.commit([...final, ""]);
      r.render(["", "> "], { row: 1, col: 2 });
      await nextTurn();
    }
    expect(renders).toBe(3600);
    expect(await text(vt)).toEqual([...transcript.map((l) => l.trimEnd()), "", ">"]);
    expectCleanOutput(vt);
  });

  test("a live region taller than the terminal shows its bottom lines and keeps them out of the scrollback", async () => {
    const vt = new VirtualTerminal(30, 5);
    const r = new Renderer(vt);
    r.commit(["before"]);
    r.render(numbered(12), { row: 11, col: 0 });
    r.flush();
    expect(await vt.screen()).toEqual(numbered(12).slice(7));
    r.render(numbered(12).map((l) => l + "!"));
    r.flush();
    expect(await vt.screen()).toEqual(numbered(12).slice(7).map((l) => l + "!"));
    r.commit(numbered(12).map((l) => l + "!"));
    r.render(["done"]);
    r.flush();
    expect(await text(vt)).toEqual(["before", ...numbered(12).map((l) => l + "!"), "done"]);
  });

  test("lines wider than the terminal are cut; CJK, emoji and styles keep their columns", async () => {
    const vt = new VirtualTerminal(10, 5);
    const r = new Renderer(vt);
    r.render(["0123456789abcdef", "漢字漢字漢字", "\x1b[31mred\x1b[0m👍ok", "tab\tx"]);
    r.flush();
    expect(await text(vt)).toEqual(["0123456789", "漢字漢字漢字".slice(0, 5), "red👍ok", "tab x"]);
  });

  test("a style never leaks into the next line", async () => {
    const vt = new VirtualTerminal(20, 5);
    const r = new Renderer(vt);
    r.render(["\x1b[41mred background", "plain"]);
    r.flush();
    r.render(["\x1b[41mred background", "plain!"]);
    r.flush();
    await vt.settled();
    const buffer = vt.xterm.buffer.active;
    const plain = buffer.getLine(buffer.baseY + 1)!;
    for (let x = 0; x < 20; x++) expect(plain.getCell(x)!.isBgDefault()).toBe(true);
  });

  test("the frame's cursor is drawn as an inverse cell; the terminal's cursor stays hidden on the last line", async () => {
    const vt = new VirtualTerminal(40, 10);
    const r = new Renderer(vt);
    r.render(["first", "> typing", "status"], { row: 1, col: 3 });
    r.flush();
    await vt.settled();
    const buffer = vt.xterm.buffer.active;
    const line = buffer.getLine(buffer.baseY + 1)!;
    expect(line.getCell(3)!.isInverse()).toBeTruthy();
    expect(line.getCell(2)!.isInverse()).toBeFalsy();
    expect(line.getCell(4)!.isInverse()).toBeFalsy();
    expect(await vt.cursor()).toEqual({ x: 0, y: 2 });
    expect(vt.output).toContain("\x1b[?25l");
    expect(vt.output).not.toContain("\x1b[?25h");
    // At the end of the text the cursor is an inverse space.
    r.render(["first", "> typing", "status"], { row: 1, col: 8 });
    r.flush();
    await vt.settled();
    expect(buffer.getLine(buffer.baseY + 1)!.getCell(8)!.isInverse()).toBeTruthy();
    expect(buffer.getLine(buffer.baseY + 1)!.getCell(3)!.isInverse()).toBeFalsy();
    expect(await text(vt)).toEqual(["first", "> typing", "status"]);
  });

  test("the inverse cell follows the frame's cursor while other lines change, back to a column, and to another line", async () => {
    const vt = new VirtualTerminal(40, 10);
    const r = new Renderer(vt);
    const buffer = vt.xterm.buffer.active;
    const draw = async (lines: string[], row: number, col: number) => {
      r.render(lines, { row, col });
      r.flush();
      await vt.settled();
    };
    const inverse = (row: number) => Array.from({ length: 12 }, (_, x) => x).filter((x) => buffer.getLine(buffer.baseY + row)!.getCell(x)!.isInverse());
    await draw(["tick 1", "> typing", "status"], 1, 3);
    await draw(["tick 2", "> typing", "status"], 1, 3);
    expect(await text(vt)).toEqual(["tick 2", "> typing", "status"]);
    expect(inverse(1)).toEqual([3]);
    await draw(["tick 2", "> typing", "status"], 1, 5);
    expect(inverse(1)).toEqual([5]);
    await draw(["tick 2", "> typing", "status"], 1, 3);
    expect(inverse(1)).toEqual([3]);
    await draw(["> typing", "tick 3", "status"], 0, 3);
    expect(inverse(0)).toEqual([3]);
    expect(inverse(1)).toEqual([]);
    await draw(["> typed", "tick 3", "status"], 0, 3);
    expect(await text(vt)).toEqual(["> typed", "tick 3", "status"]);
    expect(inverse(0)).toEqual([3]);
  });

  test("with hardwareCursor the terminal's cursor is placed, and hidden when a frame has none", async () => {
    const vt = new VirtualTerminal(40, 10);
    const r = new Renderer(vt, { hardwareCursor: true });
    r.render(["first", "> typing", "status"], { row: 1, col: 8 });
    r.flush();
    expect(await vt.cursor()).toEqual({ x: 8, y: 1 });
    expect(vt.output.endsWith("\x1b[?25h" + SYNC_END)).toBe(true);
    r.render(["first", "> typing", "status"]);
    r.flush();
    expect(vt.writes[vt.writes.length - 1]!).toContain("\x1b[?25l");
    expect(vt.writes[vt.writes.length - 1]!).not.toContain("\x1b[?25h");
  });

  test("starts below what the shell printed and ends with the cursor below the live region", async () => {
    const vt = new VirtualTerminal(40, 10);
    vt.xterm.write("$ kit\r\n");
    const r = new Renderer(vt);
    r.render(["live 1", "live 2"]);
    r.flush();
    r.stop();
    vt.xterm.write("$ ");
    expect(await text(vt)).toEqual(["$ kit", "live 1", "live 2", "$"]);
  });

  test("stop({ clear }) erases the live region", async () => {
    const vt = new VirtualTerminal(40, 10);
    const r = new Renderer(vt);
    r.commit(["kept"]);
    r.render(["live 1", "live 2"]);
    r.flush();
    r.stop({ clear: true });
    expect(await text(vt)).toEqual(["kept"]);
  });

  for (const [columns, rows] of [[24, 10], [60, 10], [40, 6], [20, 14]] as const) {
    test(`resize to ${columns}x${rows} reflows only the live region`, async () => {
      const vt = new VirtualTerminal(40, 10);
      const r = new Renderer(vt);
      const transcript = numbered(15, "msg");
      r.commit(transcript);
      const live = (width: number) => ["─".repeat(width), ...wrapLine("streaming text that is long enough to wrap at forty columns", width), "> edit"];
      r.render(live(40), { row: live(40).length - 1, col: 6 });
      r.flush();
      await vt.resize(columns, rows);
      r.render(live(columns), { row: live(columns).length - 1, col: 6 });
      r.flush();
      expect(await text(vt)).toEqual([...transcript, ...live(columns)]);
      // The hidden cursor is parked at the start of the last live line.
      const buffer = vt.xterm.buffer.active;
      expect(buffer.cursorX).toBe(0);
      expect(buffer.baseY + buffer.cursorY).toBe(transcript.length + live(columns).length - 1);
      expectCleanOutput(vt);
    });
  }
});

describe("Renderer, random operations", () => {
  /** Small deterministic PRNG (mulberry32). */
  const prng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  for (const [seed, resizes] of [[1, false], [2, false], [3, false], [1, true], [2, true], [3, true], [4, true], [5, true], [6, true]] as const) {
    test(`seed ${seed}${resizes ? ", with resizes" : ""}: scrollback = transcript, screen = live region`, async () => {
      const random = prng(seed);
      const int = (n: number) => Math.floor(random() * n);
      const vt = new VirtualTerminal(50, 12);
      const r = new Renderer(vt);
      const transcript: string[] = [];
      let live: string[] = [];
      const line = (width: number, tag: string) => {
        const text = `${tag} ` + "abcdefghij漢字👍 ".repeat(5);
        return [...wrapLine(text, width)[0]!].slice(0, Math.max(1, int(text.length))).join("");
      };
      for (let step = 0; step < 300; step++) {
        const op = random();
        const width = vt.columns;
        if (op < 0.15) {
          const block = Array.from({ length: 1 + int(4) }, (_, i) => `commit ${step}.${i}`);
          transcript.push(...block);
          r.commit(block);
        } else if (op < 0.2 && resizes) {
          await nextTurn();
          await vt.resize(20 + int(50), 8 + int(8));
          live = live.map((_, i) => line(vt.columns, `re${step}.${i}`));
          r.render(live);
        } else {
          const height = 1 + int(7);
          live = Array.from({ length: height }, (_, i) => (random() < 0.7 && live[i] && live[i]!.length <= width ? live[i]! : line(width, `L${step}.${i}`)));
          const row = int(height);
          r.render(live, random() < 0.5 ? { row, col: int(width) } : null);
        }
        if (random() < 0.5) await nextTurn();
      }
      r.render(live);
      await nextTurn();
      const all = await text(vt);
      expect(all.slice(-live.length)).toEqual(live.map((l) => l.trimEnd()));
      if (!resizes) expect(all).toEqual([...transcript, ...live.map((l) => l.trimEnd())]);
      else {
        // A terminal that reflows a live region taller than the rows above the cursor pushes part of
        // it into the scrollback, out of reach: the transcript is there in order, each line once, and
        // the screen ends with the live region.
        const committed = all.filter((l) => l.startsWith("commit "));
        expect(committed).toEqual(transcript);
      }
      expectCleanOutput(vt);
    });
  }
});
