import { readFileSync } from 'node:fs'
import { parseContent } from '@goyo/schema'
import { describe, expect, it } from 'vitest'
import { seedDemo } from '../../packages/collector/src/demo/seed'
import { runReport } from '../../packages/collector/src/reports/index'
import type { RevenueAttributionReport } from '../../packages/collector/src/reports/revenue-attribution'
import type { RevenueReport } from '../../packages/collector/src/reports/revenue'
import { eventCounts, overview } from '../../packages/collector/src/reports/overview'
import type { Store } from '../../packages/collector/src/store/store'
import { storeCases } from '../_util/stores'

const parsed = parseContent(readFileSync(new URL('../../demo/goyo.content.json', import.meta.url), 'utf8'))
if (!parsed.ok) throw new Error('demo/goyo.content.json does not validate')
const content = parsed.content

// Small enough for a unit test, large enough that seed 1 shows every kind of account (checked
// below): the demo's point is that each report and dashboard page has something to say.
const OPTIONS = { content, accounts: 40, days: 30, seed: 1, now: new Date('2026-06-15T12:00:00Z') }

async function snapshot(store: Store) {
  const bands = await store.sql.query<{ tier: string; band: string; n: number }>(
    'SELECT tier, health_band AS band, count(*)::int AS n FROM account_state GROUP BY 1, 2 ORDER BY 1, 2',
  )
  const eligibility = await store.sql.query<{ holdout: boolean; n: number }>(
    'SELECT holdout, count(DISTINCT account_id)::int AS n FROM prompt_eligibility GROUP BY 1 ORDER BY 1',
  )
  const conversions = await store.sql.query<{ holdout: boolean; n: number }>('SELECT holdout, count(*)::int AS n FROM prompt_conversions GROUP BY 1 ORDER BY 1')
  const timeline = await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM timeline')
  return { overview: await overview(store.sql, {}, 'UTC'), events: await eventCounts(store.sql, {}, 'UTC'), bands, eligibility, conversions, timeline: timeline[0]!.n }
}

/** The revenue the seeded history tells, over the window's months (May and June 2026). */
async function revenue(store: Store) {
  const context = { sql: store.sql, content, now: OPTIONS.now, timeZone: 'UTC' }
  const query = { from: '2026-05', to: '2026-06' }
  const bridge = (await runReport('revenue', context, query)).result as RevenueReport
  const attribution = (await runReport('revenue-attribution', context, query)).result as RevenueAttributionReport
  return { bridge, attribution }
}

describe.each(storeCases)('seed-demo on $name', (storeCase) => {
  it('writes the same believable history for the same seed, once', async () => {
    let store = await storeCase.open()
    const first = await seedDemo({ store, ...OPTIONS })
    const a = await snapshot(store)

    expect(first.inserted).toBe(first.events)
    expect(a.overview.accounts).toBe(40)
    // Plus the `Prompt Converted` events that ingest derives from the goal events.
    const derived = a.events.find((row) => row.event === 'Prompt Converted')?.count ?? 0
    expect(derived).toBeGreaterThan(0)
    expect(a.overview.events).toBe(first.events + derived)
    expect(new Set(a.bands.map((row) => row.tier))).toEqual(new Set(['high-touch', 'low-touch', 'tech-touch']))
    expect(a.bands.some((row) => row.band === 'red')).toBe(true)
    expect(a.bands.some((row) => row.band === 'green')).toBe(true)
    expect(a.eligibility.find((row) => row.holdout)?.n).toBeGreaterThan(0)
    expect(a.eligibility.find((row) => !row.holdout)?.n).toBeGreaterThan(0)
    expect(a.conversions.reduce((sum, row) => sum + row.n, 0)).toBeGreaterThan(0)
    const names = new Set(a.events.map((row) => row.event))
    for (const name of ['Invoice Sent', 'Checklist Item Completed', 'Prompt Shown', 'Payroll Trial Started', 'Survey Answered', 'Subscription Cancelled', 'identify', 'group', 'page']) {
      expect(names, name).toContain(name)
    }

    // Believable revenue: existing customers give the first month a real starting MRR, some
    // accounts churn, and the Payroll cross-sell adds MRR that the attribution report credits to
    // the prompt's treated arm.
    const { bridge, attribution } = await revenue(store)
    expect(bridge.months[0]!.startingMrr).toBeGreaterThan(0)
    expect(bridge.months[0]!.customersAtStart).toBeGreaterThanOrEqual(10)
    expect(bridge.months.some((m) => m.churned > 0 && m.customersLost > 0)).toBe(true)
    expect(bridge.totals.crossSell).toBeGreaterThan(0)
    const payroll = attribution.prompts.find((p) => p.prompt === 'payroll-cross-sell')!
    expect(payroll.treated.expansionMrr).toBeGreaterThan(0)
    expect(payroll.treated.expandedAccounts).toBeGreaterThan(0)
    // An account's first billing record is its signup inside the window, or that of a customer of
    // a week to 18 months before it; nothing states MRR while an account is cancelled (a
    // cancellation is the account's last word, or a comeback follows it).
    const revenueRows = await store.sql.query<{ account_id: string; at: Date | string; source: string }>(
      'SELECT account_id, at, source FROM account_revenue_history ORDER BY account_id, at, message_id',
    )
    const byAccount = new Map<string, typeof revenueRows>()
    for (const row of revenueRows) byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row])
    const windowStart = Date.parse('2026-05-17T00:00:00Z')
    let existing = 0
    for (const [account, history] of byAccount) {
      const first = new Date(history[0]!.at).getTime()
      if (first < windowStart) {
        existing++
        expect((windowStart - first) / 86_400_000, account).toBeGreaterThanOrEqual(6)
        expect((windowStart - first) / 86_400_000, account).toBeLessThanOrEqual(1081)
      }
      const cancel = history.findIndex((row) => row.source === 'Subscription Cancelled')
      if (cancel < 0) continue
      expect(history[cancel + 1]?.source ?? 'Subscription Started', account).toBe('Subscription Started')
    }
    expect(existing).toBeGreaterThanOrEqual(10)
    await store.close()

    store = await storeCase.open()
    await seedDemo({ store, ...OPTIONS })
    expect(await snapshot(store)).toEqual(a)

    // A second run on the same store stores nothing new and changes no count.
    const again = await seedDemo({ store, ...OPTIONS })
    expect(again.inserted).toBe(0)
    const b = await snapshot(store)
    expect(b.overview).toEqual(a.overview)
    expect(b.conversions).toEqual(a.conversions)
    expect(b.timeline).toBe(a.timeline)
    // Every conversion row points at its prompt's convertedWhen event.
    const rows = await store.sql.query<{ prompt_id: string; event: string | null }>(
      'SELECT c.prompt_id, e.event FROM prompt_conversions c LEFT JOIN events e ON e.message_id = c.message_id',
    )
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row.event).toBe(content.prompts.find((p) => p.id === row.prompt_id)?.convertedWhen?.event)
    await store.close()
  }, 120_000)
})
