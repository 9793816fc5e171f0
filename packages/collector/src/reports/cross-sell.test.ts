import { contentSchema } from '@goyo/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'
import type { CrossSellReport } from './cross-sell'

/**
 * A small history built by hand. Now is 2026-06-30; the backtest (horizon 30) scores accounts as
 * of 05-31, from their usage in the 90 days before (03-03..05-31).
 *
 * O1..O4 own payroll from March and invoice 20, 22, 25 and 30 times in May; they also run payroll
 * (a payroll feature: it must never count). N1..N10 own invoicing only and invoice 1..10 times in
 * May. N2, N4, N7, N9 and N10 add payroll on 06-15. So, as of 05-31, the only signal is invoicing
 * and the ranking of N is N10 > N9 > ... > N1:
 *   AUC: acquirers 10, 9, 7, 4, 2 against 8, 6, 5, 3, 1 win 5 + 5 + 4 + 2 + 1 = 17 of 25 = 0.68;
 *   top decile: ⌈10 / 10⌉ = 1 account, N10, an acquirer: 1 of 1 against a base rate of 5 / 10.
 * Late first shows up on 07-02 and Gone was last active in February: neither is in the population.
 */
const NOW = Date.parse('2026-06-30T12:00:00Z')

const content = contentSchema.parse({
  features: {
    invoices: {},
    reports: { events: ['Report Exported'] },
    'payroll.run': { events: ['Payroll Run'], product: 'payroll' },
  },
})

let seq = 0
const events: Record<string, unknown>[] = []
const group = (account: string, at: string, products: string[]) =>
  events.push({ type: 'group', userId: `${account}-u`, groupId: account, timestamp: at, messageId: `x${++seq}`, traits: { name: account, products } })
const use = (account: string, at: string, event: string, times: number, properties: Record<string, unknown> = {}) => {
  for (let i = 0; i < times; i++) events.push({ type: 'track', userId: `${account}-u`, event, properties, timestamp: at, messageId: `x${++seq}`, context: { groupId: account } })
}
;[20, 22, 25, 30].forEach((n, i) => {
  group(`O${i + 1}`, '2026-03-01T10:00:00Z', ['invoicing', 'payroll'])
  use(`O${i + 1}`, '2026-05-10T10:00:00Z', 'Feature Used', n, { feature: 'invoices' })
  use(`O${i + 1}`, '2026-05-11T10:00:00Z', 'Payroll Run', 8)
})
for (let n = 1; n <= 10; n++) {
  group(`N${n}`, '2026-03-01T10:00:00Z', ['invoicing'])
  use(`N${n}`, '2026-05-12T10:00:00Z', 'Feature Used', n, { feature: 'invoices' })
  if ([2, 4, 7, 9, 10].includes(n)) {
    group(`N${n}`, '2026-06-15T10:00:00Z', ['invoicing', 'payroll'])
    use(`N${n}`, '2026-06-16T10:00:00Z', 'Payroll Run', 5)
  }
}
group('Late', '2026-07-02T10:00:00Z', ['invoicing'])
use('Late', '2026-07-02T11:00:00Z', 'Feature Used', 40, { feature: 'invoices' })
group('Gone', '2026-02-01T10:00:00Z', ['invoicing'])
use('Gone', '2026-02-02T10:00:00Z', 'Feature Used', 40, { feature: 'invoices' })

describe.each(storeCases)('cross-sell on $name', ({ open }) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>
  const get = async (path: string) => {
    const res = await api.report(path)
    expect(res.status, await res.clone().text()).toBe(200)
    return (await res.json()) as CrossSellReport
  }

  beforeAll(async () => {
    store = await open()
    api = inProcessCollector(store, { content: staticContent(content), now: () => NOW, rateLimit: false })
    for (let i = 0; i < events.length; i += 200) expect((await api.post('/v1/batch', { batch: events.slice(i, i + 200) })).status).toBe(200)
  })
  afterAll(async () => {
    await api.collector.engine?.stop()
    await store.close()
  })

  it('learns from the accounts active in the window only, never from the product\'s own features', async () => {
    const report = await get('/v1/reports/cross-sell')
    // Regression (issue 13, item 7): an account created after `to` or silent all window is no denominator.
    expect(report.accounts).toBe(14)
    expect(report.products.map((p) => p.product)).toEqual(['invoicing', 'payroll'])
    const payroll = report.products.find((p) => p.product === 'payroll')!
    expect(payroll).toMatchObject({ owners: 9, share: round(9 / 14), ownFeatures: ['payroll.run'] })
    // Regression: "uses payroll.run ⇒ owns payroll" was the top rule.
    expect(payroll.model!.weights.map((w) => w.feature)).toEqual(['invoices'])
    expect(payroll.candidates.items.flatMap((c) => c.signals.map((s) => s.feature))).not.toContain('payroll.run')
  })

  it('scores each candidate from its own usage and says why', async () => {
    const payroll = (await get('/v1/reports/cross-sell?product=payroll')).products[0]!
    expect(payroll.candidates.items.map((c) => c.accountId)).toEqual(['N8', 'N6', 'N5', 'N3', 'N1'])
    expect(payroll.candidates.items.map((c) => c.rank)).toEqual([1, 2, 3, 4, 5])
    const scores = payroll.candidates.items.map((c) => c.score)
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeLessThan(scores[i - 1]!)
    // Owners at `to` invoiced 2, 4, 7, 9, 10, 20, 22, 25, 30 times: median 10.
    expect(payroll.candidates.items[0]!.signals[0]!.text).toBe('uses invoices 0.8× the median of owners (8 vs 10)')
  })

  it('backtests the ranking against who acquired the product, with counts', async () => {
    const payroll = (await get('/v1/reports/cross-sell?product=payroll')).products[0]!
    expect(payroll.backtest).toEqual({
      asOf: '2026-05-31', horizonDays: 30, scored: 10, acquirers: 5, status: 'ok', auc: 0.68,
      topDecile: { accounts: 1, acquirers: 1, rate: 1 }, baseRate: 0.5, lift: 2,
    })
    // Ten days back, none of them had acquired payroll yet: too few acquirers, no number.
    const short = (await get('/v1/reports/cross-sell?product=payroll&to=2026-06-10&horizon=10')).products[0]!
    expect(short.backtest).toMatchObject({ asOf: '2026-05-31', scored: 10, acquirers: 0, status: 'too_few_acquirers', auc: null, lift: null })
    // Every account owns invoicing: nothing to learn, and it says so.
    const invoicing = (await get('/v1/reports/cross-sell?product=invoicing')).products[0]!
    expect(invoicing).toMatchObject({ owners: 14, model: null, candidates: { total: 0, items: [], nextCursor: null } })
    expect(invoicing.backtest.status).toBe('no_model')
  })

  it('pages through the whole list with limit and cursor, and refuses a cursor it did not make', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: CrossSellReport = await get(`/v1/reports/cross-sell?product=payroll&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      const candidates = page.products[0]!.candidates
      expect(candidates.total).toBe(5)
      seen.push(...candidates.items.map((c) => c.accountId))
      cursor = candidates.nextCursor
    } while (cursor)
    expect(seen).toEqual(['N8', 'N6', 'N5', 'N3', 'N1'])
    expect((await api.report('/v1/reports/cross-sell?cursor=abc')).status).toBe(400)
    expect((await api.report('/v1/reports/cross-sell?product=payroll&cursor=bm9wZQ')).status).toBe(400)
    expect((await api.report('/v1/reports/cross-sell?limit=0')).status).toBe(400)
    expect((await api.report('/v1/reports/cross-sell?horizon=x')).status).toBe(400)
  })
})

const round = (value: number) => Math.round(value * 10_000) / 10_000
