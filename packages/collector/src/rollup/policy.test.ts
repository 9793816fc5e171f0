import { contentSchema } from '@goyo/schema'
import { describe, expect, it } from 'vitest'
import { absorbedClicks, ONE_ACTION_WINDOW_MS, type ActionEvent } from './feature-uses'
import { identityLinks, personKey } from './identity'
import { dayOf } from './keys'
import { foldPolicy } from './policy'

const features = foldPolicy(contentSchema.parse({
  features: { export: { selectors: ['#export'], events: ['Report Exported'] }, invoices: { selectors: ['#new'] } },
})).featureEvents
const click = (messageId: string, at: number, feature = 'export', person = 'u1'): ActionEvent => ({ messageId, person, at, event: 'Feature Used', feature })
const listed = (messageId: string, at: number, person = 'u1', event = 'Report Exported'): ActionEvent => ({ messageId, person, at, event, feature: null })

describe('one action, one use', () => {
  it('absorbs a click with its feature\'s event close by, before or after it', () => {
    expect(absorbedClicks([click('c1', 1000), listed('e1', 1200)], features)).toEqual(new Set(['c1']))
    expect(absorbedClicks([listed('e1', 1000), click('c1', 1000 + ONE_ACTION_WINDOW_MS)], features)).toEqual(new Set(['c1']))
  })
  it('keeps apart what is not one action: too far, another person, another feature, an unlisted event', () => {
    expect(absorbedClicks([click('c1', 0), listed('e1', ONE_ACTION_WINDOW_MS + 1)], features).size).toBe(0)
    expect(absorbedClicks([click('c1', 0), listed('e1', 10, 'u2')], features).size).toBe(0)
    expect(absorbedClicks([click('c1', 0, 'invoices'), listed('e1', 10)], features).size).toBe(0)
    expect(absorbedClicks([click('c1', 0), listed('e1', 10, 'u1', 'Invoice Sent')], features).size).toBe(0)
  })
  it('does not depend on the order the events arrive in', () => {
    const list = [click('c1', 0), listed('e1', 300), click('c2', 60_000), listed('e2', 90_000)]
    expect(absorbedClicks(list, features)).toEqual(absorbedClicks([...list].reverse(), features))
  })
})

describe('identity', () => {
  it('links an anonymous id through any call carrying both ids, and through alias', () => {
    expect(identityLinks({ type: 'identify', userId: 'u1', anonymousId: 'a1', previousId: null })).toEqual([{ anonymousId: 'a1', userId: 'u1' }])
    expect(identityLinks({ type: 'alias', userId: 'u1', anonymousId: null, previousId: 'a2' })).toEqual([{ anonymousId: 'a2', userId: 'u1' }])
    expect(identityLinks({ type: 'track', userId: null, anonymousId: 'a1', previousId: null })).toEqual([])
  })
  it('keys a linked anonymous visitor as the user, an unlinked one as anon:', () => {
    const linked = (id: string) => (id === 'a1' ? 'u1' : undefined)
    expect(personKey({ userId: null, anonymousId: 'a1' }, linked)).toBe('u1')
    expect(personKey({ userId: null, anonymousId: 'a2' }, linked)).toBe('anon:a2')
    expect(personKey({ userId: 'u9', anonymousId: 'a1' }, linked)).toBe('u9')
  })
})

describe('the day cut', () => {
  it('is the UTC calendar day by default, and the zone\'s day when given one', () => {
    expect(dayOf(new Date('2026-03-01T23:30:00Z'), 'UTC')).toBe('2026-03-01')
    expect(dayOf(new Date('2026-03-01T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-03-02')
    expect(dayOf(new Date('2026-03-01T03:30:00Z'), 'America/New_York')).toBe('2026-02-28')
  })
})
