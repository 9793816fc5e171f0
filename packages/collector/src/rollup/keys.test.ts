import type { Event } from '@goyo/schema'
import { describe, expect, it } from 'vitest'
import { normalizeEvents } from '../ingest/normalize'
import { usageKeys, userKey } from './keys'

const one = (event: Record<string, unknown>) =>
  normalizeEvents([event as Event], [event], {}, new Date('2026-03-01T00:00:00Z'))[0]!

describe('usageKeys', () => {
  it('counts a track event under its name, and a feature, milestone or Goyo object under its own kind', () => {
    expect(usageKeys(one({ type: 'track', event: 'Invoice Sent', userId: 'u' }))).toEqual([{ kind: 'event', name: 'Invoice Sent' }])
    expect(usageKeys(one({ type: 'track', event: 'Feature Used', userId: 'u', properties: { feature: 'export' } }))).toEqual([
      { kind: 'event', name: 'Feature Used' },
      { kind: 'feature', name: 'export' },
    ])
    expect(usageKeys(one({ type: 'track', event: 'Milestone Reached', userId: 'u', properties: { milestone: 'first-invoice' } }))[1]).toEqual({
      kind: 'milestone', name: 'first-invoice',
    })
    expect(usageKeys(one({ type: 'track', event: 'Prompt Shown', userId: 'u', properties: { prompt: 'payroll' } }))[1]).toEqual({
      kind: 'Prompt Shown', name: 'payroll',
    })
    expect(usageKeys(one({ type: 'track', event: 'Checklist Item Completed', userId: 'u', properties: { checklist: 'start', item: 'profile' } }))[1]).toEqual({
      kind: 'Checklist Item Completed', name: 'start/profile',
    })
  })

  it('counts page views by path and ignores identify, group and alias', () => {
    expect(usageKeys(one({ type: 'page', anonymousId: 'a', properties: { path: '/invoices' } }))).toEqual([{ kind: 'page', name: '/invoices' }])
    expect(usageKeys(one({ type: 'identify', userId: 'u' }))).toEqual([])
    expect(usageKeys(one({ type: 'group', userId: 'u', groupId: 'g' }))).toEqual([])
  })

  it('ignores a Feature Used without a feature name beyond the event itself', () => {
    expect(usageKeys(one({ type: 'track', event: 'Feature Used', userId: 'u', properties: { feature: 42 } }))).toHaveLength(1)
  })
})

describe('userKey', () => {
  it('is the userId, else the anonymous id marked as anonymous', () => {
    expect(userKey({ userId: 'u1', anonymousId: 'a1' })).toBe('u1')
    expect(userKey({ userId: null, anonymousId: 'a1' })).toBe('anon:a1')
    expect(userKey({ userId: null, anonymousId: null })).toBeNull()
  })
})
