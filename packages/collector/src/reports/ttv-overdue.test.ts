import { contentSchema } from '@goyo/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'
import { targetDaysOf, type TtvOverdueReport } from './ttv-overdue'

const NOW = Date.parse('2026-06-30T12:00:00Z')
const content = contentSchema.parse({
  milestones: { 'first-invoice': { event: 'Invoice Sent' } },
  tiers: [{ id: 'big', when: { trait: 'arr', gte: 1000 }, targetDays: 30 }, { id: 'small', targetDays: 7 }],
})

describe('targetDaysOf', () => {
  it("takes the tier's target, else the valueReached measure's, else 14 days", () => {
    expect(targetDaysOf(content, 'big')).toBe(30)
    expect(targetDaysOf(content, null)).toBe(14)
    const withMeasure = contentSchema.parse({ health: { measures: [{ id: 'valueReached', weight: 1, targetDays: 21 }], bands: { red: 40, yellow: 70 } } })
    expect(targetDaysOf(withMeasure, 'any')).toBe(21)
  })
})

describe.each(storeCases)('ttv-overdue on $name', ({ open }) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>

  beforeAll(async () => {
    store = await open()
    api = inProcessCollector(store, { content: staticContent(content), now: () => NOW, rateLimit: false })
    const group = (id: string, user: string, arr: number, createdAt: string) =>
      ({ type: 'group', messageId: `g-${id}-${user}`, userId: user, groupId: id, traits: { name: `Account ${id}`, arr, createdAt }, timestamp: createdAt })
    const identify = (user: string, createdAt: string) => ({ type: 'identify', messageId: `i-${user}`, userId: user, traits: { email: `${user}@example.com`, createdAt }, timestamp: createdAt })
    const res = await api.post('/v1/batch', { batch: [
      // Small (7 days): S1 started 20 days ago and never sent an invoice; S2 sent one; S3 started 3 days ago.
      identify('s1u', '2026-06-10T12:00:00Z'), group('S1', 's1u', 100, '2026-06-10T12:00:00Z'),
      identify('s2u', '2026-06-10T12:00:00Z'), group('S2', 's2u', 100, '2026-06-10T12:00:00Z'),
      { type: 'track', messageId: 't-s2', userId: 's2u', event: 'Invoice Sent', timestamp: '2026-06-11T12:00:00Z', context: { groupId: 'S2' } },
      identify('s3u', '2026-06-27T12:00:00Z'), group('S3', 's3u', 100, '2026-06-27T12:00:00Z'),
      // Big (30 days): B1 started 20 days ago, not reached, but within its target.
      identify('b1u', '2026-06-10T12:00:00Z'), group('B1', 'b1u', 5000, '2026-06-10T12:00:00Z'),
      // Started before the period.
      identify('olduser', '2026-01-10T12:00:00Z'), group('OLD', 'olduser', 100, '2026-01-10T12:00:00Z'),
    ] })
    expect(res.status).toBe(200)
    await api.collector.engine?.flush()
  }, 60_000)
  afterAll(async () => {
    await api.collector.engine?.stop()
    await store.close()
  })

  it("lists the accounts and users past their tier's target that have not reached value, longest overdue first", async () => {
    const report = (await (await api.report('/v1/reports/ttv-overdue?from=2026-06-01&to=2026-06-30')).json()) as TtvOverdueReport
    expect(report.units.map((u) => [u.unit, u.id, u.name, u.tier, u.targetDays, u.daysSinceStart])).toEqual([
      ['accounts', 'S1', 'Account S1', 'small', 7, 20],
      ['users', 's1u', 's1u@example.com', 'small', 7, 20],
    ])
    expect(report.units[1]).toMatchObject({ accountId: 'S1', start: '2026-06-10T12:00:00.000Z', milestone: 'first-invoice' })
  })

  it('filters on the tier and gives a CSV of the list', async () => {
    const big = (await (await api.report('/v1/reports/ttv-overdue?from=2026-06-01&to=2026-06-30&tier=big')).json()) as TtvOverdueReport
    expect(big.units).toEqual([])
    const csv = await (await api.report('/v1/reports/ttv-overdue?from=2026-06-01&to=2026-06-30&format=csv')).text()
    expect(csv.split('\r\n')[0]).toBe('milestone,unit,id,name,accountId,tier,start,targetDays,daysSinceStart')
    expect(csv).toContain('first-invoice,accounts,S1,Account S1,S1,small,2026-06-10,7,20')
  })
})
