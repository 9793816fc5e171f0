import { describe, expect, it } from 'vitest'
import { holdoutPosition, inAudience, productsOf, type AudienceContext } from './audience'

const context = (overrides: Partial<AudienceContext> = {}): AudienceContext => ({
  tier: 'tech-touch',
  traits: { products: ['invoicing'] },
  facts: { traits: {}, usage: (_m, feature) => (feature === 'invoices.create' ? 12 : 0) },
  enabled: { prompts: [], checklists: [] },
  ...overrides,
})

describe('inAudience', () => {
  it('checks tiers, products and usage', () => {
    const audience = { tiers: ['tech-touch'], lacksProduct: 'payroll', usage: { feature: 'invoices.create', atLeast: 10, withinDays: 30 } }
    expect(inAudience(audience, context(), null).pass).toBe(true)
    expect(inAudience(audience, context({ tier: 'high-touch' }), null)).toEqual({ pass: false, reason: 'tier high-touch not in tech-touch' })
    expect(inAudience(audience, context({ traits: { products: 'invoicing, payroll' } }), null).reason).toBe('has payroll')
    expect(inAudience({ usage: { feature: 'invoices.create', atLeast: 13, withinDays: 30 } }, context(), null).pass).toBe(false)
    expect(inAudience({ hasProduct: 'invoicing' }, context(), null).pass).toBe(true)
  })

  it('needs a playbook to enable items that require one', () => {
    const audience = { requiresPlaybook: true }
    expect(inAudience(audience, context(), { kind: 'prompts', id: 'rescue' }).pass).toBe(false)
    expect(inAudience(audience, context({ enabled: { prompts: ['rescue'], checklists: [] } }), { kind: 'prompts', id: 'rescue' }).pass).toBe(true)
  })

  it('applies an account rule only when there is an account', () => {
    const audience = { account: { usage: 'activeUsers' as const, gte: 1 } }
    expect(inAudience(audience, context({ facts: null }), null).pass).toBe(false)
  })
})

describe('holdoutPosition', () => {
  it('is stable per prompt and account and spreads accounts evenly', () => {
    expect(holdoutPosition('p', 'acct-1')).toBe(holdoutPosition('p', 'acct-1'))
    expect(holdoutPosition('p', 'acct-1')).not.toBe(holdoutPosition('q', 'acct-1'))
    const held = Array.from({ length: 10_000 }, (_, i) => holdoutPosition('payroll', `acct-${i}`)).filter((x) => x < 0.1).length
    expect(held).toBeGreaterThan(900)
    expect(held).toBeLessThan(1100)
  })

  it('reads products from an array or a comma-separated string', () => {
    expect(productsOf({ products: 'a, b' })).toEqual(['a', 'b'])
    expect(productsOf({})).toEqual([])
  })
})
