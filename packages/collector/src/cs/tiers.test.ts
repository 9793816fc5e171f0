import type { Tier } from '@goyo/schema'
import { describe, expect, it } from 'vitest'
import { decideTier, type TierState } from './tiers'

const tiers: Tier[] = [
  { id: 'high-touch', when: { trait: 'arr', gte: 50000 } },
  { id: 'low-touch', when: { trait: 'arr', gte: 5000 } },
  { id: 'tech-touch' },
]
const fresh: TierState = { tier: null, candidate: null, candidateCount: 0 }
const facts = (traits: Record<string, unknown>) => ({ traits, usage: () => 0 })
const now = new Date('2026-06-01T00:00:00Z')

describe('decideTier', () => {
  it('takes the first matching rule; the last tier is the default', () => {
    expect(decideTier(tiers, facts({ arr: 90000 }), fresh).tier).toBe('high-touch')
    expect(decideTier(tiers, facts({ arr: 9000 }), fresh).tier).toBe('low-touch')
    const tech = decideTier(tiers, facts({ arr: 900 }), fresh)
    expect(tech).toMatchObject({ tier: 'tech-touch', changed: true, reason: 'no other tier rule matched' })
  })

  it('keeps an account in its tier within the margin', () => {
    const low: TierState = { tier: 'low-touch', candidate: null, candidateCount: 0 }
    expect(decideTier(tiers, facts({ arr: 52000 }), low, { margin: 0.1 })).toMatchObject({ tier: 'low-touch', changed: false })
    expect(decideTier(tiers, facts({ arr: 4600 }), low, { margin: 0.1 }).tier).toBe('low-touch')
    expect(decideTier(tiers, facts({ arr: 56000 }), low, { margin: 0.1 })).toMatchObject({ tier: 'high-touch', changed: true })
    expect(decideTier(tiers, facts({ arr: 4000 }), low, { margin: 0.1 }).tier).toBe('tech-touch')
  })

  it('waits for N consecutive evaluations before moving, and starts over when they break', () => {
    const policy = { consecutive: 2 }
    let state: TierState = { tier: 'low-touch', candidate: null, candidateCount: 0 }
    const first = decideTier(tiers, facts({ arr: 60000 }), state, policy)
    expect(first).toMatchObject({ tier: 'low-touch', candidate: 'high-touch', candidateCount: 1, changed: false })
    state = decideTier(tiers, facts({ arr: 9000 }), first, policy)
    expect(state).toMatchObject({ tier: 'low-touch', candidate: null, candidateCount: 0 })
    state = decideTier(tiers, facts({ arr: 60000 }), state, policy)
    expect(decideTier(tiers, facts({ arr: 60000 }), state, policy)).toMatchObject({ tier: 'high-touch', changed: true })
  })

  it('lets a CS override win until it expires', () => {
    const traits = { arr: 900, tierOverride: 'high-touch', tierOverrideUntil: '2026-07-01' }
    expect(decideTier(tiers, facts(traits), fresh, {}, now)).toMatchObject({ tier: 'high-touch', reason: 'set by CS (tierOverride) until 2026-07-01' })
    expect(decideTier(tiers, facts(traits), fresh, {}, new Date('2026-07-02T00:00:00Z')).tier).toBe('tech-touch')
    expect(decideTier(tiers, facts({ arr: 900, tierOverride: 'no-such-tier' }), fresh, {}, now).tier).toBe('tech-touch')
  })
})
