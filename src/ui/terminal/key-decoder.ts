/**
 * Terminal input bytes to events. Feed it chunks as they arrive; it keeps what is incomplete (a
 * UTF-8 character or escape sequence split across reads, a bracketed paste still coming) for the
 * next chunk. A lone ESC is ambiguous (the Escape key, or the start of a sequence whose rest is late):
 * it stays pending until the next chunk or `flush()`, which the terminal calls after a short quiet.
 *
 * Understood: legacy control characters, ESC-prefixed Alt, CSI and SS3 cursor/function keys with
 * xterm modifiers (CSI 1;5A), rxvt and Linux console variants, the kitty keyboard protocol (CSI u),
 * xterm modifyOtherKeys (CSI 27;mod;code ~), bracketed paste (CSI 200~ … CSI 201~), and the
 * terminal's replies to the queries kit sends (keyboard flags, device attributes, DECRPM).
 *
 * Key names have the format of `normalizeShortcut` in src/extensions/shortcut-keys.ts: modifiers in
 * the order ctrl, alt, shift, then the key, lower case ("ctrl+c", "shift+tab", "alt+enter", "f5").
 */

export interface KeyEvent {
  type: "key";
  /** Canonical name: "ctrl+alt+p", "shift+tab", "enter", "f5", "a", "shift+a", "漢". */
  name: string;
  /** The key without modifiers: "enter", "up", "f5", "space", "a" (letters in lower case). */
  key: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  /** Super / Cmd, reported only by the kitty protocol; such a key has no `text`. */
  super: boolean;
  /** The text the key types, when it types (no ctrl, alt or super): "a", "A", "漢", " ". */
  text?: string;
  /** The bytes it came from. */
  sequence: string;
}

export interface PasteEvent {
  type: "paste";
  /** The pasted text: line breaks as "\n", other control characters (ESC included) removed. */
  text: string;
}

/** An answer of the terminal to a query; the terminal layer consumes these. */
export type ReplyEvent =
  | { type: "reply"; kind: "keyboard-flags"; flags: number }
  | { type: "reply"; kind: "device-attributes"; params: string }
  | { type: "reply"; kind: "mode"; mode: number; value: number }
  /** OSC 11: the terminal's background colour, the whole reply as sent (see theme/background.ts). */
  | { type: "reply"; kind: "background"; sequence: string };

export type InputEvent = KeyEvent | PasteEvent | ReplyEvent;

const PASTE_START = "\x1b[200~";
const PASTE_END = "\x1b[201~";
const MAX_SEQUENCE = 64;
/** Longest OSC reply accepted (a colour report is about 30 bytes). */
const MAX_OSC = 256;

export function keyName(key: string, mods: { ctrl?: boolean; alt?: boolean; shift?: boolean; super?: boolean }): string {
  let name = "";
  if (mods.ctrl) name += "ctrl+";
  if (mods.alt) name += "alt+";
  if (mods.shift) name += "shift+";
  if (mods.super) name += "super+";
  return name + key;
}

interface Mods {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  super: boolean;
}

const NO_MODS: Mods = { ctrl: false, alt: false, shift: false, super: false };

function makeKey(key: string, mods: Mods, sequence: string, text?: string): KeyEvent {
  const event: KeyEvent = { type: "key", name: keyName(key, mods), key, ctrl: mods.ctrl, alt: mods.alt, shift: mods.shift, super: mods.super, sequence };
  if (text !== undefined && !mods.ctrl && !mods.alt && !mods.super) event.text = text;
  return event;
}

/** xterm modifier parameter (1 + bits) to flags; meta counts as alt. */
function decodeMods(param: string | undefined): Mods {
  const bits = Math.max(0, (Number(param) || 1) - 1);
  return { shift: (bits & 1) !== 0, alt: (bits & 2) !== 0 || (bits & 32) !== 0, ctrl: (bits & 4) !== 0, super: (bits & 8) !== 0 };
}

/** The key a printable character is, and whether it implies shift (an upper-case letter). */
function printable(ch: string, mods: Mods, sequence: string, text = ch): KeyEvent {
  if (ch === " ") return makeKey("space", mods, sequence, text);
  const lower = ch.toLowerCase();
  const upper = lower !== ch && ch.toUpperCase() === ch;
  return makeKey(upper ? lower : ch, upper ? { ...mods, shift: true } : mods, sequence, text);
}

/** A single character typed without escape prefix (control characters included). */
function charKey(ch: string, sequence: string, alt = false): KeyEvent {
  const code = ch.codePointAt(0)!;
  const mods = { ...NO_MODS, alt };
  switch (code) {
    case 0:
      return makeKey("space", { ...mods, ctrl: true }, sequence);
    case 9:
      return makeKey("tab", mods, sequence);
    case 13:
      return makeKey("enter", mods, sequence);
    case 27:
      return makeKey("escape", mods, sequence);
    case 127:
      return makeKey("backspace", mods, sequence);
    case 28:
      return makeKey("\\", { ...mods, ctrl: true }, sequence);
    case 29:
      return makeKey("]", { ...mods, ctrl: true }, sequence);
    case 30:
      return makeKey("^", { ...mods, ctrl: true }, sequence);
    case 31:
      return makeKey("_", { ...mods, ctrl: true }, sequence);
  }
  if (code < 32) return makeKey(String.fromCharCode(code + 96), { ...mods, ctrl: true }, sequence);
  return printable(ch, mods, sequence);
}

const TILDE_KEYS: Record<number, string> = {
  1: "home", 2: "insert", 3: "delete", 4: "end", 5: "pageup", 6: "pagedown", 7: "home", 8: "end",
  11: "f1", 12: "f2", 13: "f3", 14: "f4", 15: "f5", 17: "f6", 18: "f7", 19: "f8", 20: "f9", 21: "f10", 23: "f11", 24: "f12",
};

const LETTER_KEYS: Record<string, string> = {
  A: "up", B: "down", C: "right", D: "left", H: "home", F: "end", P: "f1", Q: "f2", R: "f3", S: "f4", Z: "tab",
};

/** Kitty functional key codes (private use area) kit cares about. */
const KITTY_KEYS: Record<number, string> = {
  9: "tab", 13: "enter", 27: "escape", 127: "backspace", 8: "backspace", 32: "space",
  57409: ".", 57410: "/", 57411: "*", 57412: "-", 57413: "+", 57414: "enter", 57415: "=",
  57417: "left", 57418: "right", 57419: "up", 57420: "down", 57421: "pageup", 57422: "pagedown",
  57423: "home", 57424: "end", 57425: "insert", 57426: "delete",
};

/** The key of a kitty / modifyOtherKeys key code with modifiers and optional text. */
function codeKey(code: number, mods: Mods, sequence: string, shifted?: number, text?: string): KeyEvent | null {
  if (code >= 57399 && code <= 57408) return printable(String(code - 57399), mods, sequence);
  if (code >= 57376 && code <= 57398) return makeKey(`f${code - 57376 + 13}`, mods, sequence);
  const named = KITTY_KEYS[code];
  if (named) {
    if (named === "space") return makeKey("space", mods, sequence, " ");
    if (named.length === 1) return makeKey(named, mods, sequence, named);
    return makeKey(named, mods, sequence);
  }
  if (code >= 57344 && code <= 63743) return null; // other functional keys: lock and modifier keys, media
  if (code < 32) return null;
  const ch = String.fromCodePoint(code);
  const typed = text ?? (mods.shift ? (shifted ? String.fromCodePoint(shifted) : ch.toUpperCase()) : ch);
  return makeKey(ch.toLowerCase(), mods, sequence, typed);
}

/** Decodes a complete CSI sequence; null for sequences kit does not use. */
function decodeCsi(params: string, intermediates: string, final: string, sequence: string): InputEvent | null {
  const lead = params[0];
  if (lead === "?") {
    if (final === "u") return { type: "reply", kind: "keyboard-flags", flags: Number(params.slice(1)) || 0 };
    if (final === "c") return { type: "reply", kind: "device-attributes", params: params.slice(1) };
    if (final === "y" && intermediates === "$") {
      const [mode, value] = params.slice(1).split(";");
      return { type: "reply", kind: "mode", mode: Number(mode), value: Number(value) };
    }
    return null;
  }
  if (lead === "<" || lead === ">" || lead === "=" || intermediates !== "") return null;
  const fields = params.split(";");
  if (final === "u") {
    const [code, shifted] = (fields[0] ?? "").split(":").map(Number);
    const [modParam, eventType] = (fields[1] ?? "").split(":");
    if (eventType === "3") return null; // key release
    const text = fields[2] ? String.fromCodePoint(...fields[2].split(":").map(Number)) : undefined;
    return code === undefined || Number.isNaN(code) ? null : codeKey(code, decodeMods(modParam), sequence, shifted, text);
  }
  if (final === "~" || final === "^" || final === "$" || final === "@") {
    const number = Number(fields[0]);
    if (number === 27 && final === "~") return codeKey(Number(fields[2]), decodeMods(fields[1]), sequence);
    const key = TILDE_KEYS[number];
    if (!key) return null;
    const mods = decodeMods(fields[1]);
    if (final === "^" || final === "@") mods.ctrl = true;
    if (final === "$" || final === "@") mods.shift = true;
    return makeKey(key, mods, sequence);
  }
  if (final >= "a" && final <= "d" && params === "") return makeKey(LETTER_KEYS[final.toUpperCase()]!, { ...NO_MODS, shift: true }, sequence);
  const key = LETTER_KEYS[final];
  if (!key) return null;
  const mods = decodeMods(fields[1]);
  if (final === "Z") mods.shift = true;
  return makeKey(key, mods, sequence);
}

type Parsed = { events: InputEvent[]; length: number } | "incomplete";

function parseEscape(s: string, i: number, final: boolean): Parsed {
  if (i + 1 >= s.length) return final ? { events: [charKey("\x1b", "\x1b")], length: 1 } : "incomplete";
  const next = s[i + 1]!;
  if (next === "[") return parseCsi(s, i, final);
  if (next === "]") return parseOsc(s, i, final);
  if (next === "O") return parseSs3(s, i, final);
  if (next === "\x1b") {
    const after = s[i + 2];
    if (after === undefined && !final) return "incomplete";
    if (after === "[" || after === "O") {
      const inner = parseEscape(s, i + 1, final);
      if (inner === "incomplete") return inner;
      const events = inner.events.map((e) => (e.type === "key" ? makeKey(e.key, { ctrl: e.ctrl, alt: true, shift: e.shift, super: e.super }, "\x1b" + e.sequence) : e));
      return { events, length: inner.length + 1 };
    }
    return { events: [charKey("\x1b", "\x1b\x1b", true)], length: 2 };
  }
  const ch = String.fromCodePoint(s.codePointAt(i + 1)!);
  return { events: [charKey(ch, "\x1b" + ch, true)], length: 1 + ch.length };
}

/**
 * An OSC string (ESC ] … BEL or ESC \\): only ever a terminal's reply to a query. OSC 11 (the
 * background colour) is passed on; others are dropped. Alt+] typed alone is ESC ] followed by
 * nothing that ends a string, so a long or unended one falls back to that key.
 */
function parseOsc(s: string, i: number, final: boolean): Parsed {
  const bel = s.indexOf("\x07", i + 2);
  const st = s.indexOf("\x1b\\", i + 2);
  const end = bel === -1 ? st : st === -1 ? bel : Math.min(bel, st);
  if (end === -1 || end - i > MAX_OSC) {
    if (!final && end === -1 && s.length - i <= MAX_OSC) return "incomplete";
    return { events: [printable("]", { ...NO_MODS, alt: true }, "\x1b]")], length: 2 };
  }
  const length = end - i + (end === bel ? 1 : 2);
  const sequence = s.slice(i, i + length);
  return { events: sequence.startsWith("\x1b]11;") ? [{ type: "reply", kind: "background", sequence }] : [], length };
}

function altBracket(): Parsed {
  return { events: [printable("[", { ...NO_MODS, alt: true }, "\x1b[")], length: 2 };
}

function parseCsi(s: string, i: number, final: boolean): Parsed {
  let j = i + 2;
  if (s[j] === "[") {
    // Linux console F1-F5: ESC [ [ A..E
    if (j + 1 >= s.length) return final ? altBracket() : "incomplete";
    const key = "ABCDE".indexOf(s[j + 1]!);
    if (key === -1) return altBracket();
    return { events: [makeKey(`f${key + 1}`, NO_MODS, s.slice(i, j + 2))], length: j + 2 - i };
  }
  const paramsStart = j;
  while (j < s.length && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x3f) j++;
  const intermediatesStart = j;
  while (j < s.length && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x2f) j++;
  if (j >= s.length) return final || j - i > MAX_SEQUENCE ? altBracket() : "incomplete";
  const code = s.charCodeAt(j);
  if (code < 0x40 || code > 0x7e) return altBracket();
  const sequence = s.slice(i, j + 1);
  const event = decodeCsi(s.slice(paramsStart, intermediatesStart), s.slice(intermediatesStart, j), s[j]!, sequence);
  return { events: event ? [event] : [], length: j + 1 - i };
}

function parseSs3(s: string, i: number, final: boolean): Parsed {
  let j = i + 2;
  while (j < s.length && s[j]! >= "0" && s[j]! <= "9") j++;
  if (j >= s.length) return final ? { events: [printable("O", { ...NO_MODS, alt: true }, "\x1bO")], length: 2 } : "incomplete";
  const sequence = s.slice(i, j + 1);
  const finalChar = s[j]!;
  const mods = decodeMods(s.slice(i + 2, j) || undefined);
  if (finalChar === "M") return { events: [makeKey("enter", mods, sequence)], length: j + 1 - i };
  if (finalChar >= "a" && finalChar <= "d") {
    return { events: [makeKey(LETTER_KEYS[finalChar.toUpperCase()]!, { ...mods, ctrl: true }, sequence)], length: j + 1 - i };
  }
  const key = LETTER_KEYS[finalChar];
  if (!key || finalChar === "Z") return { events: [printable("O", { ...NO_MODS, alt: true }, "\x1bO")], length: 2 };
  return { events: [makeKey(key, mods, sequence)], length: j + 1 - i };
}

/** Pasted text as kit keeps it: "\n" line breaks, no other control characters. */
function cleanPaste(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f]/g, "");
}

/** Length of the longest suffix of `text` that is a proper prefix of `marker`. */
function partialSuffix(text: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, text.length); n > 0; n--) if (text.endsWith(marker.slice(0, n))) return n;
  return 0;
}

export class KeyDecoder {
  private buffer = "";
  private paste: string | null = null;
  private readonly utf8 = new TextDecoder("utf-8");

  /** Decodes a chunk; bytes may split UTF-8 characters, strings may split escape sequences. */
  feed(chunk: string | Uint8Array): InputEvent[] {
    this.buffer += typeof chunk === "string" ? chunk : this.utf8.decode(chunk, { stream: true });
    return this.parse(false);
  }

  /** Takes what is held as complete: a lone ESC becomes the Escape key. A paste still coming is kept. */
  flush(): InputEvent[] {
    return this.parse(true);
  }

  /** True when an incomplete escape sequence is held (the caller flushes it after a short quiet). */
  get pending(): boolean {
    return this.paste === null && this.buffer.length > 0;
  }

  /** True while inside a bracketed paste whose end has not arrived. */
  get pasting(): boolean {
    return this.paste !== null;
  }

  private parse(final: boolean): InputEvent[] {
    const events: InputEvent[] = [];
    const s = this.buffer;
    let i = 0;
    while (i < s.length) {
      if (this.paste !== null) {
        const end = s.indexOf(PASTE_END, i);
        if (end === -1) {
          const keep = partialSuffix(s.slice(i), PASTE_END);
          this.paste += s.slice(i, s.length - keep);
          i = s.length - keep;
          break;
        }
        events.push({ type: "paste", text: cleanPaste(this.paste + s.slice(i, end)) });
        this.paste = null;
        i = end + PASTE_END.length;
        continue;
      }
      if (s[i] !== "\x1b") {
        const ch = String.fromCodePoint(s.codePointAt(i)!);
        events.push(charKey(ch, ch));
        i += ch.length;
        continue;
      }
      if (s.startsWith(PASTE_START, i)) {
        this.paste = "";
        i += PASTE_START.length;
        continue;
      }
      const parsed = parseEscape(s, i, final);
      if (parsed === "incomplete") break;
      events.push(...parsed.events);
      i += parsed.length;
    }
    this.buffer = s.slice(i);
    return events;
  }
}
