import type { Random } from './random'

const DAY = 86_400_000
/** Billing runs in 30-day periods from signup. */
const PERIOD_DAYS = 30

/**
 * Monthly odds of a customer's billing moving before the window, by segment: expansion (seats or
 * plan up), contraction (seats or plan down) and churn (SaaS benchmarks: a few percent of logos a
 * month for small customers, well under one for enterprise).
 */
export const MONTHLY_ODDS = {
  high: { expand: 0.06, contract: 0.06, churn: 0.02 },
  low: { expand: 0.05, contract: 0.04, churn: 0.025 },
  tech: { expand: 0.03, contract: 0.04, churn: 0.04 },
} as const

/** One move of an account's ARR at a billing date. */
export interface BillingChange {
  at: number
  arr: number
}

/** What billing did to an existing customer between its signup and the window. */
export interface BillingHistory {
  /** ARR after each move, in time order; the last one (or the signup ARR) is the ARR the window starts with. */
  changes: BillingChange[]
  /** When it cancelled before the window, or null: a former customer sends nothing after that. */
  churnAt: number | null
}

/**
 * Plays an existing customer's billing forward from signup to the window, one billing date every
 * 30 days: each date may expand ARR by 10-60 %, contract it by 10-40 %, or end the subscription.
 * So every month of the revenue report has new customers, expansion, contraction and churn, and each
 * signup cohort loses some revenue (a believable LTV, never "no churn" for a year).
 */
export function billingBeforeWindow(r: Random, segment: keyof typeof MONTHLY_ODDS, signupAt: number, windowStart: number, arr: number): BillingHistory {
  const odds = MONTHLY_ODDS[segment]
  const changes: BillingChange[] = []
  let current = arr
  for (let at = signupAt + PERIOD_DAYS * DAY; at < windowStart; at += PERIOD_DAYS * DAY) {
    const roll = r.next()
    if (roll < odds.churn) return { changes, churnAt: at + r.between(0, 3) * DAY }
    if (roll < odds.churn + odds.expand) current = Math.round((current * r.between(1.1, 1.6)) / 100) * 100
    else if (roll < odds.churn + odds.expand + odds.contract) current = Math.max(600, Math.round((current * r.between(0.6, 0.9)) / 100) * 100)
    else continue
    changes.push({ at: at + r.between(0, 2) * DAY, arr: current })
  }
  return { changes, churnAt: null }
}
