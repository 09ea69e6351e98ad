import { describe, expect, test } from "bun:test";
import { normalizeShortcut } from "../../src/extensions/shortcut-keys.ts";
import { type InputEvent, KeyDecoder, type KeyEvent } from "../../src/ui/terminal/key-decoder.ts";

const decode = (...chunks: (string | Uint8Array)[]): InputEvent[] => {
  const decoder = new KeyDecoder();
  const events = chunks.flatMap((chunk) => decoder.feed(chunk));
  return [...events, ...decoder.flush()];
};
const names = (...chunks: (string | Uint8Array)[]) => decode(...chunks).map((e) => (e.type === "key" ? e.name : e.type === "paste" ? `paste:${e.text}` : `reply:${e.kind}`));
const key = (input: string) => {
  const events = decode(input);
  expect(events.length).toBe(1);
  return events[0] as KeyEvent;
};

const TABLE: [string, string][] = [
  // printable and control characters
  ["a", "a"],
  ["A", "shift+a"],
  ["é", "é"],
  ["漢", "漢"],
  ["👍", "👍"],
  [" ", "space"],
  ["\r", "enter"],
  ["\n", "ctrl+j"],
  ["\t", "tab"],
  ["\x7f", "backspace"],
  ["\x08", "ctrl+h"],
  ["\x1b", "escape"],
  ["\x03", "ctrl+c"],
  ["\x01", "ctrl+a"],
  ["\x1a", "ctrl+z"],
  ["\x00", "ctrl+space"],
  ["\x1c", "ctrl+\\"],
  ["\x1f", "ctrl+_"],
  // Alt as ESC prefix
  ["\x1ba", "alt+a"],
  ["\x1bA", "alt+shift+a"],
  ["\x1b\r", "alt+enter"],
  ["\x1b\x7f", "alt+backspace"],
  ["\x1b\x01", "ctrl+alt+a"],
  ["\x1b\x1b", "alt+escape"],
  ["\x1b\x1b[A", "alt+up"],
  // cursor keys: CSI, SS3 (application mode), with xterm modifiers
  ["\x1b[A", "up"],
  ["\x1b[B", "down"],
  ["\x1b[C", "right"],
  ["\x1b[D", "left"],
  ["\x1bOA", "up"],
  ["\x1bOD", "left"],
  ["\x1b[1;2A", "shift+up"],
  ["\x1b[1;3B", "alt+down"],
  ["\x1b[1;5C", "ctrl+right"],
  ["\x1b[1;6D", "ctrl+shift+left"],
  ["\x1b[1;7A", "ctrl+alt+up"],
  ["\x1b[1;9A", "super+up"],
  ["\x1b[a", "shift+up"],
  ["\x1bOc", "ctrl+right"],
  // Home / End / Insert / Delete / Page keys in their variants
  ["\x1b[H", "home"],
  ["\x1b[F", "end"],
  ["\x1bOH", "home"],
  ["\x1bOF", "end"],
  ["\x1b[1~", "home"],
  ["\x1b[4~", "end"],
  ["\x1b[7~", "home"],
  ["\x1b[8~", "end"],
  ["\x1b[1;5H", "ctrl+home"],
  ["\x1b[2~", "insert"],
  ["\x1b[3~", "delete"],
  ["\x1b[3;2~", "shift+delete"],
  ["\x1b[3;5~", "ctrl+delete"],
  ["\x1b[3^", "ctrl+delete"],
  ["\x1b[5~", "pageup"],
  ["\x1b[6~", "pagedown"],
  ["\x1b[5;5~", "ctrl+pageup"],
  ["\x1b[Z", "shift+tab"],
  // function keys
  ["\x1bOP", "f1"],
  ["\x1bOQ", "f2"],
  ["\x1bOR", "f3"],
  ["\x1bOS", "f4"],
  ["\x1b[11~", "f1"],
  ["\x1b[[A", "f1"],
  ["\x1b[[E", "f5"],
  ["\x1b[1;2P", "shift+f1"],
  ["\x1b[1;5S", "ctrl+f4"],
  ["\x1b[13~", "f3"],
  ["\x1b[15~", "f5"],
  ["\x1b[17~", "f6"],
  ["\x1b[18~", "f7"],
  ["\x1b[19~", "f8"],
  ["\x1b[20~", "f9"],
  ["\x1b[21~", "f10"],
  ["\x1b[23~", "f11"],
  ["\x1b[24~", "f12"],
  ["\x1b[15;5~", "ctrl+f5"],
  ["\x1b[24;2~", "shift+f12"],
  // kitty keyboard protocol (CSI u)
  ["\x1b[13;2u", "shift+enter"],
  ["\x1b[13;5u", "ctrl+enter"],
  ["\x1b[13;3u", "alt+enter"],
  ["\x1b[9;5u", "ctrl+tab"],
  ["\x1b[9;6u", "ctrl+shift+tab"],
  ["\x1b[27u", "escape"],
  ["\x1b[127;5u", "ctrl+backspace"],
  ["\x1b[99;5u", "ctrl+c"],
  ["\x1b[105;5u", "ctrl+i"],
  ["\x1b[97;6u", "ctrl+shift+a"],
  ["\x1b[97;7u", "ctrl+alt+a"],
  ["\x1b[112;3u", "alt+p"],
  ["\x1b[99;9u", "super+c"],
  ["\x1b[32;5u", "ctrl+space"],
  ["\x1b[57414u", "enter"],
  ["\x1b[57376u", "f13"],
  ["\x1b[97;5:2u", "ctrl+a"],
  // xterm modifyOtherKeys
  ["\x1b[27;2;13~", "shift+enter"],
  ["\x1b[27;5;13~", "ctrl+enter"],
  ["\x1b[27;5;105~", "ctrl+i"],
  ["\x1b[27;6;65~", "ctrl+shift+a"],
];

describe("KeyDecoder", () => {
  test.each(TABLE)("%j is %s", (input, name) => {
    expect(names(input)).toEqual([name]);
  });

  test("names with a modifier or a named key are canonical for normalizeShortcut", () => {
    let checked = 0;
    for (const [input] of TABLE) {
      const event = key(input);
      // super and F13+ are beyond what shortcuts can name; a plain printable key is typing
      if (event.super || /^f(1[3-9]|[2-9]\d)$/.test(event.key)) continue;
      const printable = [...event.key].length === 1;
      if (printable && !event.ctrl && !event.alt) continue;
      expect(normalizeShortcut(event.name)).toBe(event.name);
      checked++;
    }
    expect(checked).toBeGreaterThan(80);
  });

  test("text: typed characters have it, keys with ctrl or alt do not", () => {
    expect(key("a").text).toBe("a");
    expect(key("A").text).toBe("A");
    expect(key("漢").text).toBe("漢");
    expect(key(" ").text).toBe(" ");
    expect(key("\x1ba").text).toBeUndefined();
    expect(key("\x03").text).toBeUndefined();
    expect(key("\r").text).toBeUndefined();
    expect(key("\x1b[97;2u").text).toBe("A");
    expect(key("\x1b[97;2:1;65u").text).toBe("A");
    expect(key("\x1b[99;5u").text).toBeUndefined();
    expect(key("\x1b[57400u").text).toBe("1");
  });

  test("modifier flags", () => {
    expect(key("\x1b[1;8A")).toMatchObject({ key: "up", ctrl: true, alt: true, shift: true, super: false });
    expect(key("\x1b[1;33A")).toMatchObject({ key: "up", alt: true });
    expect(key("\x1bA")).toMatchObject({ key: "a", alt: true, shift: true, ctrl: false });
  });

  test("several keys in one chunk", () => {
    expect(names("ab\x1b[Ac\r")).toEqual(["a", "b", "up", "c", "enter"]);
    expect(names("\x1b[A\x1b[B\x1b")).toEqual(["up", "down", "escape"]);
  });

  test("escape sequences split across chunks", () => {
    expect(names("\x1b", "[", "1;5", "A")).toEqual(["ctrl+up"]);
    expect(names("x\x1b[1", "3;2u")).toEqual(["x", "shift+enter"]);
    expect(names("\x1bO", "P")).toEqual(["f1"]);
    expect(names("\x1b", "a")).toEqual(["alt+a"]);
  });

  test("a lone ESC waits for the next chunk and is Escape on flush", () => {
    const decoder = new KeyDecoder();
    expect(decoder.feed("\x1b")).toEqual([]);
    expect(decoder.pending).toBe(true);
    expect(decoder.flush().map((e) => (e as KeyEvent).name)).toEqual(["escape"]);
    expect(decoder.pending).toBe(false);
  });

  test("an incomplete CSI flushed is Alt+[ followed by its characters", () => {
    expect(names("\x1b[1;")).toEqual(["alt+[", "1", ";"]);
  });

  test("UTF-8 split across chunks", () => {
    const bytes = new TextEncoder().encode("é漢👍");
    const chunks = [bytes.slice(0, 1), bytes.slice(1, 3), bytes.slice(3, 6), bytes.slice(6, 8), bytes.slice(8)];
    expect(names(...chunks)).toEqual(["é", "漢", "👍"]);
  });

  test("bracketed paste is one event, newlines kept", () => {
    expect(decode("\x1b[200~line 1\r\nline 2\rline 3\nend\x1b[201~")).toEqual([{ type: "paste", text: "line 1\nline 2\nline 3\nend" }]);
  });

  test("bracketed paste split across chunks, markers included", () => {
    expect(names("x\x1b[20", "0~first\r", "second\x1b[2", "01~y")).toEqual(["x", "paste:first\nsecond", "y"]);
    expect(names("\x1b[200~", "a", "\x1b", "[", "2", "0", "1", "~")).toEqual(["paste:a"]);
  });

  test("a paste does not end on a flush and keeps escape-looking text as text", () => {
    const decoder = new KeyDecoder();
    expect(decoder.feed("\x1b[200~abc\x1b")).toEqual([]);
    expect(decoder.flush()).toEqual([]);
    expect(decoder.pasting).toBe(true);
    expect(decoder.feed("[Adef\x1b[201~")).toEqual([{ type: "paste", text: "abcdef" }]);
  });

  test("pasted control characters are removed, tabs kept", () => {
    expect(decode("\x1b[200~a\tb\x07c\x1b[31md\x1b[201~")).toEqual([{ type: "paste", text: "a\tbcd" }]);
  });

  test("an empty paste", () => {
    expect(decode("\x1b[200~\x1b[201~")).toEqual([{ type: "paste", text: "" }]);
  });

  test("large paste in many chunks", () => {
    const text = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join("\n");
    const data = `\x1b[200~${text}\x1b[201~`;
    const chunks: string[] = [];
    for (let i = 0; i < data.length; i += 7) chunks.push(data.slice(i, i + 7));
    expect(decode(...chunks)).toEqual([{ type: "paste", text }]);
  });

  test("terminal replies", () => {
    expect(decode("\x1b[?1u")).toEqual([{ type: "reply", kind: "keyboard-flags", flags: 1 }]);
    expect(decode("\x1b[?0u")).toEqual([{ type: "reply", kind: "keyboard-flags", flags: 0 }]);
    expect(decode("\x1b[?62;22c")).toEqual([{ type: "reply", kind: "device-attributes", params: "62;22" }]);
    expect(decode("\x1b[?2026;2$y")).toEqual([{ type: "reply", kind: "mode", mode: 2026, value: 2 }]);
  });

  test("the OSC 11 background reply, ended by BEL or ST and split across chunks; other OSC strings dropped", () => {
    const bel = "\x1b]11;rgb:1e1e/1e1e/2e2e\x07";
    const st = "\x1b]11;rgb:ffff/ffff/ffff\x1b\\";
    expect(decode(bel)).toEqual([{ type: "reply", kind: "background", sequence: bel }]);
    expect(decode(st + "x")).toEqual([{ type: "reply", kind: "background", sequence: st }, expect.objectContaining({ name: "x" })]);
    expect(decode(bel.slice(0, 9), bel.slice(9))).toEqual([{ type: "reply", kind: "background", sequence: bel }]);
    expect(decode("\x1b]10;rgb:0/0/0\x07a")).toEqual([expect.objectContaining({ name: "a" })]);
  });

  test("alt+] typed alone is still a key", () => {
    const decoder = new KeyDecoder();
    expect(decoder.feed("\x1b]")).toEqual([]);
    expect(decoder.flush()).toEqual([expect.objectContaining({ name: "alt+]" })]);
  });

  test("key releases, focus, mouse and unknown sequences are dropped", () => {
    expect(decode("\x1b[97;1:3u")).toEqual([]);
    expect(decode("\x1b[I\x1b[O")).toEqual([]);
    expect(decode("\x1b[<0;10;5M")).toEqual([]);
    expect(decode("\x1b[99~")).toEqual([]);
    expect(decode("\x1b[57441u")).toEqual([]);
  });

  test("sequence is the bytes the key came from", () => {
    expect(key("\x1b[1;5A").sequence).toBe("\x1b[1;5A");
    expect(key("\x1ba").sequence).toBe("\x1ba");
  });
});
