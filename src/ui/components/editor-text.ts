/**
 * Positions inside one line of editor text: grapheme boundaries (so the cursor never splits an
 * emoji or a combining sequence) and word boundaries for word motion and word kills.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const SPACE = /\s/u;

/** Start indices of the graphemes of `line`, plus line.length at the end. */
export function graphemeStarts(line: string): number[] {
  const starts: number[] = [];
  if (/^[\x20-\x7e]*$/.test(line)) for (let i = 0; i <= line.length; i++) starts.push(i);
  else {
    for (const { index } of segmenter.segment(line)) starts.push(index);
    starts.push(line.length);
  }
  return starts;
}

/** The grapheme boundary before `index` (0 at the start). */
export function prevGrapheme(line: string, index: number): number {
  let prev = 0;
  for (const start of graphemeStarts(line)) {
    if (start >= index) break;
    prev = start;
  }
  return prev;
}

/** The grapheme boundary after `index` (line.length at the end). */
export function nextGrapheme(line: string, index: number): number {
  for (const start of graphemeStarts(line)) if (start > index) return start;
  return line.length;
}

const isWord = (ch: string) => WORD_CHAR.test(ch);
const isSpace = (ch: string) => SPACE.test(ch);

/** Start of the word before `index`: skip non-word characters back, then word characters. */
export function wordStartBefore(line: string, index: number): number {
  let i = index;
  while (i > 0 && !isWord(line[i - 1]!)) i--;
  while (i > 0 && isWord(line[i - 1]!)) i--;
  return i;
}

/** End of the word after `index`: skip non-word characters, then word characters. */
export function wordEndAfter(line: string, index: number): number {
  let i = index;
  while (i < line.length && !isWord(line[i]!)) i++;
  while (i < line.length && isWord(line[i]!)) i++;
  return i;
}

/** Start of the whitespace-delimited word before `index` (readline's unix-word-rubout, ctrl+w). */
export function bigWordStartBefore(line: string, index: number): number {
  let i = index;
  while (i > 0 && isSpace(line[i - 1]!)) i--;
  while (i > 0 && !isSpace(line[i - 1]!)) i--;
  return i;
}
