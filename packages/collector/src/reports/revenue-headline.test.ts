import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import type { Store } from '../store/store'
import type { RevenueReport } from './revenue'

let seq = 0
const group = (account: string, timestamp: string, traits: Record<string, unknown>) =>
  ({ type: 'group', userId: `billing-${account}`, groupId: account, timestamp, traits, messageId: `h${++seq}` })

describe.each(storeCases)('revenue headline on $name', ({ open }) => {
  let store: Store
  let now: number
  let api: ReturnType<typeof inProcessCollector>
  const revenue = async () => (await (await api.report('/v1/reports/revenue')).json()) as RevenueReport
  const page = async () => (await api.report('/dashboard/revenue')).text()

  beforeEach(async () => {
    store = await open()
    api = inProcessCollector(store, { now: () => now, rateLimit: false })
  })
  afterEach(async () => {
    await api.collector.engine?.stop()
    await store.close()
  })

  // Regression: on 1 December the dashboard showed "NRR, Dec 26 100.0 %" for a month one day old.
  it('heads with the last complete month and labels the current one month-to-date', async () => {
    now = Date.parse('2026-12-01T10:00:00Z')
    const batch = [
      group('B', '2026-10-05T10:00:00Z', { mrr: 50 }),
      group('C', '2026-10-06T10:00:00Z', { mrr: 200 }),
      group('A', '2026-11-10T10:00:00Z', { mrr: 100 }),
      group('C', '2026-11-12T10:00:00Z', { mrr: 150 }),
      { type: 'track', userId: 'billing-B', event: 'Subscription Cancelled', timestamp: '2026-11-20T10:00:00Z', context: { groupId: 'B' }, messageId: `h${++seq}` },
    ]
    expect((await api.post('/v1/batch', { batch })).status).toBe(200)
    const { headline } = await revenue()
    // November: S = 250 (B 50, C 200); B churned 50, C contracted 50: GRR = NRR = 150/250; 1 of 2 logos lost.
    expect(headline.lastCompleteMonth).toMatchObject({
      month: '2026-11', startingMrr: 250, endingMrr: 250, newMrr: 100, nrr: 0.6, grr: 0.6, logoChurnRate: 0.5, grossRevenueChurn: 0.4,
    })
    expect(headline.monthToDate).toMatchObject({ month: '2026-12', asOf: '2026-12-01', days: 1, startingMrr: 250, nrr: 1 })
    const html = await page()
    expect(html).toContain('NRR, November 2026')
    expect(html).not.toContain('NRR, December 2026')
    expect(html).toContain('December 2026 to date (1 day, until the month ends)')
  })

  // Regression: a fresh workspace sending mrr traits saw "No account paid" while the report had new MRR.
  it('shows a workspace whose first customers arrived this month, as the report does', async () => {
    now = Date.parse('2026-12-03T10:00:00Z')
    // With no revenue at all, it says so.
    expect(await page()).toContain('No account paid')
    expect((await api.post('/v1/batch', { batch: [group('A', '2026-12-02T09:00:00Z', { mrr: 75 }), group('B', '2026-12-02T09:30:00Z', { arr: 1200 })] })).status).toBe(200)
    const report = await revenue()
    expect(report.months.at(-1)).toMatchObject({ month: '2026-12', new: 175, endingMrr: 175 })
    expect(report.headline.lastCompleteMonth).toMatchObject({ month: '2026-11', startingMrr: 0, nrr: null })
    expect(report.headline.monthToDate).toMatchObject({ month: '2026-12', newMrr: 175, days: 3 })
    const html = await page()
    expect(html).not.toContain('No account paid')
    expect(html).toContain('no paying customers when November 2026 began')
    expect(html).toContain('new MRR 175')
  })

  it('has no month-to-date for a period that ended, and no headline before a month is over', async () => {
    now = Date.parse('2026-12-03T10:00:00Z')
    expect((await api.post('/v1/batch', { batch: [group('A', '2026-06-02T09:00:00Z', { mrr: 75 })] })).status).toBe(200)
    const past = (await (await api.report('/v1/reports/revenue?from=2026-05&to=2026-07')).json()) as RevenueReport
    expect(past.headline.lastCompleteMonth?.month).toBe('2026-07')
    expect(past.headline.monthToDate).toBeNull()
    const current = (await (await api.report('/v1/reports/revenue?from=2026-12&to=2026-12')).json()) as RevenueReport
    expect(current.headline).toMatchObject({ lastCompleteMonth: null, monthToDate: { month: '2026-12' } })
  })
})
