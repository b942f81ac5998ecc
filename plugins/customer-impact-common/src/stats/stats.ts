/**
 * The one place where the suite's medians and percentiles are computed. Every
 * function names its method; every facet uses the nearest-rank method, so that
 * a median on one card means the same as a median on another, and every
 * reported percentile is one of the measured values (a real ticket's time to
 * resolve, a real person's time taken), never an average of two.
 */

/**
 * The nearest-rank percentile of some values: sort them ascending and take the
 * value at 1-based rank ⌈p/100 × N⌉ (rank 1 when that is 0). The median is the
 * 50th percentile, so for an even count it is the lower of the two middle
 * values, and every percentile is one of the values. Null for no values.
 *
 * @example
 * `nearestRankPercentile([15, 20, 35, 40, 50], 40)` is 20 (rank ⌈2⌉ = 2), and
 * `nearestRankPercentile([1, 2, 3, 4], 50)` is 2.
 *
 * @public
 */
export function nearestRankPercentile(
  values: readonly number[],
  p: number,
): number | null {
  if (values.length === 0) {
    return null;
  }
  if (!(p >= 0 && p <= 100)) {
    throw new RangeError(`Percentile must be between 0 and 100, got ${p}`);
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[rank - 1];
}

/**
 * The nearest-rank median: {@link nearestRankPercentile} at 50, the value at
 * 1-based rank ⌈N/2⌉ of the sorted values. For an odd count it is the middle
 * value; for an even count the lower of the two middle values (the median of
 * 1, 2, 4, 10 is 2). Null for no values.
 *
 * @public
 */
export function nearestRankMedian(values: readonly number[]): number | null {
  return nearestRankPercentile(values, 50);
}
