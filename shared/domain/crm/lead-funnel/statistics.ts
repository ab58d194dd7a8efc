/** `part / whole`, or null when `whole` is 0 (a share of nothing is undefined, not 0). */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/**
 * The p-th percentile (0 ≤ p ≤ 1) by linear interpolation between closest ranks (the method
 * of numpy's default and Excel's PERCENTILE.INC): rank = p·(n−1). So the median of an even
 * sample is the mean of its two middle values. Null for an empty sample.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (rank - lower);
}

export const COUNT_BUCKETS = ['0', '1', '2', '3+'] as const;

/** A small count grouped as 0, 1, 2 or 3 and more. */
export type CountBucket = (typeof COUNT_BUCKETS)[number];

export function countBucket(count: number): CountBucket {
  if (count <= 0) return '0';
  if (count === 1) return '1';
  if (count === 2) return '2';
  return '3+';
}
