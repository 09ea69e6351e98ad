/**
 * Escape sequences inside styled text: recognising them, and tracking the SGR style (and OSC 8
 * hyperlink) that is in force at a point of a line, so a line cut in two can close its style at the
 * cut and open the same style again on the next line.
 */

/** Resets every SGR attribute. */
export const SGR_RESET = "\x1b[0m";
/** Closes an OSC 8 hyperlink. */
export const LINK_CLOSE = "\x1b]8;;\x07";

/**
 * One escape sequence at a position (sticky): CSI (ESC [ params intermediates final), OSC / DCS /
 * APC / PM / SOS strings ended by BEL or ST, or a two-byte ESC sequence.
 */
const ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]P_^X][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/y;

/** Length of the escape sequence starting at `index` (which holds ESC), or 0 when none is complete there. */
export function escapeLengthAt(text: string, index: number): number {
  ESCAPE.lastIndex = index;
  const match = ESCAPE.exec(text);
  return match ? match[0].length : 0;
}

/** `text` without escape sequences. */
export function stripAnsi(text: string): string {
  return text.includes("\x1b") ? Bun.stripANSI(text) : text;
}

/** Every escape sequence (the same forms as ESCAPE). */
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]P_^X][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;
/** C0 and C1 control characters and DEL; the second keeps tab and line feed. */
const CONTROLS_ALL = /[\x00-\x1f\x7f-\x9f]/g;
const CONTROLS_BUT_LAYOUT = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Text that came from outside kit (a file name in a repository, a session name, a first prompt) made
 * safe to print as one line on a terminal: escape sequences and every control character removed, so
 * it can neither set the window title, clear the screen, move the cursor nor break the line.
 */
export function printableLine(text: string): string {
  return text.replace(ESCAPES, "").replace(CONTROLS_ALL, "");
}

/** As printableLine, for text of several lines: tabs and line feeds are kept. */
export function printableText(text: string): string {
  return text.replace(ESCAPES, "").replace(CONTROLS_BUT_LAYOUT, "");
}

const SIMPLE_ON: Record<number, string> = { 1: "bold", 2: "dim", 3: "italic", 4: "underline", 5: "blink", 6: "blink", 7: "inverse", 8: "hidden", 9: "strike", 53: "overline" };
const SIMPLE_OFF: Record<number, string[]> = { 22: ["bold", "dim"], 23: ["italic"], 24: ["underline"], 25: ["blink"], 27: ["inverse"], 28: ["hidden"], 29: ["strike"], 55: ["overline"] };

/**
 * The SGR attributes and hyperlink in force after a run of escape sequences. Feed every escape
 * sequence of a line to `apply` in order; `open()` is then the shortest prefix that puts a fresh
 * line in the same style, and `close()` what ends it.
 */
export class StyleState {
  private attrs = new Map<string, string>();
  private fg: string | undefined;
  private bg: string | undefined;
  private underlineColor: string | undefined;
  private link: string | undefined;

  /** True when some attribute or a hyperlink is in force. */
  get active(): boolean {
    return this.attrs.size > 0 || this.fg !== undefined || this.bg !== undefined || this.underlineColor !== undefined || this.link !== undefined;
  }

  reset(): void {
    this.attrs.clear();
    this.fg = this.bg = this.underlineColor = this.link = undefined;
  }

  /** Applies one escape sequence; anything but SGR and OSC 8 leaves the state as it is. */
  apply(seq: string): void {
    if (seq.startsWith("\x1b[") && seq.endsWith("m")) this.applySgr(seq.slice(2, -1));
    else if (seq.startsWith("\x1b]8;")) {
      const body = seq.slice(4).replace(/(\x07|\x1b\\)$/, "");
      const uri = body.slice(body.indexOf(";") + 1);
      this.link = uri === "" ? undefined : seq;
    }
  }

  /** Sequences that set this state on a line that starts unstyled. */
  open(): string {
    let out = "";
    const codes: string[] = [...this.attrs.values()];
    if (this.fg) codes.push(this.fg);
    if (this.bg) codes.push(this.bg);
    if (this.underlineColor) codes.push(this.underlineColor);
    if (codes.length) out += `\x1b[${codes.join(";")}m`;
    if (this.link) out += this.link;
    return out;
  }

  /** Sequences that end this state (empty when nothing is in force). */
  close(): string {
    let out = "";
    if (this.attrs.size > 0 || this.fg || this.bg || this.underlineColor) out += SGR_RESET;
    if (this.link) out += LINK_CLOSE;
    return out;
  }

  private applySgr(params: string): void {
    if (params === "") return this.resetSgr();
    const parts = params.split(";");
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      // Colon forms carry their own sub-parameters: 38:2::r:g:b, 4:3 (curly underline).
      const colon = part.indexOf(":");
      const code = Number(colon === -1 ? part : part.slice(0, colon));
      if (colon !== -1) {
        if (code === 38) this.fg = part;
        else if (code === 48) this.bg = part;
        else if (code === 58) this.underlineColor = part;
        else if (code === 4) {
          if (part === "4:0") this.attrs.delete("underline");
          else this.attrs.set("underline", part);
        }
        continue;
      }
      if (code === 38 || code === 48 || code === 58) {
        const mode = parts[i + 1];
        const take = mode === "5" ? 2 : mode === "2" ? 4 : 0;
        const value = parts.slice(i, i + 1 + take).join(";");
        i += take;
        if (code === 38) this.fg = value;
        else if (code === 48) this.bg = value;
        else this.underlineColor = value;
        continue;
      }
      if (code === 0 || Number.isNaN(code)) this.resetSgr();
      else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) this.fg = part;
      else if (code === 39) this.fg = undefined;
      else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) this.bg = part;
      else if (code === 49) this.bg = undefined;
      else if (code === 59) this.underlineColor = undefined;
      else if (SIMPLE_ON[code]) this.attrs.set(SIMPLE_ON[code]!, part);
      else if (SIMPLE_OFF[code]) for (const name of SIMPLE_OFF[code]!) this.attrs.delete(name);
    }
  }

  private resetSgr(): void {
    this.attrs.clear();
    this.fg = this.bg = this.underlineColor = undefined;
  }
}
