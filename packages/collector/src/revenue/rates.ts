import type { BridgeSums } from './bridge'

/** Rounds to 4 decimals, the precision of every ratio in the reports. */
const round4 = (value: number) => Math.round(value * 10_000) / 10_000

const rate = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : round4(numerator / denominator))

/** Churn and retention rates of one month (cs-metrics §5.2), as fractions (0.05 = 5 %). */
export interface MonthRates {
  /** Customers lost / customers at start. */
  logoChurnRate: number | null
  /** (Churned + Contraction) / S; never negative. */
  grossRevenueChurn: number | null
  /** (Churned + Contraction − Expansion) / S; negative when expansion outweighs the losses. */
  netRevenueChurn: number | null
  /** (S − Churned − Contraction) / S; at most 1. */
  grr: number | null
  /** (S − Churned − Contraction + Expansion) / S = 1 − net revenue churn. */
  nrr: number | null
  /** Net revenue churn < 0 (cs-metrics §5.2 "negative churn"). */
  negativeNetChurn: boolean
}

/**
 * The rates of cs-metrics §5.2 from a month's bridge. S is the MRR of customers active at the
 * start; new and reactivated accounts are in neither numerator nor denominator. With S = 0 every
 * rate is null and the month is not flagged.
 */
export function monthRates(b: BridgeSums): MonthRates {
  const S = b.starting
  const lost = b.churned + b.contraction
  const net = rate(lost - b.expansion, S)
  return {
    logoChurnRate: rate(b.customersLost, b.customersAtStart),
    grossRevenueChurn: rate(lost, S),
    netRevenueChurn: net,
    grr: rate(S - lost, S),
    nrr: rate(S - lost + b.expansion, S),
    negativeNetChurn: S > 0 && lost - b.expansion < 0,
  }
}
