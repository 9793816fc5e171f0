import { describe, expect, it } from 'vitest'
import { evaluate, type ConditionFacts } from './conditions'

const facts = (traits: Record<string, unknown>, usage: Record<string, number> = {}): ConditionFacts => ({
  traits,
  usage: (measure, feature, days) => usage[`${measure}${feature ? `:${feature}` : ''}@${days}`] ?? 0,
})

describe('evaluate', () => {
  it('compares traits, numbers sent as strings included, and says why', () => {
    expect(evaluate({ trait: 'arr', gte: 50000 }, facts({ arr: 90000 }))).toEqual({ pass: true, reason: 'arr 90000 ≥ 50000' })
    expect(evaluate({ trait: 'arr', gte: 50000 }, facts({ arr: '9000' })).pass).toBe(false)
    expect(evaluate({ trait: 'arr', gte: 50000 }, facts({})).reason).toBe('arr missing not ≥ 50000')
    expect(evaluate({ trait: 'plan', in: ['pro', 'enterprise'] }, facts({ plan: 'pro' })).pass).toBe(true)
    expect(evaluate({ trait: 'plan', eq: 'free' }, facts({ plan: 'pro' })).pass).toBe(false)
    expect(evaluate({ trait: 'strategic' }, facts({ strategic: true })).pass).toBe(true)
    expect(evaluate({ trait: 'seats', gte: 5, lte: 10 }, facts({ seats: 12 })).reason).toBe('seats 12 not ≤ 10')
  })

  it('compares usage measures over their window', () => {
    const f = facts({}, { 'activeUsers@30': 4, 'featureUses:export@7': 12 })
    expect(evaluate({ usage: 'activeUsers', gte: 3 }, f).pass).toBe(true)
    expect(evaluate({ usage: 'featureUses', feature: 'export', withinDays: 7, gte: 10 }, f)).toEqual({
      pass: true, reason: 'featureUses(export) in 7d 12 ≥ 10',
    })
  })

  it('combines rules with all, any and not', () => {
    const f = facts({ arr: 30000, strategic: true })
    expect(evaluate({ any: [{ trait: 'arr', gte: 50000 }, { all: [{ trait: 'arr', gte: 25000 }, { trait: 'strategic' }] }] }, f).pass).toBe(true)
    expect(evaluate({ all: [{ trait: 'arr', gte: 25000 }, { not: { trait: 'strategic' } }] }, f).pass).toBe(false)
  })

  it('moves thresholds by the hysteresis margin: harder to enter, easier to stay', () => {
    const rule = { trait: 'arr', gte: 50000 }
    expect(evaluate(rule, facts({ arr: 52000 }), { margin: 0.1, direction: 'tighten' }).pass).toBe(false)
    expect(evaluate(rule, facts({ arr: 56000 }), { margin: 0.1, direction: 'tighten' }).pass).toBe(true)
    expect(evaluate(rule, facts({ arr: 46000 }), { margin: 0.1, direction: 'loosen' }).pass).toBe(true)
    expect(evaluate({ trait: 'churnRisk', lte: 10 }, facts({ churnRisk: 10.5 }), { margin: 0.1, direction: 'loosen' }).pass).toBe(true)
  })
})
