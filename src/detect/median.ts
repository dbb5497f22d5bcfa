/**
 * The median: the middle value, or the mean of the two middle values.
 */

/** Median of `values`, or `undefined` when there are none. Does not modify `values`. */
export function median(values: readonly number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sortedMedian(sorted);
}

/** Median of values already sorted ascending, or `undefined` when there are none. */
export function sortedMedian(sorted: readonly number[]): number | undefined {
  const n = sorted.length;
  if (n === 0) return undefined;
  const mid = n >> 1;
  const upper = sorted[mid];
  if (upper === undefined) return undefined;
  if (n % 2 === 1) return upper;
  const lower = sorted[mid - 1] ?? upper;
  return (lower + upper) / 2;
}
