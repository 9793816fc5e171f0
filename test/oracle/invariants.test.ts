import { readFileSync } from 'node:fs'
import { parseContent } from '@goyo/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staticContent } from '../../packages/collector/src/content/source'
import { seedDemo } from '../../packages/collector/src/demo/seed'
import type { Store } from '../../packages/collector/src/store/store'
import { inProcessCollector } from '../_util/collector'
import { storeCases } from '../_util/stores'

/**
 * Cross-report invariants on a seeded demo history (issue 13): what one report says must agree
 * with what the others say, whatever the numbers are. 60 accounts over 60 days, on both stores.
 */
const parsed = parseContent(readFileSync(new URL('../../demo/goyo.content.json', import.meta.url), 'utf8'))
if (!parsed.ok) throw new Error('demo/goyo.content.json does not validate')
const content = parsed.content
const NOW = new Date('2026-06-15T12:00:00Z')

/**
 * Every number under a key named like a rate or share, wherever it sits in a report. A `change`
 * object holds differences of rates (period on period), which may be negative: not rates.
 */
function rates(value: unknown, path = ''): Array<[string, number]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => rates(v, `${path}[${i}]`))
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([key, v]) => {
    if (key === 'change') return []
    const here = `${path}.${key}`
    const isRate = /(Rate|rate|share|Share|dauMau|wauMau|grr|support|confidence|logoChurnRate|grossRevenueChurn)$/.test(key)
    return [...(isRate && typeof v === 'number' ? [[here, v] as [string, number]] : []), ...rates(v, here)]
  })
}

describe.each(storeCases)('cross-report invariants on the seeded demo on $name', ({ open }) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>
  const get = async (path: string) => {
    const res = await api.report(path)
    expect(res.status, await res.clone().text()).toBe(200)
    return res.json() as Promise<any>
  }

  beforeAll(async () => {
    store = await open()
    // A seed whose small history has red accounts, so that the red-count invariant has something to compare.
    await seedDemo({ store, content, accounts: 60, days: 60, seed: 2, now: NOW, weeklyEvaluations: 2 })
    api = inProcessCollector(store, { content: staticContent(content), now: () => NOW.getTime(), rateLimit: false })
  }, 300_000)
  afterAll(async () => store.close())

  it("the overview's event count is the sum of the events report, all time and in a period", async () => {
    for (const search of ['', 'from=2026-05-01&to=2026-05-31']) {
      const overview = await get(`/v1/reports/overview?${search}`)
      const events = await get(`/v1/reports/events?${search}`)
      expect(overview.events).toBeGreaterThan(0)
      expect(events.reduce((sum: number, row: { count: number }) => sum + row.count, 0)).toBe(overview.events)
      for (const row of events) expect(row.users).toBeLessThanOrEqual(overview.users)
    }
  })

  it('red accounts agree between segments, the accounts list and at-risk', async () => {
    const segments = await get('/v1/reports/segments')
    const red = segments.matrix.filter((row: { band: string }) => row.band === 'red').reduce((sum: number, row: { accounts: number }) => sum + row.accounts, 0)
    expect(red).toBeGreaterThan(0)
    const list = await (await api.report('/v1/accounts?band=red&limit=200')).json() as { accounts: unknown[] }
    expect(list.accounts).toHaveLength(red)
    const atRisk = await get('/v1/reports/at-risk')
    const redAtRisk = atRisk.accounts.filter((a: { band: string }) => a.band === 'red').length
    expect(redAtRisk).toBe(red)
  })

  it('keeps every rate within [0, 1]', async () => {
    const reports = ['adoption', 'stickiness', 'ttv', 'checklists', 'prompts', 'cross-sell']
    for (const name of reports) {
      for (const [path, value] of rates(await get(`/v1/reports/${name}?from=2026-04-17&to=2026-06-15`))) {
        expect(value, `${name}${path}`).toBeGreaterThanOrEqual(0)
        expect(value, `${name}${path}`).toBeLessThanOrEqual(1)
      }
    }
    const revenue = await get('/v1/reports/revenue?from=2026-04&to=2026-06')
    for (const m of revenue.months) for (const key of ['logoChurnRate', 'grossRevenueChurn', 'grr']) if (m[key] !== null) expect(m[key]).toBeGreaterThanOrEqual(0)
  })

  it('reached-by-day never decreases with N, and p50 ≤ p75 ≤ p90', async () => {
    const ttv = await get('/v1/reports/ttv')
    let groups = 0
    for (const m of ttv.milestones) {
      for (const unit of ['users', 'accounts']) {
        for (const g of [m[unit], ...m[unit].byCohort, ...m[unit].byTier]) {
          groups++
          const shares = g.reachedBy.map((r: { share: number | null }) => r.share ?? 0)
          expect(shares).toEqual([...shares].sort((a, b) => a - b))
          const qs = [g.medianHours, g.p75Hours, g.p90Hours].filter((q) => q !== null)
          expect(qs).toEqual([...qs].sort((a, b) => a - b))
        }
      }
    }
    expect(groups).toBeGreaterThan(4)
    expect(ttv.milestones[0].accounts.medianHours).not.toBeNull()
  })

  it('never counts more adopters than active users or accounts', async () => {
    const adoption = await get('/v1/reports/adoption')
    expect(adoption.active.users).toBeGreaterThan(0)
    for (const f of adoption.features) {
      expect(f.users).toBeLessThanOrEqual(adoption.active.users)
      expect(f.accounts).toBeLessThanOrEqual(adoption.active.accounts)
      expect(f.previous.users).toBeLessThanOrEqual(adoption.previousActive.users)
    }
  })

  it('never lets a funnel step grow', async () => {
    const checklists = await get('/v1/reports/checklists?from=2026-04-17&to=2026-06-15')
    expect(checklists.checklists.some((c: { started: number }) => c.started > 0)).toBe(true)
    for (const c of checklists.checklists) {
      const steps = [c.started, ...c.items.map((i: { users: number }) => i.users)]
      expect(steps).toEqual([...steps].sort((a, b) => b - a))
      for (const i of c.items) expect(i.completedAnyOrder).toBeGreaterThanOrEqual(i.users)
    }
    const prompts = await get('/v1/reports/prompts?from=2026-04-17&to=2026-06-15')
    expect(prompts.prompts.some((p: { treated: { accounts: number } }) => p.treated.accounts > 0)).toBe(true)
    for (const p of prompts.prompts) {
      for (const arm of [p.treated, p.holdout]) {
        expect(arm.shownAccounts).toBeLessThanOrEqual(arm.accounts)
        expect(arm.clickedAccounts).toBeLessThanOrEqual(arm.shownAccounts)
        expect(arm.convertedAccounts).toBeLessThanOrEqual(arm.accounts)
      }
    }
  })

  it('gives NRR and GRR that agree with the bridge, and a bridge that adds up', async () => {
    const revenue = await get('/v1/reports/revenue?from=2026-04&to=2026-06')
    const r4 = (x: number) => Math.round(x * 10_000) / 10_000
    const cents = (x: number) => Math.round(x * 100)
    expect(revenue.months.some((m: { startingMrr: number }) => m.startingMrr > 0)).toBe(true)
    for (const m of revenue.months) {
      expect(cents(m.startingMrr) + cents(m.new) + cents(m.reactivation) + cents(m.expansion) - cents(m.contraction) - cents(m.churned)).toBe(cents(m.endingMrr))
      expect(cents(m.upsell) + cents(m.crossSell)).toBe(cents(m.expansion))
      if (m.startingMrr === 0) {
        expect([m.grr, m.nrr]).toEqual([null, null])
        continue
      }
      const lost = m.churned + m.contraction
      expect(m.grr).toBe(r4((m.startingMrr - lost) / m.startingMrr))
      expect(m.nrr).toBe(r4((m.startingMrr - lost + m.expansion) / m.startingMrr))
      expect(m.grr).toBeLessThanOrEqual(m.nrr)
    }
    // Consecutive months chain: one month's end is the next one's start.
    for (let i = 1; i < revenue.months.length; i++) expect(revenue.months[i].startingMrr).toBe(revenue.months[i - 1].endingMrr)
  })
})
