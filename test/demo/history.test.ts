import { readFileSync } from 'node:fs'
import { parseContent } from '@goyo/schema'
import { describe, expect, it } from 'vitest'
import { backtest } from '../../packages/collector/src/cs/backtest'
import { fitPropensity, scoreProfile, type UsageProfile } from '../../packages/collector/src/cs/propensity'
import { generateHistory } from '../../packages/collector/src/demo/history'
import { accountMonths, sumBridge } from '../../packages/collector/src/revenue/bridge'
import { groupByAccount, stateAt, type RevenueRow } from '../../packages/collector/src/revenue/history'
import { ltv } from '../../packages/collector/src/revenue/ltv'
import { addMonths, monthOf, monthRange } from '../../packages/collector/src/revenue/months'

const parsed = parseContent(readFileSync(new URL('../../demo/goyo.content.json', import.meta.url), 'utf8'))
if (!parsed.ok) throw new Error('demo/goyo.content.json does not validate')
const content = parsed.content

// The history `npm start` seeds (300 accounts, 90 days, seed 1), read straight from its events:
// what the revenue and cross-sell reports would find in it, without a store (seed.test.ts covers the
// write path on a small history).
const NOW = new Date('2026-12-01T10:00:00Z')
const DAY = 86_400_000
const history = generateHistory({ accounts: 300, days: 90, seed: 1, now: NOW })
const time = (e: { timestamp?: string }) => Date.parse(e.timestamp!)
const accountOf = (e: Record<string, any>) => (e.type === 'group' ? e.groupId : e.context?.groupId) as string | undefined

/** Revenue rows as ingest records them (store/revenue.ts), enough for the bridge. */
function revenueRows(): RevenueRow[] {
  return history.events.flatMap((e: Record<string, any>): RevenueRow[] => {
    const accountId = accountOf(e)
    if (!accountId) return []
    const facts = e.type === 'group' ? e.traits : e.type === 'track' && /^Subscription (Started|Cancelled)$/.test(e.event) ? { mrr: 0, ...e.properties } : null
    if (!facts) return []
    return [{ accountId, at: time(e), messageId: e.messageId, mrr: facts.mrr ?? null, arr: facts.arr ?? null, products: facts.products ?? null }]
  })
}

describe('the demo history', () => {
  it('moves revenue every month like a SaaS business, with a believable LTV per cohort', () => {
    const rows = groupByAccount(revenueRows())
    const months = monthRange(addMonths(monthOf(NOW, 'UTC'), -11), addMonths(monthOf(NOW, 'UTC'), -1))
    const all = accountMonths(rows, months, NOW.getTime(), 'UTC')
    for (const month of months) {
      const b = sumBridge(all.filter((r) => r.month === month))
      expect(b.newCustomers, `${month} new customers`).toBeGreaterThan(0)
      expect(b.expansion, `${month} expansion`).toBeGreaterThan(0)
      expect(b.contraction, `${month} contraction`).toBeGreaterThan(0)
      expect(b.customersLost, `${month} churned customers`).toBeGreaterThan(0)
      // A growing SaaS business moves by a few percent a month, not by half (issue 14: +50 % in November).
      const growth = b.ending / b.starting
      expect(growth, `${month} MRR growth`).toBeGreaterThan(0.9)
      expect(growth, `${month} MRR growth`).toBeLessThan(1.15)
    }
    // LTV by signup cohort (first revenue row), over the year: never the $26M of one cohort before.
    const cohort = new Map([...rows].map(([id, list]) => [id, monthOf(list[0]!.at, 'UTC')]))
    const cohorts = new Map<string, typeof all>()
    for (const r of all.filter((r) => r.m0 > 0)) cohorts.set(cohort.get(r.accountId)!, [...(cohorts.get(cohort.get(r.accountId)!) ?? []), r])
    const values = [...cohorts.values()].map((list) => ltv(months.map((m) => sumBridge(list.filter((r) => r.month === m)))).ltv).filter((v): v is number => v !== null)
    expect(values.length).toBeGreaterThanOrEqual(10)
    for (const value of values) expect(value).toBeLessThan(3_000_000)
  })

  it('makes Payroll adoption depend on usage: the backtest\'s top decile converts at least twice the base rate', () => {
    const asOf = NOW.getTime() - 30 * DAY
    const from = asOf - 90 * DAY
    const features = Object.keys(content.features).filter((f) => content.features[f]!.product !== 'payroll')
    const mapped = new Map(Object.entries(content.features).flatMap(([f, d]) => (d.events ?? []).map((event) => [event, f] as const)))
    const uses = new Map<string, Record<string, number>>()
    for (const e of history.events as Array<Record<string, any>>) {
      const id = accountOf(e)
      const t = time(e)
      if (!id || t < from || t >= asOf || e.type !== 'track') continue
      const profile = uses.get(id) ?? {}
      uses.set(id, profile)
      const feature = e.event === 'Feature Used' ? e.properties?.feature : mapped.get(e.event)
      if (feature) profile[feature] = (profile[feature] ?? 0) + 1
    }
    const rows = groupByAccount(revenueRows())
    const owns = (id: string, at: number) => stateAt(rows.get(id) ?? [], at).products.has('payroll')
    const profiles: UsageProfile[] = [...uses].map(([accountId, u]) => ({ accountId, uses: u }))
    const owners = new Set(profiles.filter((p) => owns(p.accountId, asOf)).map((p) => p.accountId))
    const model = fitPropensity(profiles, owners, features)!
    const result = backtest(profiles.filter((p) => !owners.has(p.accountId)).map((p) => ({ accountId: p.accountId, score: scoreProfile(model, p, 0).score, acquired: owns(p.accountId, NOW.getTime()) })))
    expect(result.status).toBe('ok')
    expect(result.lift!).toBeGreaterThanOrEqual(2)
    expect(result.auc!).toBeGreaterThan(0.55)
  })
})
