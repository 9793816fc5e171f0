import { describe, expect, it } from 'vitest'
import { newcombeDifference, npsCategory, npsScore, percentile, ratio, ttvBucket, wilson } from './stats'
import { signupWeek, summarizeTtv } from './ttv'

describe('report statistics', () => {
  it('takes nearest-rank percentiles, as percentile_disc does', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2)
    expect(percentile([1, 2, 3, 4], 0.75)).toBe(3)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9)
    expect(percentile([5], 0.9)).toBe(5)
    expect(percentile([], 0.5)).toBeNull()
    expect(percentile([1, Infinity], 0.75)).toBe(Infinity)
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
    expect(signupWeek(new Date('2026-06-01T00:00:00Z'))).toBe('2026-06-01')
    expect(signupWeek(new Date('2026-06-07T23:59:59Z'))).toBe('2026-06-01')
    expect(signupWeek(new Date('2026-05-10T00:00:00Z'))).toBe('2026-05-04')
  })
})

describe('time to value with right-censoring', () => {
  const now = new Date('2026-06-30T00:00:00Z')
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000)
  const unit = (startDaysAgo: number, reachedAfterHours: number | null) => ({
    start: daysAgo(startDaysAgo),
    reachedAt: reachedAfterHours === null ? null : new Date(daysAgo(startDaysAgo).getTime() + reachedAfterHours * 3_600_000),
    tier: null,
  })

  it('never counts a unit still waiting as fast: it ranks last', () => {
    // Mature units: 2h, 10h, waiting, waiting → 2 of 4 reached: no median (more than half needed).
    const summary = summarizeTtv([unit(40, 2), unit(40, 10), unit(40, null), unit(40, null)], now, false)
    expect(summary.medianHours).toBeNull()
    expect(summary.reasons.median).toBe('2 of 4 reached; more than 50% needed')
    expect(summary.buckets.find((b) => b.bucket === 'notYet')!.units).toBe(2)
  })

  it('leaves units younger than 30 days out of quantiles, and out of reached-by-N they are too young for', () => {
    // 3 mature (1h, 5h, 50h) and one 3 days old that reached in 1h.
    const summary = summarizeTtv([unit(40, 1), unit(40, 5), unit(40, 50), unit(3, 1)], now, false)
    expect(summary.matureUnits).toBe(3)
    expect(summary.medianHours).toBe(5)
    expect(summary.p90Hours).toBe(50)
    expect(summary.reachedBy).toEqual([
      { days: 1, eligible: 4, reached: 3, share: 0.75 },
      { days: 7, eligible: 3, reached: 3, share: 1 },
      { days: 14, eligible: 3, reached: 3, share: 1 },
      { days: 30, eligible: 3, reached: 3, share: 1 },
    ])
  })

  it('gives a cohort no median while any of its units is younger than 30 days', () => {
    const summary = summarizeTtv([unit(40, 1), unit(20, 1)], now, true)
    expect(summary.medianHours).toBeNull()
    expect(summary.reasons.median).toMatch(/cohort too young/)
  })

  it('withholds a quantile that a waiting unit could still undercut', () => {
    // Mature: reached at 1h, 2h and 900h (37.5 days); one waiting at 31 days old. p90 is 900h
    // only if the waiting one reaches later than that, which is not known yet.
    const summary = summarizeTtv([unit(60, 1), unit(60, 2), unit(60, 900), unit(31, null), unit(60, 3), unit(60, 4), unit(60, 5), unit(60, 6), unit(60, 7), unit(60, 8), unit(60, 9)], now, false)
    expect(summary.medianHours).toBe(6)
    expect(summary.p90Hours).toBeNull()
    expect(summary.reasons.p90).toBe('a unit still waiting could reach it sooner')
  })
})
