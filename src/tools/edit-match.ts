/**
 * Locating edit's old_text in a file. It must occur exactly once; when it does not, the error is
 * written for the model to correct itself: where the ambiguous matches are, or which region of the
 * file is closest to what it asked for (its usual mistakes are stale content and wrong whitespace).
 */
import { numberLine } from "./text-lines.ts";
import { cutLine } from "./truncate.ts";

/** Index of the single occurrence of `old` in `text`; throws a corrective error otherwise. */
export function locateUnique(text: string, old: string, what: string): number {
  const found: number[] = [];
  for (let at = text.indexOf(old); at !== -1; at = text.indexOf(old, at + 1)) found.push(at);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    const lines = found.map((at) => lineOf(text, at));
    const shown = lines.length > 10 ? `${lines.slice(0, 10).join(", ")}, …` : lines.join(", ");
    throw new Error(
      `old_text matches ${found.length} places in ${what} (lines ${shown}); it must match exactly one. ` +
        "Include more surrounding lines in old_text to make it unique.",
    );
  }
  throw new Error(`Could not find old_text in ${what}.\n${describeClosest(text, old)}`);
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at !== -1 && at < index; at = text.indexOf("\n", at + 1)) line++;
  return line;
}

/** At most this many lines of old_text are compared, and at most this many line pairs in all. */
const MAX_COMPARED_LINES = 30;
const MAX_COMPARISONS = 2_000_000;
/** Below this average line similarity a region is not worth showing. */
const MIN_SIMILARITY = 0.3;
const MAX_SHOWN_LINES = 30;

function describeClosest(text: string, old: string): string {
  const fileLines = text.split("\n");
  const oldLines = old.split("\n");
  if (oldLines.length > 1 && oldLines[oldLines.length - 1] === "") oldLines.pop();
  const span = Math.min(oldLines.length, fileLines.length);
  const compared = Math.max(1, Math.min(span, MAX_COMPARED_LINES, Math.floor(MAX_COMPARISONS / fileLines.length)));

  const fileGrams: Grams[] = [];
  const oldGrams = oldLines.slice(0, compared).map(grams);
  let best = { start: -1, score: 0 };
  for (let start = 0; start + span <= fileLines.length; start++) {
    let sum = 0;
    for (let i = 0; i < compared; i++) {
      const g = (fileGrams[start + i] ??= grams(fileLines[start + i]!));
      sum += similarity(g, oldGrams[i]!);
    }
    if (sum / compared > best.score) best = { start, score: sum / compared };
  }
  if (best.score < MIN_SIMILARITY) {
    return "Nothing similar is in the file; read it again to see its current content.";
  }

  const region = fileLines.slice(best.start, best.start + span);
  const wsOnly = best.score === 1 && compared === oldLines.length;
  const shown = region.slice(0, MAX_SHOWN_LINES).map((line, i) => numberLine(best.start + 1 + i, cutLine(line)));
  if (region.length > MAX_SHOWN_LINES) shown.push(`… (${region.length - MAX_SHOWN_LINES} more lines)`);
  const range = span === 1 ? `line ${best.start + 1}` : `lines ${best.start + 1}-${best.start + span}`;
  return (
    `The closest match is ${range}${wsOnly ? ", which differs only in whitespace" : ""}:\n` +
    `${shown.join("\n")}\n` +
    "Copy old_text exactly from the file (read it again if it may have changed), including whitespace and indentation."
  );
}

/** A line reduced for fuzzy comparison: whitespace runs collapsed, and its character bigrams sorted. */
interface Grams {
  norm: string;
  /** Each bigram as one number (two UTF-16 units), sorted, duplicates kept: a merge finds the overlap. */
  bigrams: Uint32Array;
}

function grams(line: string): Grams {
  const norm = line.trim().replace(/\s+/g, " ");
  const bigrams = new Uint32Array(Math.max(0, norm.length - 1));
  for (let i = 0; i < bigrams.length; i++) bigrams[i] = norm.charCodeAt(i) * 65536 + norm.charCodeAt(i + 1);
  return { norm, bigrams: bigrams.sort() };
}

/** 1 for lines equal up to whitespace, else the Dice coefficient of their bigrams. */
function similarity(a: Grams, b: Grams): number {
  if (a.norm === b.norm) return 1;
  const x = a.bigrams;
  const y = b.bigrams;
  if (x.length === 0 || y.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    if (x[i]! === y[j]!) {
      shared++;
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  return (2 * shared) / (x.length + y.length);
}
