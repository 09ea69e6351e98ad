/**
 * A compact line-based unified diff, for showing what an edit changed (to the model as +/- counts,
 * to the UI as hunks). Myers's algorithm (the `diff` package) finds the shortest edit script; its
 * cost grows with the square of the script's length, so each run gets a bounded length and the whole
 * diff a bounded total. A region too changed for that is split at the lines that occur once in each
 * text (patience anchors) and each piece diffed on its own; a piece still over the bound is shown
 * replaced whole. Edits change a few places, so the common case is one cheap run however far apart
 * they are.
 */
import { diffArrays } from "diff/lib/diff/array.js";

interface Op {
  kind: " " | "-" | "+";
  text: string;
}

export interface UnifiedDiff {
  /** `--- a/path`, `+++ b/path` and `@@` hunks; empty when the texts are equal. */
  diff: string;
  /** 1-based line in the new text where the first change is; undefined when nothing changed. */
  firstChangedLine: number | undefined;
  added: number;
  removed: number;
}

/** The longest edit script (lines removed + added) one Myers run may look for: about 20 ms at worst. */
const MAX_EDIT_LENGTH = 500;
/** The edit-script length all the runs of one diff may spend together, so a huge rewrite stays cheap. */
const TOTAL_EDIT_LENGTH = 4_000;

export function unifiedDiff(oldText: string, newText: string, path: string, context = 3): UnifiedDiff {
  const ops = editScript(toLines(oldText), toLines(newText), { left: TOTAL_EDIT_LENGTH }, true);
  const first = ops.findIndex((op) => op.kind !== " ");
  if (first < 0) return { diff: "", firstChangedLine: undefined, added: 0, removed: 0 };
  return {
    diff: `--- a/${path}\n+++ b/${path}\n${formatHunks(ops, context)}`,
    firstChangedLine: first + 1, // every op before the first change is a kept line
    added: ops.filter((op) => op.kind === "+").length,
    removed: ops.filter((op) => op.kind === "-").length,
  };
}

function toLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

const same = (lines: string[]) => lines.map((text): Op => ({ kind: " ", text }));
const replaced = (a: string[], b: string[]) => [...a.map((text): Op => ({ kind: "-", text })), ...b.map((text): Op => ({ kind: "+", text }))];

/** The edit script turning `a` into `b`; `split` allows splitting at patience anchors (once, at the top). */
function editScript(a: string[], b: string[], budget: { left: number }, split: boolean): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  return [...same(a.slice(0, pre)), ...diffMiddle(midA, midB, budget, split), ...same(a.slice(a.length - suf))];
}

/** The edit script of two regions that differ at both ends (or one of which is empty). */
function diffMiddle(a: string[], b: string[], budget: { left: number }, split: boolean): Op[] {
  // Nothing in common (a rewrite, or one side empty): replaced whole is the shortest script; no search needed.
  const inA = new Set(a);
  if (!b.some((line) => inA.has(line))) return replaced(a, b);
  const maxEditLength = Math.min(MAX_EDIT_LENGTH, budget.left);
  const changes = maxEditLength > 0 ? diffArrays(a, b, { maxEditLength }) : undefined;
  if (changes) {
    const ops = changes.flatMap((c) => c.value.map((text): Op => ({ kind: c.added ? "+" : c.removed ? "-" : " ", text })));
    budget.left -= ops.filter((op) => op.kind !== " ").length;
    return ops;
  }
  budget.left -= maxEditLength;
  const anchors = split ? patienceAnchors(a, b) : [];
  if (anchors.length === 0) return replaced(a, b);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, bj] of [...anchors, [a.length, b.length] as const]) {
    // A loop, not push(...): a gap may hold more lines than a call may take arguments.
    for (const op of editScript(a.slice(i, ai), b.slice(j, bj), budget, false)) ops.push(op);
    if (ai < a.length) ops.push({ kind: " ", text: a[ai]! });
    i = ai + 1;
    j = bj + 1;
  }
  return ops;
}

/**
 * Pairs of positions [in a, in b] of lines that occur exactly once in each, the longest run of them
 * in the same order in both (patience diff): lines that surely did not change, to split a diff at.
 */
function patienceAnchors(a: string[], b: string[]): (readonly [number, number])[] {
  const counts = new Map<string, { inA: number; inB: number; atA: number; atB: number }>();
  a.forEach((line, i) => {
    const c = counts.get(line) ?? { inA: 0, inB: 0, atA: i, atB: -1 };
    c.inA++;
    counts.set(line, c);
  });
  b.forEach((line, j) => {
    const c = counts.get(line);
    if (c) {
      c.inB++;
      c.atB = j;
    }
  });
  const pairs = [...counts.values()].filter((c) => c.inA === 1 && c.inB === 1).map((c) => [c.atA, c.atB] as const);
  pairs.sort((x, y) => x[0] - y[0]);
  return longestIncreasing(pairs);
}

/** The longest subsequence of pairs (sorted by their first member) whose second members increase: O(n log n). */
function longestIncreasing(pairs: (readonly [number, number])[]): (readonly [number, number])[] {
  const tails: number[] = []; // tails[k]: index of the pair ending the best run of length k + 1
  const previous: number[] = [];
  pairs.forEach((pair, index) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < pair[1]) lo = mid + 1;
      else hi = mid;
    }
    previous[index] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = index;
  });
  const run: (readonly [number, number])[] = [];
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = previous[k]!) run.push(pairs[k]!);
  return run.reverse();
}

function formatHunks(ops: Op[], context: number): string {
  // Line counters before each op, for the @@ headers.
  const before = { a: [] as number[], b: [] as number[] };
  let lineA = 0;
  let lineB = 0;
  for (const op of ops) {
    before.a.push(lineA);
    before.b.push(lineB);
    if (op.kind !== "+") lineA++;
    if (op.kind !== "-") lineB++;
  }

  const changes = ops.flatMap((op, i) => (op.kind === " " ? [] : [i]));
  let out = "";
  let k = 0;
  while (k < changes.length) {
    const firstChange = changes[k]!;
    let lastChange = firstChange;
    // Changes closer than two contexts apart share a hunk.
    while (k + 1 < changes.length && changes[k + 1]! - lastChange - 1 <= 2 * context) lastChange = changes[++k]!;
    k++;
    const start = Math.max(0, firstChange - context);
    const body = ops.slice(start, Math.min(ops.length, lastChange + context + 1));
    const countA = body.filter((op) => op.kind !== "+").length;
    const countB = body.filter((op) => op.kind !== "-").length;
    out += `@@ -${range(before.a[start]!, countA)} +${range(before.b[start]!, countB)} @@\n`;
    out += body.map((op) => `${op.kind}${op.text}\n`).join("");
  }
  return out;
}

/** A hunk range as unified diff writes it: an empty range names the line before it. */
function range(linesBefore: number, count: number): string {
  if (count === 0) return `${linesBefore},0`;
  return count === 1 ? `${linesBefore + 1}` : `${linesBefore + 1},${count}`;
}
