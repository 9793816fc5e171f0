import { describe, expect, it } from 'vitest'
import { attributedGain } from './attribution'
import { sumBridge } from './bridge'
import { stateAt, type RevenueRow } from './history'
import { ltv } from './ltv'
import { addMonths, monthRange } from './months'
import { classifyMovement } from './movement'
import { tierFromRules, traitsAt, type TraitsRow } from './tier-history'

const DAY = 86_400_000
const row = (at: string, fields: Partial<RevenueRow>): RevenueRow =>
  ({ accountId: 'a', at: Date.parse(at), messageId: at, mrr: null, arr: null, products: null, ...fields })

describe('revenue math', () => {
  it('takes MRR from the latest row that states revenue: mrr, else arr / 12', () => {
    const rows = [row('2025-01-01T00:00:00Z', { mrr: 100, arr: 1200 }), row('2025-02-01T00:00:00Z', { arr: 2400 }), row('2025-03-01T00:00:00Z', { products: ['x'] })]
    expect(stateAt(rows, Date.parse('2024-12-31T00:00:00Z')).mrr).toBe(0)
    expect(stateAt(rows, Date.parse('2025-01-15T00:00:00Z')).mrr).toBe(100)
    // A later arr-only row replaces the older mrr rather than being shadowed by it.
    expect(stateAt(rows, Date.parse('2025-03-15T00:00:00Z'))).toEqual({ mrr: 200, products: new Set(['x']) })
  })

  it('classifies each movement of the table in movement.ts', () => {
    const ctx = { paidBefore: false, gainedProduct: false }
    expect(classifyMovement(0, 100, ctx).kind).toBe('new')
    expect(classifyMovement(0, 100, { ...ctx, paidBefore: true }).kind).toBe('reactivation')
    expect(classifyMovement(100, 150, ctx)).toMatchObject({ kind: 'expansion', expansion: 'upsell' })
    expect(classifyMovement(100, 150, { ...ctx, gainedProduct: true })).toMatchObject({ kind: 'expansion', expansion: 'cross-sell' })
    expect(classifyMovement(100, 60, ctx).kind).toBe('contraction')
    expect(classifyMovement(100, 0, ctx).kind).toBe('churn')
    expect(classifyMovement(100, 100, { ...ctx, gainedProduct: true }).kind).toBe('none')
    expect(classifyMovement(0, 0, ctx).kind).toBe('none')
  })

  it('holds the bridge identity: 1000 + 50 + 30 + 20 − 10 − 100 = 990', () => {
    const b = sumBridge([
      { kind: 'new', m0: 0, m1: 50 }, { kind: 'reactivation', m0: 0, m1: 30 },
      { kind: 'expansion', expansion: 'upsell', m0: 500, m1: 520 }, { kind: 'contraction', m0: 400, m1: 390 },
      { kind: 'churn', m0: 100, m1: 0 },
    ])
    expect(b).toMatchObject({ starting: 1000, new: 50, reactivation: 30, expansion: 20, upsell: 20, contraction: 10, churned: 100, ending: 990 })
    // A movement labelled against its numbers breaks the identity: the sum refuses to hide it.
    expect(() => sumBridge([{ kind: 'new', m0: 100, m1: 150 }])).toThrow(/identity/)
  })

  it('reports LTV as null with a reason, never Infinity', () => {
    const month = { starting: 10_000, new: 0, reactivation: 0, expansion: 0, upsell: 0, crossSell: 0, contraction: 0, churned: 0, ending: 10_000, customersAtStart: 2, customersLost: 0, customersAtEnd: 2, newCustomers: 0, reactivatedCustomers: 0 }
    expect(ltv([month])).toMatchObject({ arpa: 50, monthlyRevenueChurn: 0, ltv: null, ltvNullReason: 'no_churn' })
    // ARPA 50, churn 500/10000 = 0.05, margin 0.7: 50 × 0.7 / 0.05 = 700.
    expect(ltv([{ ...month, churned: 500 }], 0.7)).toMatchObject({ ltv: 700, ltvNullReason: null })
  })

  it('measures the gain over the window after a conversion, flagging an open window', () => {
    const rows = [row('2025-01-01T00:00:00Z', { mrr: 100 }), row('2025-01-10T00:00:00Z', { mrr: 160 }), row('2025-02-01T00:00:00Z', { mrr: 300 })]
    const at = Date.parse('2025-01-10T00:00:00Z')
    // The change at the conversion's own instant counts; the one after the 14 days does not.
    expect(attributedGain(rows, at, 14, at + 100 * DAY)).toEqual({ cents: 6000, open: false })
    expect(attributedGain(rows, at, 14, at + DAY)).toEqual({ cents: 6000, open: true })
    // A loss in the window is no expansion, not a negative one.
    const fell = [...rows.slice(0, 2), row('2025-01-12T00:00:00Z', { mrr: 50 })]
    expect(attributedGain(fell, at, 14, at + 100 * DAY).cents).toBe(0)
  })

  it('places an account in the tier its rules give its traits at an instant', () => {
    const tiers = [{ id: 'high', when: { trait: 'arr', gte: 50000 } }, { id: 'low', when: { trait: 'arr', gte: 5000 } }, { id: 'tech' }]
    const rows: TraitsRow[] = [
      { at: 10, messageId: 'a', traits: { arr: 9000, plan: 'team' } },
      { at: 20, messageId: 'b', traits: { arr: 90000 } },
    ]
    expect(traitsAt(rows, 5)).toEqual({})
    expect(traitsAt(rows, 25)).toEqual({ arr: 90000, plan: 'team' })
    expect([5, 10, 25].map((t) => tierFromRules(tiers, traitsAt(rows, t), t))).toEqual(['tech', 'low', 'high'])
    expect(tierFromRules([], { arr: 1 }, 0)).toBeNull()
  })

  it('counts calendar months across years', () => {
    expect(addMonths('2025-11', 3)).toBe('2026-02')
    expect(addMonths('2025-01', -1)).toBe('2024-12')
    expect(monthRange('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02'])
  })
})
