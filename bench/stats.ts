// The few statistics the bench reports, written once: every section's median is the same median.

/** A figure over rounds: the median and the extremes. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/**
 * The median: the middle value, or the mean of the two middle values of an even-length list (taking
 * either one would bias a two-round figure toward a fresh process's first, slower round).
 *
 * @example
 * median([3, 1, 2]); // 2
 * median([1, 2, 10, 20]); // 6
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The median and the extremes of a list (NaN for an empty one). */
export function spread(xs: readonly number[]): Spread {
  if (xs.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/** Mean of the middle half of a sample: outliers at either end (a GC, a preempted slice) do not move it. */
export function middleMean(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.slice(Math.floor(s.length / 4), Math.ceil((3 * s.length) / 4));
  return mid.reduce((a, x) => a + x, 0) / mid.length;
}
