import { describe, expect, it } from 'vitest'
import { quantile } from './quantile'
import { newcombeDifference, npsCategory, npsScore, ratio, ttvBucket, wilson } from './stats'
import { signupWeek, summarizeTtv } from './ttv'

describe('report statistics', () => {
  // Issue 13, item 4: one definition, percentile_cont's (the median of an even count is the mean
  // of the two middle values); a neighbour that has not reached (+∞) makes the quantile null.
  it('interpolates linearly between the closest ranks, as percentile_cont does', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25)
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12)
    expect(quantile([5], 0.9)).toBe(5)
    expect(quantile([], 0.5)).toBeNull()
    expect(quantile([1, 2, Infinity], 0.5)).toBe(2)
    expect(quantile([1, 2, Infinity], 0.75)).toBeNull()
    expect(quantile([1, Infinity], 0)).toBe(1)
    expect(quantile([3, 1, 2], 1.5)).toBeNull()
  })

  it('gives null ratios for empty denominators', () => {
    expect(ratio(1, 3)).toBe(0.3333)
    expect(ratio(0, 0)).toBeNull()
  })

  // Published values: Newcombe (1998) "Interval estimation for the difference between independent
  // proportions", Stat Med 17:873, example (a): 56/70 − 48/80, method 10 → 0.0524 to 0.3339.
  it("matches Newcombe's published hybrid score interval", () => {
    const ci = newcombeDifference(56, 70, 48, 80)!
    expect(ci.low).toBeCloseTo(0.0524, 4)
    expect(ci.high).toBeCloseTo(0.3339, 4)
    // Example (d): 0/10 − 0/20 → −0.1611 to 0.2775 (Wald would give 0 to 0).
    const zero = newcombeDifference(0, 10, 0, 20)!
    expect(zero.low).toBeCloseTo(-0.1611, 4)
    expect(zero.high).toBeCloseTo(0.2775, 4)
    expect(newcombeDifference(1, 0, 1, 2)).toBeNull()
  })

  it('keeps Wilson intervals inside [0, 1]', () => {
    expect(wilson(0, 10)!.low).toBe(0)
    expect(wilson(10, 10)!.high).toBeCloseTo(1, 12)
    // Newcombe (1998) single-proportion paper, 81/263: 0.2553 to 0.3662.
    expect(wilson(81, 263)!.low).toBeCloseTo(0.2553, 4)
    expect(wilson(81, 263)!.high).toBeCloseTo(0.3662, 4)
  })

  it('splits NPS at 7 and 9', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter'])
    expect(npsScore(2, 1, 1)).toBe(25)
    expect(npsScore(0, 0, 0)).toBeNull()
  })

  it('buckets time to value with the lower bound included', () => {
    expect([0, 0.99, 1, 23.9, 24, 72, 168, 336, 720, 2160].map(ttvBucket)).toEqual(
      ['<1h', '<1h', '1-24h', '1-24h', '1-3d', '3-7d', '7-14d', '14-30d', '30-90d', '>90d'],
    )
  })

  it('starts signup weeks on Monday, UTC', () => {
    expect(signupWeek(new Date('2026-06-01T00:00:00Z'), 'UTC')).toBe('2026-06-01')
    expect(signupWeek(new Date('2026-06-07T23:59:59Z'), 'UTC')).toBe('2026-06-01')
    expect(signupWeek(new Date('2026-05-10T00:00:00Z'), 'UTC')).toBe('2026-05-04')
  })
})

describe('time to value: not reached counts as +∞ (issue 13, items 4 and 10)', () => {
  const now = new Date('2026-06-30T00:00:00Z')
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000)
  const unit = (startDaysAgo: number, reachedAfterHours: number | null) => ({
    start: daysAgo(startDaysAgo),
    reachedAt: reachedAfterHours === null ? null : new Date(daysAgo(startDaysAgo).getTime() + reachedAfterHours * 3_600_000),
    tier: null,
  })

  it('never counts a unit still waiting as fast: it ranks last, and a quantile next to it is not reached', () => {
    // 2h, 10h, ∞, ∞: the median sits between 10h and ∞.
    const summary = summarizeTtv([unit(40, 2), unit(40, 10), unit(40, null), unit(40, null)], now, 'UTC')
    expect(summary.medianHours).toBeNull()
    expect(summary.reasons.median).toBe('not reached: 2 of 4 units reached value')
    expect(summary.buckets.find((b) => b.bucket === 'notYet')!.units).toBe(2)
  })

  it('interpolates between the closest ranks, like percentile_cont', () => {
    // 1h, 5h, 50h, ∞ (a young unit that has not reached yet): median between 5 and 50.
    const summary = summarizeTtv([unit(40, 1), unit(40, 5), unit(40, 50), unit(3, null)], now, 'UTC')
    expect(summary.medianHours).toBe(27.5)
    expect(summary.p75Hours).toBeNull()
  })

  // Issue 13: a signup-week cohort with 19 of 20 users reached showed median "–", because one
  // unit was younger than 30 days.
  it('gives a cohort with 19 of 20 reached its median and p90', () => {
    const units = [...Array.from({ length: 19 }, (_, i) => unit(35, i + 1)), unit(29, null)]
    const summary = summarizeTtv(units, now, 'UTC')
    expect(summary.medianHours).toBe(10.5)
    expect(summary.p90Hours).toBe(18.1)
    expect(summary.reasons).toEqual({})
  })

  // Issue 13: "within 30 d 83 %" under "within 14 d 84 %": each N had its own population.
  it('computes reached-by-day-N over one population, so it never decreases with N', () => {
    // Reached in 1h, 5 days, 20 days; one 10 days old that reached in 2h; one 3 days old waiting.
    const summary = summarizeTtv([unit(40, 1), unit(40, 120), unit(40, 480), unit(10, 2), unit(3, null)], now, 'UTC')
    expect(summary.reachedBy).toEqual([
      { days: 1, eligible: 5, reached: 2, share: 0.4, open: 0 },
      { days: 7, eligible: 5, reached: 3, share: 0.6, open: 1 },
      { days: 14, eligible: 5, reached: 3, share: 0.6, open: 1 },
      { days: 30, eligible: 5, reached: 4, share: 0.8, open: 1 },
    ])
  })

  it('says why a group has no quantile', () => {
    expect(summarizeTtv([], now, 'UTC').reasons).toEqual({ median: 'no units', p75: 'no units', p90: 'no units' })
  })
})
