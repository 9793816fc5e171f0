import { stateAt, type RevenueRow } from './history'
import { toCents } from './movement'

const DAY = 86_400_000

/**
 * The MRR an account gained after a prompt conversion (cs-metrics §6.3,
 * AttributedExpansionMRR): MRR at the end of the attribution window (`convertedAt` + `withinDays`,
 * or `now` while the window is open) minus MRR just before the conversion (rows strictly before
 * `convertedAt`, so a plan change sent with the conversion counts as gained). Only gains count:
 * a loss in the window is 0 expansion, not negative, since this measures expansion, not churn.
 * @returns cents, and whether the window is still open.
 */
export function attributedGain(rows: readonly RevenueRow[], convertedAt: number, withinDays: number, now: number): { cents: number; open: boolean } {
  const windowEnd = convertedAt + withinDays * DAY
  const before = toCents(stateAt(rows, convertedAt - 1).mrr)
  const after = toCents(stateAt(rows, Math.min(windowEnd, now)).mrr)
  return { cents: Math.max(0, after - before), open: windowEnd > now }
}

/** One arm (treated or holdout) of a prompt. */
export interface ArmExpansion {
  /** Accounts eligible for the prompt in this arm (the fair denominator: holdouts are never shown it). */
  eligibleAccounts: number
  convertedAccounts: number
  /** Converted accounts whose MRR grew within the window. */
  expandedAccounts: number
  /** Σ attributed gain, currency units. */
  expansionMrr: number
  /** expansionMrr / convertedAccounts. */
  perConvertedAccount: number | null
  /** expansionMrr / eligibleAccounts: compare this between arms. */
  perEligibleAccount: number | null
}

/** Sums gains (cents) into an arm. */
export function arm(eligibleAccounts: number, gainsCents: readonly number[]): ArmExpansion {
  const total = gainsCents.reduce((a, b) => a + b, 0)
  const per = (n: number) => (n === 0 ? null : Math.round(total / n) / 100)
  return {
    eligibleAccounts,
    convertedAccounts: gainsCents.length,
    expandedAccounts: gainsCents.filter((g) => g > 0).length,
    expansionMrr: total / 100,
    perConvertedAccount: per(gainsCents.length),
    perEligibleAccount: per(eligibleAccounts),
  }
}
