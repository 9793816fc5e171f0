/**
 * Every rollup counts a user action once (issue 13, items 1, 6 and 9): a messageId that arrives
 * twice in one transaction, an anonymous visitor who later signs in, and a click on a tagged
 * button that also tracks its feature's event. Each case is read back from the rollup tables
 * and from the reports, through the collector's real HTTP path.
 */
import { contentSchema } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'

const DAY = '2026-03-10'
const NOW = Date.parse(`${DAY}T18:00:00Z`)
const CONTENT = contentSchema.parse({
  features: {
    'reports.export': { selectors: ['#export'], events: ['Report Exported'] },
    'invoices.create': { selectors: ['#new-invoice'] },
  },
  milestones: { 'first-invoice': { event: 'Invoice Sent' } },
  prompts: [{
    id: 'payroll', kind: 'modal', title: 'Payroll', body: 'Try payroll', cta: { label: 'Start', href: '/payroll' },
    convertedWhen: { event: 'Payroll Trial Started', withinDays: 14 },
  }],
})

const at = (time: string) => `${DAY}T${time}Z`
const track = (messageId: string, event: string, time: string, extra: Record<string, unknown> = {}) => ({
  type: 'track', event, messageId, timestamp: at(time), userId: 'u1', context: { groupId: 'acme' }, ...extra,
})
const featureUsed = (messageId: string, feature: string, time: string, extra: Record<string, unknown> = {}) =>
  track(messageId, 'Feature Used', time, { properties: { feature }, ...extra })

describe.each(storeCases)('one action, one count, on $name', ({ open }) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>

  beforeEach(async () => {
    store = await open()
    api = inProcessCollector(store, { content: staticContent(CONTENT), now: () => NOW, rateLimit: false })
  })
  afterEach(async () => {
    await api.collector.close().catch(() => {})
  })

  /** Sends a batch, then waits for the fold, as a reader would, before the test reads tables. */
  const send = async (batch: unknown[]) => {
    // No sentAt: the clients' clocks are right, so timestamps are kept as sent.
    const res = await api.post('/v1/batch', { batch })
    expect(res.status).toBe(200)
    await api.collector.catchUp()
  }
  const report = async <T>(path: string): Promise<T> => {
    const res = await api.report(path)
    expect(res.status, path).toBe(200)
    return (await res.json()) as T
  }
  const adoptionOf = async (feature: string) => {
    const adoption = await report<{ features: Array<{ feature: string; uses: number; users: number; depth: number | null }> }>(
      `/v1/reports/adoption?from=${DAY}&to=${DAY}`,
    )
    return adoption.features.find((row) => row.feature === feature)
  }
  const usage = async (userKey: string) =>
    Object.fromEntries(
      (await store.sql.query<{ k: string; c: number }>(
        `SELECT kind || ':' || name AS k, sum(count)::int AS c FROM usage_daily WHERE user_key = $1 GROUP BY 1`,
        [userKey],
      )).map((row) => [row.k, Number(row.c)]),
    )

  describe('a messageId twice in one transaction (item 1)', () => {
    const duplicated = () => [
      featureUsed('dup-1', 'invoices.create', '09:00:00'),
      track('show-1', 'Prompt Shown', '09:01:00', { properties: { prompt: 'payroll' } }),
      track('goal-1', 'Payroll Trial Started', '09:02:00'),
      track('sub-1', 'Subscription Started', '09:03:00', { properties: { mrr: 100 } }),
    ]

    it('counts a messageId repeated inside one batch once in every rollup', async () => {
      await send([...duplicated(), ...duplicated()])
      expect((await store.listEvents()).map((event) => event.messageId).sort()).toEqual(['conv:payroll:acme', 'dup-1', 'goal-1', 'show-1', 'sub-1'])
      expect(await usage('u1')).toEqual({
        'event:Feature Used': 1, 'feature:invoices.create': 1,
        'event:Prompt Shown': 1, 'Prompt Shown:payroll': 1,
        'event:Payroll Trial Started': 1, 'event:Subscription Started': 1,
        'event:Prompt Converted': 1, 'Prompt Converted:payroll': 1,
      })
      const [firsts] = await store.sql.query<{ count: number }>(`SELECT count FROM user_firsts WHERE user_key = 'u1' AND kind = 'event' AND name = 'Feature Used'`)
      expect(Number(firsts!.count)).toBe(1)
      const [days] = await store.sql.query<{ events: number }>(`SELECT events FROM account_days WHERE account_id = 'acme'`)
      expect(Number(days!.events)).toBe(5)
      expect(await store.sql.query(`SELECT 1 FROM timeline WHERE account_id = 'acme'`)).toHaveLength(2)
      expect(await store.sql.query(`SELECT 1 FROM account_revenue_history`)).toHaveLength(1)
      expect(await store.sql.query(`SELECT 1 FROM prompt_conversions`)).toHaveLength(1)
      const invoices = await adoptionOf('invoices.create')
      expect(invoices).toMatchObject({ uses: 1, users: 1, depth: 1 })
    })

    it('keeps the first of two events that share a messageId', async () => {
      await send([
        featureUsed('same', 'invoices.create', '09:00:00'),
        featureUsed('same', 'reports.export', '09:00:01'),
      ])
      const [event] = await store.listEvents()
      expect(event!.payload.properties).toEqual({ feature: 'invoices.create' })
      expect(await usage('u1')).toEqual({ 'event:Feature Used': 1, 'feature:invoices.create': 1 })
    })

    it('counts a retry merged with its original by the group commit once', async () => {
      // Three requests at once: the first goes alone, the retry and its original share the next transaction.
      const retried = [featureUsed('retried', 'invoices.create', '10:00:00')]
      await Promise.all([send([featureUsed('first', 'reports.export', '09:59:00')]), send(retried), send(retried)])
      expect(await usage('u1')).toMatchObject({ 'feature:invoices.create': 1, 'feature:reports.export': 1 })
      expect(await adoptionOf('invoices.create')).toMatchObject({ uses: 1 })
    })
  })

  describe('an anonymous visitor who signs in (item 6)', () => {
    const anon = (messageId: string, event: string, time: string, extra: Record<string, unknown> = {}) =>
      track(messageId, event, time, { userId: undefined, anonymousId: 'device-1', ...extra })

    it('counts the anonymous id\'s earlier and later activity as the user', async () => {
      await send([
        anon('a1', 'Feature Used', '08:00:00', { properties: { feature: 'invoices.create' } }),
        anon('a2', 'Invoice Sent', '08:05:00'),
      ])
      await send([{ type: 'identify', userId: 'u1', anonymousId: 'device-1', messageId: 'i1', timestamp: at('08:10:00'), traits: { name: 'Ada' } }])
      // Later events of the same device without the userId (another tab, an old queue).
      await send([anon('a3', 'Feature Used', '08:20:00', { properties: { feature: 'invoices.create' } })])

      expect(await usage('anon:device-1')).toEqual({})
      expect(await usage('u1')).toEqual({ 'event:Feature Used': 2, 'feature:invoices.create': 2, 'event:Invoice Sent': 1 })
      const [first] = await store.sql.query<{ first_at: Date; count: number }>(
        `SELECT first_at, count FROM user_firsts WHERE user_key = 'u1' AND kind = 'event' AND name = 'Feature Used'`,
      )
      expect(new Date(first!.first_at).toISOString()).toBe(at('08:00:00').replace('Z', '.000Z'))
      expect(Number(first!.count)).toBe(2)
      expect(await adoptionOf('invoices.create')).toMatchObject({ users: 1, uses: 2 })
      const stickiness = await report<{ users: { series: Array<{ day: string; dau: number }> } }>(`/v1/reports/stickiness?from=${DAY}&to=${DAY}`)
      expect(stickiness.users.series.find((day) => day.day === DAY)?.dau).toBe(1)
    })

    it('links through alias too, and puts the visitor in the user\'s account', async () => {
      await send([anon('b1', 'Feature Used', '08:00:00', { properties: { feature: 'invoices.create' } })])
      await send([{ type: 'alias', userId: 'u1', previousId: 'device-1', messageId: 'al1', timestamp: at('08:10:00') }])
      expect(await usage('anon:device-1')).toEqual({})
      expect(await usage('u1')).toEqual({ 'event:Feature Used': 1, 'feature:invoices.create': 1 })
      expect(await store.sql.query(`SELECT 1 FROM account_users WHERE account_id = 'acme' AND user_id = 'u1'`)).toHaveLength(1)
    })
  })

  describe('a tagged click that also tracks its feature\'s event (item 9)', () => {
    it('is one use, whichever of the two arrives first and in whichever transaction', async () => {
      await send([
        featureUsed('click-1', 'reports.export', '11:00:00.100'),
        track('evt-1', 'Report Exported', '11:00:00.300'),
      ])
      // The event before the click, in separate requests.
      await send([track('evt-2', 'Report Exported', '12:00:00.000')])
      await send([featureUsed('click-2', 'reports.export', '12:00:00.200')])
      expect(await adoptionOf('reports.export')).toMatchObject({ uses: 2, users: 1 })
    })

    it('keeps separate actions apart: a click alone and an event alone are a use each', async () => {
      await send([
        featureUsed('click-1', 'reports.export', '11:00:00'),
        track('evt-1', 'Report Exported', '11:05:00'),
        featureUsed('click-2', 'invoices.create', '11:05:00'),
      ])
      expect(await adoptionOf('reports.export')).toMatchObject({ uses: 2 })
      expect(await adoptionOf('invoices.create')).toMatchObject({ uses: 1 })
    })
  })
})
