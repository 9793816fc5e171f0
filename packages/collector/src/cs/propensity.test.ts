import { describe, expect, it } from 'vitest'
import { auc, backtest, MIN_ACQUIRERS } from './backtest'
import { fitPropensity, median, scoreProfile, type UsageProfile } from './propensity'

const profile = (accountId: string, uses: Record<string, number>): UsageProfile => ({ accountId, uses })

describe('propensity model', () => {
  // Owners invoice a lot and export reports; non-owners invoice a little.
  const profiles = [
    profile('o1', { invoices: 20, reports: 3 }), profile('o2', { invoices: 25, reports: 1 }), profile('o3', { invoices: 30, reports: 0 }),
    profile('o4', { invoices: 18, reports: 2 }),
    profile('n1', { invoices: 1 }), profile('n2', { invoices: 3, reports: 1 }), profile('n3', { invoices: 12 }), profile('n4', {}),
    profile('n5', { invoices: 2 }), profile('n6', { invoices: 15, reports: 2 }),
  ]
  const owners = new Set(['o1', 'o2', 'o3', 'o4'])

  it('gives two accounts with different usage different scores, heavier use of what owners use scoring higher', () => {
    const model = fitPropensity(profiles, owners, ['invoices', 'reports', 'nobody'])!
    expect(model.weights.map((w) => w.feature)).toEqual(['invoices', 'reports'])
    expect(model.weights[0]!.weight).toBeGreaterThan(0)
    const scores = ['n1', 'n3', 'n6'].map((id) => scoreProfile(model, profiles.find((p) => p.accountId === id)!).score)
    expect(new Set(scores).size).toBe(3)
    expect(scores[0]!).toBeLessThan(scores[1]!)
    expect(scores[1]!).toBeLessThan(scores[2]!)
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true)
  })

  it('explains a score by the features that raise it, against the owners\' median', () => {
    const model = fitPropensity(profiles, owners, ['invoices', 'reports'])!
    expect(model.ownersMedian).toEqual({ invoices: 22.5, reports: 1.5 })
    const { signals } = scoreProfile(model, profile('x', { invoices: 45, reports: 0 }))
    expect(signals).toEqual([{ feature: 'invoices', uses: 45, ownersMedian: 22.5, ratio: 2, text: 'uses invoices 2× the median of owners (45 vs 22.5)' }])
    expect(scoreProfile(model, profile('idle', {})).signals).toEqual([])
  })

  it('fits nothing with fewer than 3 owners or non-owners', () => {
    expect(fitPropensity(profiles, new Set(['o1', 'o2']), ['invoices'])).toBeNull()
    expect(fitPropensity(profiles.slice(0, 6), new Set(['o1', 'o2', 'o3', 'o4']), ['invoices'])).toBeNull()
  })

  it('is deterministic', () => {
    expect(fitPropensity(profiles, owners, ['invoices', 'reports'])).toEqual(fitPropensity(profiles, owners, ['invoices', 'reports']))
  })

  it('takes the median as percentile_cont does', () => {
    expect(median([])).toBe(0)
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 2, 3])).toBe(2.5)
  })
})

describe('backtest', () => {
  const outcome = (accountId: string, score: number, acquired: boolean) => ({ accountId, score, acquired })

  it('computes AUC by Mann-Whitney with ties as one half', () => {
    expect(auc([outcome('a', 0.9, true), outcome('b', 0.1, false)])).toBe(1)
    expect(auc([outcome('a', 0.1, true), outcome('b', 0.9, false)])).toBe(0)
    expect(auc([outcome('a', 0.5, true), outcome('b', 0.5, false)])).toBe(0.5)
    // Acquirers 0.8 and 0.4; others 0.6 and 0.4: pairs (0.8>0.6, 0.8>0.4, 0.4<0.6, 0.4=0.4) = 2.5 of 4.
    expect(auc([outcome('a', 0.8, true), outcome('b', 0.4, true), outcome('c', 0.6, false), outcome('d', 0.4, false)])).toBe(0.625)
    expect(auc([outcome('a', 0.8, true)])).toBeNull()
  })

  it('reports the top decile against the base rate, with counts', () => {
    // 20 accounts ranked by score; acquirers at ranks 1, 2, 4, 9, 15.
    const outcomes = Array.from({ length: 20 }, (_, i) => outcome(`a${String(i + 1).padStart(2, '0')}`, 1 - i / 20, [1, 2, 4, 9, 15].includes(i + 1)))
    const result = backtest(outcomes)
    expect(result).toMatchObject({ scored: 20, acquirers: 5, status: 'ok', topDecile: { accounts: 2, acquirers: 2, rate: 1 }, baseRate: 0.25, lift: 4 })
    // Non-acquirers below each acquirer: 15 + 15 + 14 + 10 + 5 = 59 of 5 × 15 pairs.
    expect(result.auc).toBe(Math.round((59 / 75) * 10_000) / 10_000)
  })

  it('says "too few acquirers" instead of a number, and "no model" when none could be fitted', () => {
    const few = Array.from({ length: 20 }, (_, i) => outcome(`a${i}`, i, i < MIN_ACQUIRERS - 1))
    expect(backtest(few)).toMatchObject({ status: 'too_few_acquirers', acquirers: MIN_ACQUIRERS - 1, auc: null, baseRate: null, lift: null })
    expect(backtest(null, 12, 3)).toMatchObject({ status: 'no_model', scored: 12, acquirers: 3, auc: null })
  })
})
