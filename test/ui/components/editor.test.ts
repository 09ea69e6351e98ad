import { describe, expect, test } from "bun:test";
import { Editor } from "../../../src/ui/components/editor.ts";
import { key, typing, type ComponentInput } from "../../../src/ui/components/input.ts";
import { color, expectFits, plain, strip } from "./support.ts";

/** Feeds keys: names ("ctrl+a"), or text to type when wrapped in quotes ('"hi"'). */
function run(editor: Editor, ...inputs: (string | ComponentInput)[]): ReturnType<Editor["handle"]>[] {
  const results: ReturnType<Editor["handle"]>[] = [];
  for (const input of inputs) {
    if (typeof input !== "string") results.push(editor.handle(input));
    else if (input.startsWith('"')) for (const k of typing(input.slice(1, -1))) results.push(editor.handle(k));
    else results.push(editor.handle(key(input)));
  }
  return results;
}

/** The text with a "|" at the cursor. */
function withCursor(editor: Editor): string {
  const lines = editor.text.split("\n");
  const { line, index } = editor.cursor;
  lines[line] = lines[line]!.slice(0, index) + "|" + lines[line]!.slice(index);
  return lines.join("\n");
}

describe("editor: typing and moving", () => {
  test("typing inserts at the cursor; left/right move by character", () => {
    const e = new Editor();
    run(e, '"helo"', "left", '"l"');
    expect(withCursor(e)).toBe("hell|o");
    run(e, "right", "right", '"!"');
    expect(withCursor(e)).toBe("hello!|");
    run(e, "ctrl+b", "ctrl+b", "ctrl+f");
    expect(withCursor(e)).toBe("hello|!");
  });

  test("Home/End and Ctrl+A/E go to the line's ends", () => {
    const e = new Editor();
    run(e, '"one"', "shift+enter", '"two"', "home");
    expect(withCursor(e)).toBe("one\n|two");
    run(e, "end");
    expect(withCursor(e)).toBe("one\ntwo|");
    run(e, "ctrl+a", "ctrl+e", "ctrl+a");
    expect(withCursor(e)).toBe("one\n|two");
  });

  test("word motion: Ctrl/Alt+Left/Right and Alt+B/F", () => {
    const e = new Editor();
    run(e, '"foo bar.baz  qux"');
    run(e, "ctrl+left");
    expect(withCursor(e)).toBe("foo bar.baz  |qux");
    run(e, "alt+left");
    expect(withCursor(e)).toBe("foo bar.|baz  qux");
    run(e, "alt+b", "alt+b");
    expect(withCursor(e)).toBe("|foo bar.baz  qux");
    run(e, "ctrl+right");
    expect(withCursor(e)).toBe("foo| bar.baz  qux");
    run(e, "alt+right", "alt+f");
    expect(withCursor(e)).toBe("foo bar.baz|  qux");
  });

  test("word motion crosses line breaks", () => {
    const e = new Editor();
    run(e, '"ab"', "alt+enter", '"cd"', "home", "ctrl+left");
    expect(withCursor(e)).toBe("ab|\ncd");
    run(e, "ctrl+right");
    expect(withCursor(e)).toBe("ab\n|cd");
  });

  test("left/right cross line breaks and never split a grapheme", () => {
    const e = new Editor();
    run(e, '"a👍🏽b"', "left", "left");
    expect(withCursor(e)).toBe("a|👍🏽b");
    run(e, "right");
    expect(withCursor(e)).toBe("a👍🏽|b");
    run(e, "home", "left");
    expect(withCursor(e)).toBe("|a👍🏽b");
  });

  test("Up/Down move between lines, keeping the column", () => {
    const e = new Editor();
    run(e, '"first line"', "shift+enter", '"ab"', "shift+enter", '"third line"');
    run(e, "left", "left", "up");
    expect(withCursor(e)).toBe("first line\nab|\nthird line");
    run(e, "up");
    expect(withCursor(e)).toBe("first li|ne\nab\nthird line");
    run(e, "down", "down");
    expect(withCursor(e)).toBe("first line\nab\nthird li|ne");
  });

  test("Up/Down follow wrapped rows as rendered", () => {
    const e = new Editor({ prompt: "" });
    run(e, '"aaaa bbbb cccc"');
    e.render(7, plain); // 6 columns of text: "aaaa " / "bbbb " / "cccc"
    run(e, "up");
    expect(withCursor(e)).toBe("aaaa bbbb| cccc");
    run(e, "up");
    expect(withCursor(e)).toBe("aaaa| bbbb cccc");
  });
});

describe("editor: deleting, killing and yanking", () => {
  test("Backspace and Delete remove a grapheme, or join lines at the edges", () => {
    const e = new Editor();
    run(e, '"ab"', "shift+enter", '"c😀d"', "left", "backspace");
    expect(withCursor(e)).toBe("ab\nc|d");
    run(e, "home", "backspace");
    expect(withCursor(e)).toBe("ab|cd");
    run(e, "delete");
    expect(withCursor(e)).toBe("ab|d");
    run(e, "end", "delete", "ctrl+d");
    expect(withCursor(e)).toBe("abd|");
  });

  test("Ctrl+D deletes forward, and is ignored on an empty editor (the app may quit)", () => {
    const e = new Editor();
    expect(run(e, "ctrl+d")).toEqual([{ type: "ignored" }]);
    run(e, '"xy"', "home", "ctrl+d");
    expect(withCursor(e)).toBe("|y");
  });

  test("Ctrl+K kills to the end of the line (the line break when at the end); Ctrl+Y yanks", () => {
    const e = new Editor();
    run(e, '"hello world"', "shift+enter", '"next"', "up", "ctrl+a", "alt+f", "ctrl+k");
    expect(withCursor(e)).toBe("hello|\nnext");
    run(e, "ctrl+k");
    expect(withCursor(e)).toBe("hello|next");
    run(e, "end", "ctrl+y");
    // Consecutive kills collect: " world" then the line break.
    expect(withCursor(e)).toBe("hellonext world\n|");
  });

  test("Ctrl+U kills to the start of the line", () => {
    const e = new Editor();
    run(e, '"abc def"', "left", "left", "ctrl+u");
    expect(withCursor(e)).toBe("|ef");
    run(e, "end", "ctrl+y");
    expect(withCursor(e)).toBe("efabc d|");
  });

  test("Ctrl+W kills the whitespace-delimited word before; Alt+Backspace the word before", () => {
    const e = new Editor();
    run(e, '"git commit --amend"', "ctrl+w");
    expect(withCursor(e)).toBe("git commit |");
    run(e, '"path/to/file"', "alt+backspace");
    expect(withCursor(e)).toBe("git commit path/to/|");
    run(e, "ctrl+w");
    expect(withCursor(e)).toBe("git commit |");
  });

  test("backward kills in a row collect in front; the yank brings them back in order", () => {
    const e = new Editor();
    run(e, '"one two three"', "ctrl+w", "ctrl+w");
    expect(withCursor(e)).toBe("one |");
    run(e, "ctrl+y");
    expect(withCursor(e)).toBe("one two three|");
  });

  test("Alt+D kills the word after", () => {
    const e = new Editor();
    run(e, '"alpha beta gamma"', "home", "alt+d");
    expect(withCursor(e)).toBe("| beta gamma");
    run(e, "alt+d");
    expect(withCursor(e)).toBe("| gamma");
    run(e, "end", "ctrl+y");
    expect(withCursor(e)).toBe(" gammaalpha beta|");
  });

  test("a kill after other keys starts a new kill", () => {
    const e = new Editor();
    run(e, '"aa bb"', "ctrl+w", "left", "ctrl+w", "ctrl+y");
    // Only "aa": "bb" was an earlier kill.
    expect(e.text).toBe("aa ");
  });
});

describe("editor: submitting, newlines and paste", () => {
  test("Enter submits the text and clears the editor", () => {
    const e = new Editor();
    const results = run(e, '"hi"', "enter");
    expect(results.at(-1)).toEqual({ type: "submit", text: "hi" });
    expect(e.text).toBe("");
  });

  test("Shift+Enter, Alt+Enter and Ctrl+J insert a newline; Enter after a backslash too", () => {
    const e = new Editor();
    run(e, '"a"', "shift+enter", '"b"', "alt+enter", '"c"', "ctrl+j", '"d\\"', "enter", '"e"');
    expect(e.text).toBe("a\nb\nc\nd\ne");
    expect(run(e, "enter").at(-1)).toEqual({ type: "submit", text: "a\nb\nc\nd\ne" });
  });

  test("Enter on blank text does nothing", () => {
    const e = new Editor();
    expect(run(e, "enter", '"  "', "enter")).toEqual([{ type: "handled" }, { type: "handled" }, { type: "handled" }, { type: "handled" }]);
    expect(e.text).toBe("  ");
  });

  test("a multi-line paste is one edit: inserted at the cursor, never submitted, undone at once", () => {
    const e = new Editor();
    run(e, '"<>"', "left");
    const results = run(e, { type: "paste", text: "line 1\r\nline 2\nline 3" });
    expect(results).toEqual([{ type: "handled" }]);
    expect(withCursor(e)).toBe("<line 1\nline 2\nline 3|>");
    run(e, "ctrl+z");
    expect(withCursor(e)).toBe("<|>");
  });

  test("pasted control characters are dropped, tabs kept", () => {
    const e = new Editor();
    e.paste("a\x1b[31mb\x07c\td");
    expect(e.text).toBe("abc\td");
  });

  test("undo: typing is one step, other edits one each", () => {
    const e = new Editor();
    run(e, '"hello"', "space", '"world"', "ctrl+w");
    expect(e.text).toBe("hello ");
    run(e, "ctrl+z");
    expect(e.text).toBe("hello world");
    run(e, "ctrl+_");
    expect(e.text).toBe("");
  });

  test("unknown keys are ignored", () => {
    expect(run(new Editor(), "f5", "ctrl+t", "alt+x")).toEqual([{ type: "ignored" }, { type: "ignored" }, { type: "ignored" }]);
  });
});

describe("editor: history", () => {
  test("Up on the first row recalls older entries, Down returns to the draft", () => {
    const e = new Editor({ history: ["first"] });
    run(e, '"second"', "enter", '"draft"');
    expect(e.getHistory()).toEqual(["first", "second"]);
    run(e, "up");
    expect(e.text).toBe("second");
    run(e, "up");
    expect(e.text).toBe("first");
    run(e, "up");
    expect(e.text).toBe("first");
    run(e, "down");
    expect(e.text).toBe("second");
    run(e, "down");
    expect(withCursor(e)).toBe("draft|");
    expect(run(e, "down")).toEqual([{ type: "ignored" }]);
  });

  test("a multi-line entry is walked line by line before going further back", () => {
    const e = new Editor({ history: ["old", "two\nlines"] });
    run(e, "up");
    expect(withCursor(e)).toBe("two\nlines|");
    run(e, "up");
    expect(e.text).toBe("two\nlines");
    expect(e.cursor.line).toBe(0);
    run(e, "up");
    expect(e.text).toBe("old");
  });

  test("repeated submissions are kept once; the limit drops the oldest", () => {
    const e = new Editor({ historyLimit: 2 });
    run(e, '"a"', "enter", '"a"', "enter", '"b"', "enter", '"c"', "enter");
    expect(e.getHistory()).toEqual(["b", "c"]);
  });
});

describe("editor: rendering", () => {
  test("prompt, placeholder and cursor of an empty editor", () => {
    const e = new Editor({ placeholder: "Ask kit anything" });
    expect(e.render(40, plain)).toEqual({ lines: ["› Ask kit anything"], cursor: { row: 0, col: 2 } });
    const painted = e.render(40, color);
    expect(painted.lines[0]).toContain("\x1b[38;2;");
  });

  test("lines wrap at word boundaries under the prompt; the cursor is reported in cells", () => {
    const e = new Editor();
    run(e, '"the quick brown fox jumps"');
    const r = e.render(14, plain);
    expect(r.lines).toEqual(["› the quick ", "  brown fox ", "  jumps"]);
    expect(r.cursor).toEqual({ row: 2, col: 7 });
    run(e, "home");
    expect(e.render(14, plain).cursor).toEqual({ row: 0, col: 2 });
  });

  test("wide characters: cells, not code units; lines never wider than the width", () => {
    const e = new Editor();
    run(e, '"日本語のテキストと絵文字😀😀を含む長い行です"', "shift+enter", '"tab\there"');
    for (const width of [80, 20, 11, 7, 5]) {
      const r = e.render(width, color);
      expectFits(r.lines, width);
      expect(r.cursor.col).toBeLessThan(width);
    }
    const r = e.render(12, plain);
    expect(strip(r.lines).join("")).toContain("tab here");
    // "tab" + a tab to column 4 + "here": 8 cells after the 2-cell prompt.
    expect(r.cursor).toEqual({ row: r.lines.length - 1, col: 10 });
  });

  test("setText replaces the text with the cursor at its end", () => {
    const e = new Editor();
    e.setText("a\nbc");
    expect(withCursor(e)).toBe("a\nbc|");
    expect(e.render(20, plain)).toEqual({ lines: ["› a", "  bc"], cursor: { row: 1, col: 4 } });
  });

  test("maxRows shows a window that follows the cursor", () => {
    const e = new Editor();
    e.paste(Array.from({ length: 10 }, (_, i) => `line ${i}`).join("\n"));
    expect(e.render(40, plain, { maxRows: 3 })).toEqual({ lines: ["  line 7", "  line 8", "  line 9"], cursor: { row: 2, col: 8 } });
    run(e, "up", "up", "up");
    expect(e.render(40, plain, { maxRows: 3 })).toEqual({ lines: ["  line 6", "  line 7", "  line 8"], cursor: { row: 0, col: 8 } });
    run(e, "ctrl+home");
    expect(e.render(40, plain, { maxRows: 3 }).lines[0]).toBe("› line 0");
  });
});
