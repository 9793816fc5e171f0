import { stateAt } from '../revenue/history'
import { addMonths, monthOf, monthStart, type Month } from '../revenue/months'
import { toCents } from '../revenue/movement'
import { tierAt } from '../revenue/tiers'
import { loadAccountFacts, loadHistory } from './revenue-data'
import { defineRevenueReport, money } from './revenue-define'

export interface TierMonth {
  month: Month
  /** Null = accounts with no tier (not evaluated yet). */
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
 * Revenue per tier over time, and the accounts that moved between tiers.
 *
 * Definitions: at each month's end (UTC), an account is in the tier of its latest timeline
 * `tier_changed` at or before that instant (before its first change, that change's `from`;
 * with no change at all, its current tier) and counts there if its MRR (revenue/history.ts) is
 * above 0. Moves are the `tier_changed` entries dated in the period, with the MRR the account had
 * then. Here `tier` means the tier at the time: it keeps that tier's rows and the moves into or
 * out of it (unlike the other reports, where it means the current tier).
 */
export const revenueTiers = defineRevenueReport<RevenueTiersReport>({
  description: 'MRR and paying accounts per tier per month, and the accounts that changed tier',
  async compute({ sql, now }, params) {
    const [history, facts] = await Promise.all([loadHistory(sql, params.to), loadAccountFacts(sql)])
    const cells = new Map<string, TierMonth>()
    for (const month of params.months) {
      const end = Math.min(monthStart(addMonths(month, 1)) - 1, now.getTime())
      for (const [accountId, rows] of history) {
        const cents = toCents(stateAt(rows, end).mrr)
        if (cents <= 0) continue
        const f = facts.get(accountId)
        const tier = f ? tierAt(f.tierChanges, end, f.tier) : null
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
    const start = monthStart(params.from)
    const end = monthStart(addMonths(params.to, 1))
    const moves: TierMove[] = []
    for (const f of facts.values()) {
      for (const c of f.tierChanges) {
        if (c.at < start || c.at >= end) continue
        if (params.tier && c.from !== params.tier && c.to !== params.tier) continue
        const rows = history.get(c.accountId) ?? []
        moves.push({ accountId: c.accountId, at: new Date(c.at).toISOString(), month: monthOf(c.at), from: c.from, to: c.to, reason: c.reason, mrr: stateAt(rows, c.at).mrr })
      }
    }
    moves.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.accountId < b.accountId ? -1 : 1))
    return { period: { from: params.from, to: params.to, months: params.months.length }, tier: params.tier ?? null, months, moves }
  },
  table: (report) => report.months.map((m) => ({ ...m })),
})
