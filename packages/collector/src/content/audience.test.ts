import { describe, expect, it } from 'vitest'
import { contentSchema } from '@goyo/schema'
import { audienceChecks, holdoutPosition, productsOf, type AudienceContext } from './audience'
import type { Check } from './checks'

const context = (overrides: Partial<AudienceContext> = {}): AudienceContext => ({
  tier: 'tech-touch',
  traits: { products: ['invoicing'] },
  locale: 'en',
  facts: { traits: {}, usage: (_m, feature) => (feature === 'invoices.create' ? 12 : 0) },
  enabled: { prompts: [], checklists: [] },
  ...overrides,
})

const CONTENT = contentSchema.parse({
  prompts: [{ id: 'rescue', kind: 'banner', title: 't', body: 'b', cta: { label: 'l', href: '/x' }, audience: { requiresPlaybook: true } }],
  playbooks: [{ id: 'at-risk', when: { health: { below: 40 } }, do: [{ enablePrompt: 'rescue' }] }],
})
const PROMPT = { kind: 'prompts' as const, id: 'rescue' }
const passes = (checks: Check[]) => checks.every((c) => c.pass)

describe('audienceChecks', () => {
  it('checks tiers, products and usage, and lists every check even after one fails', () => {
    const audience = { tiers: ['tech-touch'], lacksProduct: 'payroll', usage: { feature: 'invoices.create', atLeast: 10, withinDays: 30 } }
    expect(passes(audienceChecks(audience, context(), PROMPT, CONTENT))).toBe(true)
    const checks = audienceChecks(audience, context({ tier: 'high-touch', traits: { products: 'invoicing, payroll' } }), PROMPT, CONTENT)
    expect(checks.map((c) => [c.check, c.pass, c.detail])).toEqual([
      ['tier', false, 'tier is high-touch, wanted tech-touch'],
      ['lacksProduct', false, 'lacks product payroll: no'],
      ['usage', true, 'usage of invoices.create in 30 days: 12, wanted at least 10'],
    ])
    const short = audienceChecks({ usage: { feature: 'invoices.create', atLeast: 13, withinDays: 30 } }, context(), PROMPT, CONTENT)
    expect(short).toMatchObject([{ check: 'usage', pass: false, value: 12 }])
    expect(passes(audienceChecks({ hasProduct: 'invoicing' }, context(), PROMPT, CONTENT))).toBe(true)
    expect(audienceChecks(undefined, context(), PROMPT, CONTENT)).toEqual([])
  })

  it('needs a playbook to enable items that require one, and names the playbooks that can', () => {
    const audience = { requiresPlaybook: true }
    expect(audienceChecks(audience, context(), PROMPT, CONTENT)).toMatchObject([
      { check: 'playbook', pass: false, wanted: ['at-risk'], detail: 'needs playbook at-risk, which has not enabled it' },
    ])
    expect(passes(audienceChecks(audience, context({ enabled: { prompts: ['rescue'], checklists: [] } }), PROMPT, CONTENT))).toBe(true)
    // A survey can never be enabled by a playbook (the content file refuses it; delivery stays safe).
    expect(passes(audienceChecks(audience, context(), { kind: 'surveys', id: 'rescue' }, CONTENT))).toBe(false)
  })

  it('applies an account rule only when there is an account', () => {
    const audience = { account: { usage: 'activeUsers' as const, gte: 1 } }
    expect(audienceChecks(audience, context({ facts: null }), PROMPT, CONTENT)).toMatchObject([{ check: 'account', pass: false, value: 'no account' }])
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
