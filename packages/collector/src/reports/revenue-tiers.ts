import { stateAt } from '../revenue/history'
import { addMonths, monthOf, monthStart, type Month } from '../revenue/months'
import { toCents } from '../revenue/movement'
import { tierFromRules, traitsAt } from '../revenue/tier-history'
import { loadAccountFacts, loadHistory, loadTraitHistory } from './revenue-data'
import { defineRevenueReport, money } from './revenue-define'

export interface TierMonth {
  month: Month
  /** The tier the content's rules give the account's traits at the month's end; null without tiers. */
  tier: string | null
  /** Paying accounts (MRR > 0) in the tier at the month's end, and their MRR. */
  accounts: number
  mrr: number
}

export interface TierMove {
  accountId: string
  at: string
  month: Month
  from: string | null
  to: string | null
  reason: string | null
  /** The account's MRR when it moved. */
  mrr: number
}

export interface RevenueTiersReport {
  period: { from: Month; to: Month; months: number }
  tier: string | null
  /** Every month × tier with paying accounts, in month order. */
  months: TierMonth[]
  /** Tier changes in the period (a first assignment has from = null), oldest first. */
  moves: TierMove[]
}

/**
 * Revenue per tier over time, and the accounts that moved between tiers (README "Report
 * definitions", Revenue by tier).
 *
 * Definitions: at each month's end (UTC; now for the month in progress), an account counts if its
 * MRR (revenue/history.ts) is above 0, in the tier that the content's tier rules give its traits
 * as they were at that instant (its group calls up to then, see revenue/tier-history.ts). So
 * imported history older than the engine's first evaluation has its tier, and a tier follows the
 * traits it was decided on (ARR grew in March: high-touch from March). Moves are the engine's
 * `tier_changed` decisions dated in the period, with the MRR the account had then. Here `tier`
 * means the tier at the time: it keeps that tier's rows and the moves into or out of it (unlike
 * the other reports, where it means the current tier).
 */
export const revenueTiers = defineRevenueReport<RevenueTiersReport>({
  description: 'MRR and paying accounts per tier per month, and the accounts that changed tier',
  async compute({ sql, content, now, timeZone }, params) {
    const [history, facts, traits] = await Promise.all([loadHistory(sql, params.to, timeZone), loadAccountFacts(sql, timeZone), loadTraitHistory(sql, params.to, timeZone)])
    const cells = new Map<string, TierMonth>()
    for (const month of params.months) {
      const end = Math.min(monthStart(addMonths(month, 1), timeZone) - 1, now.getTime())
      for (const [accountId, rows] of history) {
        const cents = toCents(stateAt(rows, end).mrr)
        if (cents <= 0) continue
        const tier = tierFromRules(content.tiers, traitsAt(traits.get(accountId) ?? [], end), end)
        if (params.tier && tier !== params.tier) continue
        const key = `${month}\u0000${tier ?? ''}`
        const cell = cells.get(key) ?? { month, tier, accounts: 0, mrr: 0 }
        cell.accounts++
        cell.mrr += cents
        cells.set(key, cell)
      }
    }
    const months = [...cells.values()]
      .map((c) => ({ ...c, mrr: money(c.mrr) }))
      .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : a.tier === b.tier ? 0 : a.tier === null ? 1 : b.tier === null ? -1 : a.tier < b.tier ? -1 : 1))
    const start = monthStart(params.from, timeZone)
    const end = monthStart(addMonths(params.to, 1), timeZone)
    const moves: TierMove[] = []
    for (const f of facts.values()) {
      for (const c of f.tierChanges) {
        if (c.at < start || c.at >= end) continue
        if (params.tier && c.from !== params.tier && c.to !== params.tier) continue
        const rows = history.get(c.accountId) ?? []
        moves.push({ accountId: c.accountId, at: new Date(c.at).toISOString(), month: monthOf(c.at, timeZone), from: c.from, to: c.to, reason: c.reason, mrr: stateAt(rows, c.at).mrr })
      }
    }
    moves.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.accountId < b.accountId ? -1 : 1))
    return { period: { from: params.from, to: params.to, months: params.months.length }, tier: params.tier ?? null, months, moves }
  },
  table: (report) => report.months.map((m) => ({ ...m })),
})
