/**
 * The name someone most likely meant, for "did you mean …?" hints after a typo (a config key, a
 * theme slot, a field of an extension's definition). Layer-neutral: any layer may use it.
 */

/** The candidate nearest to `word` when it is a likely typo (edit distance ≤ 2, case ignored). */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/**
 * Levenshtein distance: the fewest one-character insertions, deletions and substitutions turning `a`
 * into `b`. What "did you mean" suggestions measure a likely typo by.
 */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
