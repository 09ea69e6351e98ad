/**
 * Fuzzy matching for lists and autocomplete: the query's characters must appear in the candidate
 * in order (case ignored). Among the ways they can, the best-scoring one is found (the fzy
 * algorithm: dynamic programming over query × candidate), where consecutive characters and
 * characters at word starts (after / - _ . space, or a lower→upper case change, or the very start)
 * score high and gaps cost a little. Higher scores are better.
 */

export interface FuzzyMatch {
  score: number;
  /** Indices (UTF-16) of the matched characters in the candidate, ascending. */
  positions: number[];
}

const GAP_LEADING = -0.005;
const GAP_TRAILING = -0.005;
const GAP_INNER = -0.01;
const MATCH_CONSECUTIVE = 1.0;
const MATCH_SLASH = 0.9;
const MATCH_WORD = 0.8;
const MATCH_CAPITAL = 0.7;
const MATCH_DOT = 0.6;
/** Longer candidates are matched greedily (no positions search) to bound the cost. */
const MAX_DP = 1024;

function bonusAt(candidate: string, j: number): number {
  const prev = j === 0 ? "/" : candidate[j - 1]!;
  const ch = candidate[j]!;
  if (prev === "/" || prev === "\\") return MATCH_SLASH;
  if (prev === "-" || prev === "_" || prev === " " || prev === ":") return MATCH_WORD;
  if (prev === ".") return MATCH_DOT;
  if (prev >= "a" && prev <= "z" && ch >= "A" && ch <= "Z") return MATCH_CAPITAL;
  return 0;
}

/** The best match of `query` in `candidate`, or undefined when its characters are not all there in order. */
export function fuzzyMatch(query: string, candidate: string): FuzzyMatch | undefined {
  if (query === "") return { score: 0, positions: [] };
  const q = query.toLowerCase();
  const c = candidate.toLowerCase();
  // Lower-casing can change lengths (rare non-ASCII cases): then compare code unit by code unit on the originals.
  const [qs, cs] = q.length === query.length && c.length === candidate.length ? [q, c] : [query, candidate];
  if (!isSubsequence(qs, cs)) return undefined;
  const n = qs.length;
  const m = cs.length;
  if (qs === cs) return { score: Number.MAX_SAFE_INTEGER, positions: Array.from({ length: n }, (_, i) => i) };
  if (m > MAX_DP) return greedy(qs, cs);

  const D: Float64Array[] = [];
  const M: Float64Array[] = [];
  const bonus = new Float64Array(m);
  for (let j = 0; j < m; j++) bonus[j] = bonusAt(candidate, j);
  for (let i = 0; i < n; i++) {
    const d = new Float64Array(m).fill(-Infinity);
    const best = new Float64Array(m).fill(-Infinity);
    const gap = i === n - 1 ? GAP_TRAILING : GAP_INNER;
    let prev = -Infinity;
    for (let j = 0; j < m; j++) {
      if (qs[i] === cs[j]) {
        let score = -Infinity;
        if (i === 0) score = j * GAP_LEADING + bonus[j]!;
        else if (j > 0) score = Math.max(M[i - 1]![j - 1]! + bonus[j]!, D[i - 1]![j - 1]! + MATCH_CONSECUTIVE);
        d[j] = score;
        best[j] = prev = Math.max(score, prev + gap);
      } else {
        best[j] = prev = prev + gap;
      }
    }
    D.push(d);
    M.push(best);
  }

  const positions = new Array<number>(n);
  let requireMatch = false;
  let j = m - 1;
  for (let i = n - 1; i >= 0; i--) {
    for (; j >= 0; j--) {
      const d = D[i]![j]!;
      if (d !== -Infinity && (requireMatch || d === M[i]![j])) {
        requireMatch = i > 0 && j > 0 && M[i]![j] === D[i - 1]![j - 1]! + MATCH_CONSECUTIVE;
        positions[i] = j--;
        break;
      }
    }
  }
  return { score: M[n - 1]![m - 1]!, positions };
}

function isSubsequence(q: string, c: string): boolean {
  let i = 0;
  for (let j = 0; j < c.length && i < q.length; j++) if (q[i] === c[j]) i++;
  return i === q.length;
}

function greedy(q: string, c: string): FuzzyMatch {
  const positions: number[] = [];
  let score = 0;
  for (let i = 0, j = 0; i < q.length; j++) {
    if (q[i] === c[j]) {
      if (positions.length > 0 && positions[positions.length - 1] === j - 1) score += MATCH_CONSECUTIVE;
      positions.push(j);
      i++;
    }
  }
  return { score: score - (c.length - q.length) * 0.001, positions };
}

export interface FuzzyResult<T> extends FuzzyMatch {
  item: T;
  /** Index of the item in the input list. */
  index: number;
}

/**
 * The items whose text matches `query`, best first; ties keep the shorter text, then the input
 * order. An empty query keeps every item in its order.
 */
export function fuzzyFilter<T>(items: readonly T[], query: string, text: (item: T) => string): FuzzyResult<T>[] {
  const results: (FuzzyResult<T> & { length: number })[] = [];
  items.forEach((item, index) => {
    const candidate = text(item);
    const match = fuzzyMatch(query, candidate);
    if (match) results.push({ ...match, item, index, length: candidate.length });
  });
  if (query !== "") results.sort((a, b) => b.score - a.score || a.length - b.length || a.index - b.index);
  return results.map(({ length: _length, ...result }) => result);
}
