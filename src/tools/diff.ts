/**
 * A compact line-based unified diff, for showing what an edit changed. The common head and tail are
 * stripped first, so the quadratic LCS runs only over the changed region, which for edits is small.
 */

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

/** Past this many cells the LCS table is not worth its memory; the region is shown as replaced whole. */
const MAX_LCS_CELLS = 4_000_000;

export function unifiedDiff(oldText: string, newText: string, path: string, context = 3): UnifiedDiff {
  const a = toLines(oldText);
  const b = toLines(newText);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;

  const middle = diffRegion(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf));
  if (middle.length === 0) return { diff: "", firstChangedLine: undefined, added: 0, removed: 0 };
  const ops: Op[] = [
    ...a.slice(0, pre).map((text): Op => ({ kind: " ", text })),
    ...middle,
    ...a.slice(a.length - suf).map((text): Op => ({ kind: " ", text })),
  ];
  const hunks = formatHunks(ops, context);
  return {
    diff: `--- a/${path}\n+++ b/${path}\n${hunks}`,
    firstChangedLine: pre + 1,
    added: middle.filter((op) => op.kind === "+").length,
    removed: middle.filter((op) => op.kind === "-").length,
  };
}

function toLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Edit script for two regions that differ at both ends: LCS by dynamic programming. */
function diffRegion(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_LCS_CELLS) {
    return [...a.map((text): Op => ({ kind: "-", text })), ...b.map((text): Op => ({ kind: "+", text }))];
  }
  // lcs[i * (m + 1) + j] = length of the LCS of a[i..] and b[j..]. min(n, m) <= 2000 here, so 16 bits suffice.
  const width = m + 1;
  const lcs = new Uint16Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: " ", text: a[i]! });
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
      ops.push({ kind: "-", text: a[i++]! });
    } else {
      ops.push({ kind: "+", text: b[j++]! });
    }
  }
  return ops;
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
