import { MAX_LINE_CHARS, cutMarker } from "./truncate.ts";

/**
 * Splits streamed text into whole lines. Holds at most `maxChars` (default MAX_LINE_CHARS) of an
 * unfinished line, so output without newlines (a minified file, a progress bar, /dev/zero) cannot
 * grow memory; the excess is counted and the line ends with a cut marker.
 */
export class LineSplitter {
  private partial = "";
  private dropped = 0;

  constructor(private readonly maxChars = MAX_LINE_CHARS) {}

  /** Returns the lines that `text` completed, without their "\n" (nor a "\r" before it). */
  push(text: string): string[] {
    const done: string[] = [];
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      this.append(text.slice(start, nl));
      done.push(this.take());
      start = nl + 1;
    }
    this.append(text.slice(start));
    return done;
  }

  /** The unfinished last line, if any. */
  flush(): string | undefined {
    return this.partial === "" && this.dropped === 0 ? undefined : this.take();
  }

  private append(piece: string): void {
    const room = this.maxChars - this.partial.length;
    if (piece.length <= room) {
      this.partial += piece;
    } else {
      this.partial += piece.slice(0, room);
      this.dropped += piece.length - room;
    }
  }

  private take(): string {
    let line = this.partial;
    if (this.dropped === 0 && line.endsWith("\r")) line = line.slice(0, -1);
    if (this.dropped > 0) line += cutMarker(this.dropped);
    this.partial = "";
    this.dropped = 0;
    return line;
  }
}
