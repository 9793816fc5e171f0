import { firstPaidAt, monthEndStates, type RevenueRow } from './history'
import { type Month, addMonths, monthStart } from './months'
import { classifyMovement, gainedProduct, toCents, type Movement } from './movement'

/** One account's movement in one month. */
export interface AccountMonth extends Movement {
  accountId: string
  month: Month
}

/**
 * Every account's movement in each of `months` (consecutive), from its history rows sorted by
 * time. The month before the first supplies the starting MRR. Months are cut in `timeZone`.
 */
export function accountMonths(accounts: ReadonlyMap<string, readonly RevenueRow[]>, months: readonly Month[], now: number, timeZone: string): AccountMonth[] {
  if (months.length === 0) return []
  const withPrevious = [addMonths(months[0]!, -1), ...months]
  const out: AccountMonth[] = []
  for (const [accountId, rows] of accounts) {
    const ends = monthEndStates(rows, withPrevious, now, timeZone)
    const paidAt = firstPaidAt(rows)
    for (let i = 1; i < withPrevious.length; i++) {
      const month = withPrevious[i]!
      const before = ends.get(withPrevious[i - 1]!)!
      const after = ends.get(month)!
      const movement = classifyMovement(toCents(before.mrr), toCents(after.mrr), {
        paidBefore: paidAt !== null && paidAt < monthStart(month, timeZone),
        gainedProduct: gainedProduct(before.products, after.products),
      })
      out.push({ accountId, month, ...movement })
    }
  }
  return out
}

/** The MRR bridge of one month: amounts in cents, counts in accounts. */
export interface BridgeSums {
  /** S: MRR at the end of the previous month. */
  starting: number
  new: number
  reactivation: number
  /** upsell + crossSell. */
  expansion: number
  upsell: number
  crossSell: number
  contraction: number
  churned: number
  ending: number
  /** Accounts with MRR > 0 at the previous month end, and those of them at 0 now. */
  customersAtStart: number
  customersLost: number
  customersAtEnd: number
  newCustomers: number
  reactivatedCustomers: number
}

/**
 * Sums account-months into a bridge and asserts the identity of cs-metrics §5.2,
 * S + New + Expansion − Contraction − Churn = Ending, where "New" counts new and reactivated
 * MRR together (a reactivated account is not in S, so its MRR can only enter through that term):
 * S + new + reactivation + expansion − contraction − churned = ending.
 * @throws Error when the identity does not hold (a bug, never a data problem: sums are in cents).
 */
export function sumBridge(rows: readonly Movement[]): BridgeSums {
  const s: BridgeSums = {
    starting: 0, new: 0, reactivation: 0, expansion: 0, upsell: 0, crossSell: 0, contraction: 0, churned: 0, ending: 0,
    customersAtStart: 0, customersLost: 0, customersAtEnd: 0, newCustomers: 0, reactivatedCustomers: 0,
  }
  for (const r of rows) {
    s.starting += r.m0
    s.ending += r.m1
    if (r.m0 > 0) s.customersAtStart++
    if (r.m1 > 0) s.customersAtEnd++
    const delta = r.m1 - r.m0
    switch (r.kind) {
      case 'new': s.new += r.m1; s.newCustomers++; break
      case 'reactivation': s.reactivation += r.m1; s.reactivatedCustomers++; break
      case 'expansion':
        s.expansion += delta
        if (r.expansion === 'cross-sell') s.crossSell += delta
        else s.upsell += delta
        break
      case 'contraction': s.contraction -= delta; break
      case 'churn': s.churned += r.m0; s.customersLost++; break
      case 'none': break
    }
  }
  const identity = s.starting + s.new + s.reactivation + s.expansion - s.contraction - s.churned
  if (identity !== s.ending) throw new Error(`MRR bridge identity broken: ${identity} ≠ ending ${s.ending} (cents)`)
  return s
}
