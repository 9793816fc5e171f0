import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { storeCases } from '../../../../test/_util/stores'
import { normalizeEvents } from '../ingest/normalize'
import type { Event } from '@goyo/schema'
import { overview } from '../reports/overview'
import type { Store } from './store'

const at = (iso: string) => new Date(iso)

/** Builds normalized events the way ingest does, from plain Segment events. */
function events(list: Array<Record<string, unknown>>, receivedAt = at('2026-03-01T12:00:00Z')) {
  return normalizeEvents(list as Event[], list, {}, receivedAt)
}

describe.each(storeCases)('store on $name', ({ open }) => {
  let store: Store
  beforeEach(async () => {
    store = await open()
  })
  afterEach(async () => {
    await store.close()
  })

  it('stores each messageId once, also when concurrent writers race on it', async () => {
    const batch = events([
      { type: 'track', event: 'A', userId: 'u1', messageId: 'm1' },
      { type: 'track', event: 'B', userId: 'u1', messageId: 'm2' },
    ])
    const results = await Promise.all([store.appendEvents(batch), store.appendEvents(batch), store.appendEvents(batch)])
    expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(2)
    expect((await overview(store.sql, {}, 'UTC')).events).toBe(2)
  })

  it('rolls a failing batch back whole', async () => {
    const good = events([{ type: 'track', event: 'A', userId: 'u1', messageId: 'ok' }])[0]!
    const bad = { ...good, messageId: 'bad', payloadJson: '{not json' }
    await expect(store.appendEvents([good, bad])).rejects.toThrow()
    expect((await overview(store.sql, {}, 'UTC')).events).toBe(0)
  })

  it("gives an event its context.groupId, else its user's last group", async () => {
    await store.appendEvents(
      events([
        { type: 'track', event: 'Before', userId: 'u1', messageId: 'e1', timestamp: '2026-03-01T10:00:00Z' },
        { type: 'group', groupId: 'acct-a', userId: 'u1', messageId: 'e2', timestamp: '2026-03-01T10:01:00Z' },
        { type: 'track', event: 'After', userId: 'u1', messageId: 'e3', timestamp: '2026-03-01T10:02:00Z' },
        { type: 'track', event: 'Other', userId: 'u1', messageId: 'e4', timestamp: '2026-03-01T10:03:00Z', context: { groupId: 'acct-b' } },
      ]),
    )
    // A later request: the user's last group is remembered across batches.
    await store.appendEvents(events([{ type: 'page', userId: 'u1', messageId: 'e5', timestamp: '2026-03-01T11:00:00Z' }]))
    const byId = Object.fromEntries((await store.listEvents()).map((e) => [e.messageId, e.accountId]))
    expect(byId).toEqual({ e1: null, e2: 'acct-a', e3: 'acct-a', e4: 'acct-b', e5: 'acct-a' })
  })

  it('remembers the group of an anonymous visitor', async () => {
    await store.appendEvents(events([{ type: 'group', groupId: 'acct-x', anonymousId: 'anon-1', messageId: 'g1' }]))
    await store.appendEvents(events([{ type: 'track', event: 'A', anonymousId: 'anon-1', messageId: 't1' }]))
    const [, track] = await store.listEvents()
    expect(track!.accountId).toBe('acct-x')
  })

  it('merges traits, newer values winning even when older traits arrive later', async () => {
    await store.appendEvents(events([
      { type: 'identify', userId: 'u1', traits: { plan: 'pro', role: 'admin' }, messageId: 'i2', timestamp: '2026-03-02T00:00:00Z' },
      { type: 'group', userId: 'u1', groupId: 'acct', traits: { arr: 9000 }, messageId: 'g2', timestamp: '2026-03-02T00:00:00Z' },
    ]))
    // An offline client delivers an older identify and group afterwards.
    await store.appendEvents(events([
      { type: 'identify', userId: 'u1', traits: { plan: 'free', email: 'a@b.c' }, messageId: 'i1', timestamp: '2026-03-01T00:00:00Z' },
      { type: 'group', userId: 'u1', groupId: 'acct', traits: { arr: 100, name: 'Acme' }, messageId: 'g1', timestamp: '2026-03-01T00:00:00Z' },
    ]))
    await store.appendEvents(events([
      { type: 'group', userId: 'u1', groupId: 'acct', traits: { arr: 90000 }, messageId: 'g3', timestamp: '2026-03-03T00:00:00Z' },
    ]))
    expect(await overview(store.sql, {}, 'UTC')).toMatchObject({ users: 1, accounts: 1 })
    expect((await store.getUser('u1'))!.traits).toEqual({ plan: 'pro', role: 'admin', email: 'a@b.c' })
    expect(await store.getAccount('acct')).toMatchObject({ id: 'acct', traits: { arr: 90000, name: 'Acme' } })
  })

  it('counts an anonymous visitor as a user until identify links them', async () => {
    await store.appendEvents(events([{ type: 'page', anonymousId: 'anon-9', messageId: 'p1' }]))
    expect((await overview(store.sql, {}, 'UTC')).users).toBe(1)
    await store.appendEvents(events([{ type: 'identify', anonymousId: 'anon-9', userId: 'u9', messageId: 'i9' }]))
    expect((await overview(store.sql, {}, 'UTC')).users).toBe(1)
    await store.appendEvents(events([{ type: 'alias', previousId: 'anon-10', userId: 'u9', messageId: 'a9' }]))
    expect((await overview(store.sql, {}, 'UTC')).users).toBe(1)
  })

  it('does not apply the side effects of a replayed event twice', async () => {
    const identify = events([{ type: 'identify', userId: 'u1', traits: { plan: 'pro' }, messageId: 'i1', timestamp: '2026-03-01T00:00:00Z' }])
    await store.appendEvents(identify)
    await store.appendEvents(events([{ type: 'identify', userId: 'u1', traits: { plan: 'team' }, messageId: 'i2', timestamp: '2026-03-02T00:00:00Z' }]))
    expect((await store.appendEvents(identify)).inserted).toBe(0)
    expect(await store.getUser('u1')).toMatchObject({ id: 'u1', traits: { plan: 'team' } })
  })

  it('keeps each account\'s commercial facts over time, placed by their own timestamps', async () => {
    await store.appendEvents(events([
      { type: 'group', userId: 'u1', groupId: 'acct', traits: { mrr: 200, plan: 'team', products: ['invoicing', 'payroll'] }, messageId: 'g2', timestamp: '2026-03-01T00:00:00Z' },
      { type: 'group', userId: 'u1', groupId: 'acct', traits: { name: 'Acme' }, messageId: 'g-no-revenue', timestamp: '2026-03-02T00:00:00Z' },
      { type: 'track', userId: 'u1', event: 'Subscription Cancelled', messageId: 'c1', timestamp: '2026-04-01T00:00:00Z', context: { groupId: 'acct' } },
    ]))
    // Arrives late, belongs to February.
    await store.appendEvents(events([{ type: 'group', userId: 'u1', groupId: 'acct', traits: { arr: 1200, seats: '5' }, messageId: 'g1', timestamp: '2026-02-01T00:00:00Z' }]))
    const rows = await store.sql.query<{ source: string; mrr: number | null; arr: number | null; plan: string | null; products: string[] | null; seats: number | null }>(
      'SELECT source, mrr, arr, plan, products, seats FROM account_revenue_history ORDER BY at',
    )
    expect(rows).toEqual([
      { source: 'group', mrr: null, arr: 1200, plan: null, products: null, seats: 5 },
      { source: 'group', mrr: 200, arr: null, plan: 'team', products: ['invoicing', 'payroll'], seats: null },
      { source: 'Subscription Cancelled', mrr: 0, arr: null, plan: null, products: null, seats: null },
    ])
  })

  it('keeps a setting once: the first value written wins', async () => {
    expect(await store.getSetting('k')).toBeNull()
    expect(await store.setSettingOnce('k', 'first')).toBe('first')
    expect(await store.setSettingOnce('k', 'second')).toBe('first')
  })
})

