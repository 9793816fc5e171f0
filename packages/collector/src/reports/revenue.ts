import { accountMonths, sumBridge, type BridgeSums } from '../revenue/bridge'
import { revenueHeadline, type HeadlineMonth, type RevenueHeadline } from '../revenue/headline'
import { monthRates, type MonthRates } from '../revenue/rates'
import type { Month } from '../revenue/months'
import { loadHistory } from './revenue-data'
import { defineRevenueReport, money } from './revenue-define'

/** One month of the MRR bridge, money in currency units. */
export interface RevenueMonth extends MonthRates {
  month: Month
  startingMrr: number
  new: number
  reactivation: number
  expansion: number
  upsell: number
  crossSell: number
  contraction: number
  churned: number
  endingMrr: number
  customersAtStart: number
  customersLost: number
  customersAtEnd: number
  newCustomers: number
  reactivatedCustomers: number
}

export interface RevenueReport {
  period: { from: Month; to: Month; months: number }
  tier: string | null
  months: RevenueMonth[]
  /** The period's movements summed, from the first month's start to the last month's end. */
  totals: Omit<RevenueMonth, keyof MonthRates | 'month' | 'customersAtStart' | 'customersLost' | 'customersAtEnd'>
  /** Months with net revenue churn < 0. */
  negativeNetChurnMonths: Month[]
  /** The last complete month's rates, and the current month to date, labelled so (money in currency units). */
  headline: { lastCompleteMonth: HeadlineMonth | null; monthToDate: (HeadlineMonth & { asOf: string; days: number }) | null }
}

/** The headline with money in currency units, like the rest of the report. */
const inUnits = <T extends HeadlineMonth | null>(m: T): T =>
  (m && { ...m, startingMrr: money(m.startingMrr), endingMrr: money(m.endingMrr), newMrr: money(m.newMrr) }) as T
const headlineInUnits = (h: RevenueHeadline): RevenueReport['headline'] => ({ lastCompleteMonth: inUnits(h.lastCompleteMonth), monthToDate: inUnits(h.monthToDate) })

/** A month of the bridge for the report: cents to currency units, with the §5.2 rates. */
export function revenueMonth(month: Month, b: BridgeSums): RevenueMonth {
  return {
    month, startingMrr: money(b.starting), new: money(b.new), reactivation: money(b.reactivation),
    expansion: money(b.expansion), upsell: money(b.upsell), crossSell: money(b.crossSell),
    contraction: money(b.contraction), churned: money(b.churned), endingMrr: money(b.ending),
    customersAtStart: b.customersAtStart, customersLost: b.customersLost, customersAtEnd: b.customersAtEnd,
    newCustomers: b.newCustomers, reactivatedCustomers: b.reactivatedCustomers,
    ...monthRates(b),
  }
}

/**
 * The MRR bridge per calendar month (of the workspace time zone) and the churn and retention rates of cs-metrics §5.2
 * (README "Report definitions", Revenue).
 *
 * Definitions (code: revenue/movement.ts, bridge.ts, rates.ts): an account's MRR in a month is
 * its state at the month's end (history rows at or before it: mrr, else arr / 12); each
 * account-month is new, reactivation, expansion (upsell, or cross-sell when the account gained a
 * product), contraction, churn or none by its MRR at the previous and at this month end. The
 * identity S + new + reactivation + expansion − contraction − churned = ending holds for every
 * month (reactivation is the "New" of §5.2 for accounts that paid before). Rates use S, the MRR
 * of accounts paying at the start: logo churn = lost / customers at start, gross revenue churn =
 * (churned + contraction) / S, net = (churned + contraction − expansion) / S, GRR = 1 − gross,
 * NRR = 1 − net; null when S = 0. `negativeNetChurn` flags net < 0. `tier` keeps accounts
 * currently in that tier. `headline` (revenue/headline.ts) is the last month of the period that
 * has ended, and the month in progress as month-to-date, never as a headline.
 */
export const revenue = defineRevenueReport<RevenueReport>({
  description: 'MRR bridge per month (new, reactivation, upsell, cross-sell, contraction, churn), churn, GRR, NRR',
  async compute({ sql, now, timeZone }, params) {
    const history = await loadHistory(sql, params.to, timeZone, params.tier)
    const all = accountMonths(history, params.months, now.getTime(), timeZone)
    const bridges = params.months.map((month) => sumBridge(all.filter((r) => r.month === month)))
    const months = bridges.map((b, i) => revenueMonth(params.months[i]!, b))
    const sum = (key: 'new' | 'reactivation' | 'expansion' | 'upsell' | 'crossSell' | 'contraction' | 'churned' | 'newCustomers' | 'reactivatedCustomers') =>
      bridges.reduce((total, b) => total + b[key], 0)
    return {
      period: { from: params.from, to: params.to, months: params.months.length },
      tier: params.tier ?? null,
      months,
      totals: {
        startingMrr: months[0]?.startingMrr ?? 0,
        new: money(sum('new')), reactivation: money(sum('reactivation')), expansion: money(sum('expansion')),
        upsell: money(sum('upsell')), crossSell: money(sum('crossSell')), contraction: money(sum('contraction')),
        churned: money(sum('churned')), endingMrr: months.at(-1)?.endingMrr ?? 0,
        newCustomers: sum('newCustomers'), reactivatedCustomers: sum('reactivatedCustomers'),
      },
      negativeNetChurnMonths: months.filter((m) => m.negativeNetChurn).map((m) => m.month),
      headline: headlineInUnits(revenueHeadline(params.months, bridges, now.getTime(), timeZone)),
    }
  },
  table: (report) => report.months.map((m) => ({ ...m })),
})
