import { describe, expect, it } from 'vitest'
import { withoutCsOwnedTraits } from './cs-owned-traits'
import { readReportNumber } from './report-numbers'
import { checkPatchedTraits } from './patched-traits'
import { trustedFields } from './trusted-fields'

const HUGE = '9'.repeat(400)

describe('report numbers', () => {
  it('takes finite numbers and plain decimal text in range, and nothing else', () => {
    expect(readReportNumber('mrr', 750).value).toBe(750)
    expect(readReportNumber('mrr', ' 750.5 ').value).toBe(750.5)
    expect(readReportNumber('score', 10).value).toBe(10)
    for (const bad of [1e308, HUGE, -1, '1e3', '0x10', '', 'abc', Infinity, NaN, true, {}, [5], 100_000_001]) {
      expect(readReportNumber('mrr', bad), String(bad).slice(0, 20)).toMatchObject({ value: null, reason: expect.stringMatching(/^mrr must be a number from 0 to/) })
    }
    expect(readReportNumber('score', 11).value).toBeNull()
  })
})

describe('CS-owned traits', () => {
  it('are removed from a copy; other traits and __proto__ keys stay data', () => {
    const traits = JSON.parse('{"arr":1,"tierOverride":"high-touch","tierOverrideUntil":"2099-12-31","__proto__":{"x":1}}') as Record<string, unknown>
    const { traits: kept, removed } = withoutCsOwnedTraits(traits)
    expect(removed).toEqual(['tierOverride', 'tierOverrideUntil'])
    expect(Object.keys(kept)).toEqual(['arr', '__proto__'])
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype)
    expect(traits.tierOverride).toBe('high-touch')
  })

  it('leave the object untouched when there are none', () => {
    const traits = { arr: 1 }
    expect(withoutCsOwnedTraits(traits).traits).toBe(traits)
  })
})

describe('trustedFields', () => {
  it('drops CS-owned traits from identify and group, and bad account numbers from group', () => {
    const result = trustedFields({ type: 'group', event: null, traits: { name: 'A', arr: HUGE, mrr: 1e308, seats: 12, tierOverride: 'x' }, properties: null })
    expect(result.traits).toEqual({ name: 'A', seats: 12 })
    expect(result.ignored.map((i) => i.path)).toEqual(['traits.tierOverride', 'traits.mrr', 'traits.arr'])
    expect(trustedFields({ type: 'identify', event: null, traits: { tierOverrideUntil: '2099-01-01', arr: HUGE }, properties: null }).traits).toEqual({ arr: HUGE })
  })

  it('drops a bad survey score and bad commercial amounts, and nothing of other events', () => {
    expect(trustedFields({ type: 'track', event: 'Survey Answered', traits: null, properties: { survey: 'nps', score: HUGE } }).properties).toEqual({ survey: 'nps' })
    expect(trustedFields({ type: 'track', event: 'Plan Changed', traits: null, properties: { mrr: 1e308, plan: 'pro' } }).properties).toEqual({ plan: 'pro' })
    const other = { score: HUGE, mrr: 1e308 }
    expect(trustedFields({ type: 'track', event: 'Invoice Sent', traits: null, properties: other }).properties).toBe(other)
    expect(trustedFields({ type: 'track', event: 'Survey Answered', traits: null, properties: { score: 7 } }).ignored).toEqual([])
  })
})

describe('checkPatchedTraits', () => {
  it('lets CS set any trait, but only usable tiers, dates and report numbers', () => {
    const tiers = ['high-touch', 'tech-touch']
    expect(checkPatchedTraits({ tierOverride: 'high-touch', tierOverrideUntil: '2026-12-31', note: '\u0000', arr: '9000' }, tiers)).toBeNull()
    expect(checkPatchedTraits({ tierOverride: null, arr: null }, tiers)).toBeNull()
    expect(checkPatchedTraits({ tierOverride: 'gold' }, tiers)?.trait).toBe('tierOverride')
    expect(checkPatchedTraits({ tierOverrideUntil: 'soon' }, tiers)?.trait).toBe('tierOverrideUntil')
    expect(checkPatchedTraits({ mrr: 1e308 }, tiers)).toEqual({ trait: 'mrr', problem: 'mrr must be a number from 0 to 100000000' })
  })
})
