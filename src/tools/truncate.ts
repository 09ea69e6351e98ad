/**
 * Output limits shared by every built-in tool (spec/cli.md, "Built-in tools"): at most 2,000 lines or
 * 50 KB of tool output reach the model, and no single line longer than 2,000 characters. Tools that
 * show the start of something (read, grep, find, ls) keep the head; bash keeps the tail, because the
 * end of a command's output (the error, the summary) is what matters.
 */

export const MAX_LINES = 2000;
export const MAX_BYTES = 50 * 1024;
export const MAX_LINE_CHARS = 2000;

/** Cuts a line longer than MAX_LINE_CHARS, saying how much was cut so the model knows it is partial. */
export function cutLine(line: string): string {
  if (line.length <= MAX_LINE_CHARS) return line;
  return line.slice(0, MAX_LINE_CHARS) + cutMarker(line.length - MAX_LINE_CHARS);
}

export function cutMarker(removedChars: number): string {
  return `… [line cut: ${removedChars} more chars]`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Human wording of the limits, for truncation notices. */
export const LIMITS_TEXT = `${MAX_LINES} lines / ${formatBytes(MAX_BYTES)}`;

export interface HeadTruncation {
  /** The kept lines joined with "\n". */
  text: string;
  /** How many of the input lines were kept (a prefix of the input). */
  keptLines: number;
  truncated: boolean;
}

/**
 * Keeps the longest prefix of `lines` that fits both limits. Lines must already be cut with cutLine
 * (callers cut the file's text, not the line number or path they put in front of it).
 */
export function truncateHead(lines: readonly string[]): HeadTruncation {
  const kept: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    if (kept.length >= MAX_LINES) break;
    // +1 for the newline that joins it to the previous line.
    const size = Buffer.byteLength(line) + (kept.length > 0 ? 1 : 0);
    if (bytes + size > MAX_BYTES) break;
    bytes += size;
    kept.push(line);
  }
  return { text: kept.join("\n"), keptLines: kept.length, truncated: kept.length < lines.length };
}

/**
 * A rolling window over the last lines of a stream that never holds more than the limits, so a
 * command printing gigabytes costs constant memory. Counts everything it has seen. Lines must come
 * already cut to MAX_LINE_CHARS (LineSplitter does that while they stream in).
 */
export class TailWindow {
  private lines: string[] = [];
  /** Index of the first live line in `lines`; dropped lines are compacted away in batches. */
  private start = 0;
  private bytes = 0;
  totalLines = 0;

  /** `onEvict` receives each line as it leaves the window, oldest first (bash spills them to a file). */
  constructor(private readonly onEvict?: (line: string) => void) {}

  /** Adds one line (without its newline). */
  push(line: string): void {
    const size = Buffer.byteLength(line) + 1;
    this.lines.push(line);
    this.bytes += size;
    this.totalLines++;
    while (this.lines.length - this.start > MAX_LINES || this.bytes > MAX_BYTES) {
      const evicted = this.lines[this.start]!;
      this.bytes -= Buffer.byteLength(evicted) + 1;
      this.start++;
      this.onEvict?.(evicted);
    }
    if (this.start > 4096 && this.start * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.start);
      this.start = 0;
    }
  }

  get keptLines(): number {
    return this.lines.length - this.start;
  }

  text(): string {
    return this.lines.slice(this.start).join("\n");
  }
}
