/**
 * Small pure statistics shared by the reports. Every function documents its exact definition,
 * because the numbers are compared with cs-metrics.md.
 */

/**
 * Rounds to `digits` decimals; ratios in reports carry 4, hours and scores 1 or 2. For display
 * only: compute from counts, round the answer (never compute from a rounded value).
 */
export const round = (value: number, digits = 4) => {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/** `numerator / denominator` rounded to 4 decimals, or null when the denominator is 0. */
export const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : round(numerator / denominator)

/** A 95 % interval. */
export interface Interval95 {
  low: number
  high: number
}

const Z95 = 1.959963984540054

/**
 * Wilson score interval for a proportion x/n (95 %). Behaves at 0 and n where Wald does not.
 * Null when n is 0.
 */
export function wilson(x: number, n: number, z = Z95): Interval95 | null {
  if (n === 0) return null
  const p = x / n
  const denominator = 1 + (z * z) / n
  const centre = (p + (z * z) / (2 * n)) / denominator
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) }
}

/**
 * Newcombe's hybrid score interval (method 10, Newcombe 1998, Stat Med 17:873) for the difference
 * of two independent proportions p1 − p2 = x1/n1 − x2/n2, built from the two Wilson intervals.
 * Chosen over Wald because conversion rates are often near 0 and holdouts small, where the Wald
 * interval is too narrow (and degenerate at 0 conversions). Null when either n is 0.
 *
 * @example
 * newcombeDifference(30, 100, 10, 100) // ≈ { low: 0.0900, high: 0.3058 }
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number): Interval95 | null {
  const a = wilson(x1, n1)
  const b = wilson(x2, n2)
  if (!a || !b) return null
  const p1 = x1 / n1
  const p2 = x2 / n2
  const d = p1 - p2
  const low = d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2)
  const high = d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2)
  return { low, high }
}

/** NPS categories (cs-metrics §5.1): 9–10 promoter, 7–8 passive, 0–6 detractor. */
export function npsCategory(score: number): 'promoter' | 'passive' | 'detractor' {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor'
}

/** NPS = 100 × (promoters − detractors) / respondents, to 1 decimal; null without respondents. */
export function npsScore(promoters: number, passives: number, detractors: number): number | null {
  const respondents = promoters + passives + detractors
  return respondents === 0 ? null : round((100 * (promoters - detractors)) / respondents, 1)
}

/** Time-to-value histogram buckets (cs-metrics §1.4): lower bound included, upper excluded, in hours. */
export const TTV_BUCKETS = [
  { bucket: '<1h', below: 1 },
  { bucket: '1-24h', below: 24 },
  { bucket: '1-3d', below: 72 },
  { bucket: '3-7d', below: 168 },
  { bucket: '7-14d', below: 336 },
  { bucket: '14-30d', below: 720 },
  { bucket: '30-90d', below: 2160 },
  { bucket: '>90d', below: Infinity },
] as const

/** The bucket of a time to value in hours. */
export function ttvBucket(hours: number): string {
  return TTV_BUCKETS.find((b) => hours < b.below)!.bucket
}
