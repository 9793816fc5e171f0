import type { BridgeSums } from './bridge'

/** Gross margin LTV assumes when none is given (SaaS benchmark, cs-metrics §5.3 leaves it open). */
export const DEFAULT_GROSS_MARGIN = 0.8

/**
 * Longest customer lifetime LTV assumes, in months. 1 / churn is the expected lifetime only while
 * churn is measured well; a small group that lost almost nothing in the period (one contraction
 * of a few dollars) would otherwise claim a lifetime of decades and an LTV in the millions. Five
 * years is the usual cap in SaaS finance.
 */
export const MAX_LIFETIME_MONTHS = 60

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits

/** LTV of one group of accounts over a period (cs-metrics §5.3). Money in currency units, not cents. */
export interface Ltv {
  /** Account-months: Σ over months of customers at the month's start. */
  accountMonths: number
  /** Σ S / account-months: average MRR per paying account per month. */
  arpa: number | null
  /** Σ (Churned + Contraction) / Σ S: the pooled monthly gross revenue churn. */
  monthlyRevenueChurn: number | null
  /** Σ customers lost / Σ customers at start: the pooled monthly logo churn. */
  monthlyLogoChurn: number | null
  /** Expected customer lifetime: 1 / monthly revenue churn, at most {@link MAX_LIFETIME_MONTHS}. */
  lifetimeMonths: number | null
  /** Whether the lifetime was capped (churn below 1 / MAX_LIFETIME_MONTHS). */
  lifetimeCapped: boolean
  /** ARPA × gross margin × lifetime (= ARPA × gross margin / monthly revenue churn below the cap). */
  ltv: number | null
  /** Why `ltv` is null: no paying accounts, or no revenue churned (LTV unbounded: never Infinity). */
  ltvNullReason: 'no_customers' | 'no_churn' | null
}

/**
 * LTV = ARPA × grossMargin / churn (Skok, cs-metrics §5.3), the lifetime 1 / churn capped at
 * {@link MAX_LIFETIME_MONTHS} months, with ARPA and churn over the same
 * months: the months' bridges are pooled (sums of S, of losses and of customer counts), so a
 * month with more customers weighs more. Churn is gross revenue churn (churned + contraction),
 * not logo churn (§5.3: use revenue churn when ARPA varies) and not net churn, which may be 0 or
 * negative when expansion is high and would make the formula meaningless; expansion is therefore
 * not in this LTV, as Skok's formula assumes.
 * @param months bridges in cents (from `sumBridge`).
 */
export function ltv(months: readonly BridgeSums[], grossMargin = DEFAULT_GROSS_MARGIN): Ltv {
  let starting = 0
  let lost = 0
  let customers = 0
  let customersLost = 0
  for (const b of months) {
    starting += b.starting
    lost += b.churned + b.contraction
    customers += b.customersAtStart
    customersLost += b.customersLost
  }
  if (customers === 0) {
    return { accountMonths: 0, arpa: null, monthlyRevenueChurn: null, monthlyLogoChurn: null, lifetimeMonths: null, lifetimeCapped: false, ltv: null, ltvNullReason: 'no_customers' }
  }
  const arpa = starting / 100 / customers
  const churn = lost / starting
  const lifetime = churn === 0 ? null : Math.min(1 / churn, MAX_LIFETIME_MONTHS)
  return {
    accountMonths: customers,
    arpa: round(arpa, 2),
    monthlyRevenueChurn: round(churn, 4),
    monthlyLogoChurn: round(customersLost / customers, 4),
    lifetimeMonths: lifetime === null ? null : round(lifetime, 1),
    lifetimeCapped: lifetime === MAX_LIFETIME_MONTHS,
    ltv: lifetime === null ? null : round(arpa * grossMargin * lifetime, 2),
    ltvNullReason: churn === 0 ? 'no_churn' : null,
  }
}
