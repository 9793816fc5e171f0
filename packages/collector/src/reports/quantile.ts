/**
 * The one quantile definition of every report (README "Report definitions", Quantiles): medians,
 * p75 and p90 of time to value, time to complete a checklist and any other, by linear
 * interpolation between the closest ranks, as PostgreSQL's `percentile_cont` and the "type 7"
 * estimator of R and NumPy. Kept in one module so that no report can drift to another definition.
 *
 * For sorted values v[0..n−1] and p in [0, 1], the position is h = (n − 1)·p; the quantile is
 * v[⌊h⌋] + (h − ⌊h⌋)·(v[⌈h⌉] − v[⌊h⌋]). The median of an even count is the mean of the two middle
 * values. `Infinity` stands for a unit that has not reached the event measured (time to value):
 * when a neighbour v[⌊h⌋] or v[⌈h⌉] is +∞ the quantile is not reached and the answer is null.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5)          // 2.5
 * quantile([1, 2, 3, 4], 0.9)          // 3.7
 * quantile([1, 2, Infinity], 0.5)      // 2
 * quantile([1, 2, Infinity], 0.75)     // null: between 2 and a unit that has not reached
 */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0 || !(p >= 0 && p <= 1)) return null
  const h = (sorted.length - 1) * p
  const lower = sorted[Math.floor(h)]!
  const upper = sorted[Math.ceil(h)]!
  if (lower === Infinity || upper === Infinity) return null
  return lower + (h - Math.floor(h)) * (upper - lower)
}

/** Sorts numbers ascending, +∞ last (a copy; `Array.prototype.sort` would compare them as text). */
export const sortedAscending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b)
