import type { Playbook } from '@goyo/schema'
import { describe, expect, it } from 'vitest'
import { conditionHolds, evaluatePlaybooks, staleTags, type PlaybookFacts } from './playbooks'

const base: PlaybookFacts = {
  tier: 'tech-touch', score: 80, band: 'green', traits: { seats: 10 }, previousTraits: {}, activeUsers: 5,
  milestoneReachedAt: () => null, startAt: new Date('2026-06-01T00:00:00Z'), now: new Date('2026-06-10T00:00:00Z'),
}
const atRisk: Playbook = { id: 'at-risk', when: { health: { below: 40 } }, do: [{ tag: 'at-risk' }] }

describe('playbook conditions', () => {
  it('health below/above, band and tier', () => {
    expect(conditionHolds({ health: { below: 40 } }, { ...base, score: 39.9 }).holds).toBe(true)
    expect(conditionHolds({ health: { below: 40 } }, { ...base, score: null }).holds).toBe(false)
    expect(conditionHolds({ health: { above: 90 } }, { ...base, score: 95 }).holds).toBe(true)
    expect(conditionHolds({ bandChangedTo: 'red' }, { ...base, band: 'red' }).holds).toBe(true)
    expect(conditionHolds({ tierChangedTo: 'high-touch' }, base).holds).toBe(false)
  })

  it('health conditions never hold for an onboarding, churned or insufficient account, whatever its score', () => {
    for (const band of ['onboarding', 'churned', 'insufficient'] as const) {
      expect(conditionHolds({ health: { below: 40 } }, { ...base, band, score: 10 }).holds, band).toBe(false)
      expect(conditionHolds({ health: { above: 5 } }, { ...base, band, score: 10 }).holds, band).toBe(false)
    }
  })

  it('finds the tags whose playbook stopped holding, but not those another holding playbook or a trait change sets', () => {
    const playbooks: Playbook[] = [
      atRisk,
      { id: 'red', when: { bandChangedTo: 'red' }, do: [{ tag: 'watch' }] },
      { id: 'stuck', when: { milestoneNotReached: { milestone: 'm', days: 7 } }, do: [{ tag: 'watch' }] },
      { id: 'plan', when: { traitChanged: 'plan' }, do: [{ tag: 'plan-changed' }] },
    ]
    const tags = new Set(['at-risk', 'watch', 'plan-changed', 'by-hand'])
    expect(staleTags(playbooks, new Map([['at-risk', false], ['red', false], ['stuck', true], ['plan', false]]), tags)).toEqual([{ tag: 'at-risk', playbook: 'at-risk' }])
    expect(staleTags(playbooks, new Map([['at-risk', true], ['red', false], ['stuck', false], ['plan', false]]), tags)).toEqual([{ tag: 'watch', playbook: 'red' }])
  })

  it('a milestone not reached N days after signup', () => {
    const when = { milestoneNotReached: { milestone: 'first-invoice', days: 7 } }
    expect(conditionHolds(when, base)).toMatchObject({ holds: true, values: { daysSinceStart: 9 } })
    expect(conditionHolds(when, { ...base, now: new Date('2026-06-05T00:00:00Z') }).holds).toBe(false)
    expect(conditionHolds(when, { ...base, milestoneReachedAt: () => new Date('2026-06-03T00:00:00Z') }).holds).toBe(false)
  })

  it('a ratio of active users over a trait', () => {
    const when = { ratio: { numerator: 'activeUsers' as const, denominator: { trait: 'seats' }, above: 0.9 } }
    expect(conditionHolds(when, { ...base, activeUsers: 10 })).toMatchObject({ holds: true, values: { ratio: 1 } })
    expect(conditionHolds(when, { ...base, activeUsers: 9 }).holds).toBe(false)
    // No seats trait: no ratio, never holds.
    expect(conditionHolds(when, { ...base, traits: {}, activeUsers: 9 }).holds).toBe(false)
  })

  it('a trait changed since the last evaluation, the first sighting excepted', () => {
    expect(conditionHolds({ traitChanged: 'plan' }, { ...base, traits: { plan: 'pro' }, previousTraits: { plan: 'free' } }).holds).toBe(true)
    expect(conditionHolds({ traitChanged: 'plan' }, { ...base, traits: { plan: 'pro' }, previousTraits: {} }).holds).toBe(false)
    expect(conditionHolds({ traitChanged: 'plan' }, { ...base, traits: { plan: 'pro' }, previousTraits: { plan: null } }).holds).toBe(true)
  })
})

describe('evaluatePlaybooks', () => {
  it('fires once per crossing and re-arms when the condition stops holding', () => {
    let state = new Map<string, boolean>()
    const run = (score: number) => {
      const result = evaluatePlaybooks([atRisk], { ...base, score }, state)
      state = result.holding
      return result.firings.length
    }
    expect([run(30), run(20), run(35), run(60), run(30)]).toEqual([1, 0, 0, 0, 1])
  })

  it('fires a traitChanged playbook on every change', () => {
    const playbook: Playbook = { id: 'plan', when: { traitChanged: 'plan' }, do: [{ tag: 'plan-changed' }] }
    let state = new Map<string, boolean>()
    const fire = (previous: string, next: string) => {
      const result = evaluatePlaybooks([playbook], { ...base, previousTraits: { plan: previous }, traits: { plan: next } }, state)
      state = result.holding
      return result.firings.length
    }
    expect([fire('free', 'pro'), fire('pro', 'team'), fire('team', 'team')]).toEqual([1, 1, 0])
  })

  it('skips accounts outside the playbook tiers', () => {
    const onlyHigh = { ...atRisk, tiers: ['high-touch'] }
    expect(evaluatePlaybooks([onlyHigh], { ...base, score: 10 }, new Map()).firings).toEqual([])
  })
})
