/**
 * A count with its noun in the right number ("1 message", "2 messages"), for every count shown to
 * the user. Layer-neutral: any layer may use it.
 */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
