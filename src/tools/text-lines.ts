/** How the lines of a file are shown to a model. */

/** `cat -n` style: the line number right-aligned in six columns, a tab, the text. */
export function numberLine(n: number, text: string): string {
  return `${String(n).padStart(6)}\t${text}`;
}
