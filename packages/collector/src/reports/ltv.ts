import { accountMonths, sumBridge, type AccountMonth } from '../revenue/bridge'
import { ltv as ltvOf, type Ltv } from '../revenue/ltv'
import { monthOf, monthStart, type Month } from '../revenue/months'
import { tierFromRules, traitsAt } from '../revenue/tier-history'
import { loadAccountFacts, loadHistory, loadTraitHistory, type AccountFacts } from './revenue-data'
import { defineRevenueReport } from './revenue-define'

export interface LtvReport {
  period: { from: Month; to: Month; months: number }
  tier: string | null
  grossMargin: number
  overall: Ltv
  /** By the tier each account was in at the start of each month (rules on its traits then, as revenue-tiers), null = no tiers. */
  byTier: Array<{ tier: string | null } & Ltv>
  /** By signup month (traits.createdAt, else first seen). */
  byCohort: Array<{ cohort: Month } & Ltv>
}

/** Pools account-months into groups by `key`, one bridge per group and month, then LTV per group. */
function grouped<K extends string | null>(rows: readonly AccountMonth[], key: (row: AccountMonth) => K, margin: number): Array<[K, Ltv]> {
  const groups = new Map<K, Map<Month, AccountMonth[]>>()
  for (const row of rows) {
    const k = key(row)
    let byMonth = groups.get(k)
    if (!byMonth) groups.set(k, (byMonth = new Map()))
    byMonth.set(row.month, [...(byMonth.get(row.month) ?? []), row])
  }
  return [...groups].map(([k, byMonth]) => [k, ltvOf([...byMonth.values()].map(sumBridge), margin)])
}

const order = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1)

/**
 * LTV = ARPA × gross margin × lifetime, lifetime = 1 / monthly revenue churn capped at 60 months
 * (cs-metrics §5.3; revenue/ltv.ts says why), overall, by tier and by
 * signup cohort, over the period's months (README "Report definitions", Revenue by tier and LTV
 * by tier).
 *
 * Definitions (code: revenue/ltv.ts): ARPA = Σ S / Σ customers at start over the months (average
 * MRR per paying account-month); churn = Σ (churned + contraction) / Σ S, the pooled gross revenue
 * churn of §5.2; the margin is `margin` (default 0.8). When nothing churned, LTV is null with
 * `ltvNullReason: 'no_churn'` (the formula is unbounded; never Infinity); with no paying
 * account-months, `'no_customers'`. By tier, an account-month counts in the tier the account
 * was in when the month began: historical, not current, and decided as revenue-tiers decides it
 * (the content's tier rules on the traits of that instant), so the two reports agree. Groups with
 * no paying account-month are not listed. `tier` keeps accounts currently in that tier.
 */
export const ltv = defineRevenueReport<LtvReport>({
  description: 'ARPA, monthly revenue churn and LTV (ARPA × margin / churn, lifetime capped at 5 years), by tier and signup cohort',
  async compute({ sql, content, now, timeZone }, params) {
    const [history, facts, traits] = await Promise.all([loadHistory(sql, params.to, timeZone, params.tier), loadAccountFacts(sql, timeZone), loadTraitHistory(sql, params.to, timeZone)])
    const rows = accountMonths(history, params.months, now.getTime(), timeZone).filter((r) => r.m0 > 0)
    const fact = (id: string): AccountFacts | undefined => facts.get(id)
    // The tier at the month's start, the instant its customers (S) are counted.
    const byTier = grouped(rows, (r) => {
      const start = monthStart(r.month, timeZone) - 1
      return tierFromRules(content.tiers, traitsAt(traits.get(r.accountId) ?? [], start), start)
    }, params.margin)
    // An account in the history but not in `accounts` (never sent a group call) takes its first row's month.
    const byCohort = grouped(rows, (r) => fact(r.accountId)?.cohort ?? monthOf(history.get(r.accountId)![0]!.at, timeZone), params.margin)
    return {
      period: { from: params.from, to: params.to, months: params.months.length },
      tier: params.tier ?? null,
      grossMargin: params.margin,
      overall: ltvOf(params.months.map((m) => sumBridge(rows.filter((r) => r.month === m))), params.margin),
      byTier: byTier.sort((a, b) => order(a[0], b[0])).map(([tier, l]) => ({ tier, ...l })),
      byCohort: byCohort.sort((a, b) => order(a[0], b[0])).map(([cohort, l]) => ({ cohort, ...l })),
    }
  },
  table: (report) => [
    { dimension: 'all', group: null, ...report.overall, grossMargin: report.grossMargin },
    ...report.byTier.map(({ tier, ...l }) => ({ dimension: 'tier', group: tier, ...l, grossMargin: report.grossMargin })),
    ...report.byCohort.map(({ cohort, ...l }) => ({ dimension: 'cohort', group: cohort, ...l, grossMargin: report.grossMargin })),
  ],
})
