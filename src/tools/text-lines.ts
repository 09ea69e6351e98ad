/** Turning file bytes into the lines a model sees. */

// The WHATWG decoder drops a leading BOM and turns invalid bytes into U+FFFD rather than failing.
const decoder = new TextDecoder();

export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * Lines of a text, without their terminators (LF or CRLF). A final newline ends the last line rather
 * than starting an empty one, so "a\nb\n" has two lines, like `wc -l` and editors count them.
 */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
}

/** `cat -n` style: the line number right-aligned in six columns, a tab, the text. */
export function numberLine(n: number, text: string): string {
  return `${String(n).padStart(6)}\t${text}`;
}
