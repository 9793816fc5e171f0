/**
 * How one account's MRR moved over one month (cs-metrics §5.2, after PostHog's MRR movement
 * classification), with m0 = MRR at the end of the previous month and m1 = MRR at the end of this one:
 *
 * | m0 | m1 | kind |
 * |---|---|---|
 * | 0 | > 0 | `new` if the account never had positive MRR before the month began, else `reactivation` |
 * | > 0 | > m0 | `expansion`: `cross-sell` if the account holds a product at month end it did not hold at the previous month end, else `upsell` (plan, seats, price) |
 * | > 0 | 0 < m1 < m0 | `contraction` |
 * | > 0 | 0 | `churn` |
 * | else | | `none` |
 *
 * "Paid before" looks at every history row, not only month ends, so an account that paid and
 * cancelled inside one earlier month comes back as a reactivation, not as new.
 * The whole increase of a cross-sell month is cross-sell, even if seats grew too: the product is
 * what the CS team acted on, and one movement is never split across two lines.
 */
export type MovementKind = 'new' | 'reactivation' | 'expansion' | 'contraction' | 'churn' | 'none'

export interface Movement {
  kind: MovementKind
  /** For `expansion` only. */
  expansion?: 'upsell' | 'cross-sell'
  /** MRR at the previous and at this month end, in cents. */
  m0: number
  m1: number
}

/** Integer cents, so every sum of the bridge is exact and its identity holds to the cent. */
export const toCents = (mrr: number) => Math.round(mrr * 100)

/** Classifies one account-month (table above). `m0` and `m1` in cents. */
export function classifyMovement(m0: number, m1: number, context: { paidBefore: boolean; gainedProduct: boolean }): Movement {
  if (m0 === 0 && m1 > 0) return { kind: context.paidBefore ? 'reactivation' : 'new', m0, m1 }
  if (m0 > 0 && m1 > m0) return { kind: 'expansion', expansion: context.gainedProduct ? 'cross-sell' : 'upsell', m0, m1 }
  if (m0 > 0 && m1 === 0) return { kind: 'churn', m0, m1 }
  if (m0 > 0 && m1 < m0) return { kind: 'contraction', m0, m1 }
  return { kind: 'none', m0, m1 }
}

/** Whether `after` holds a product that `before` does not. */
export function gainedProduct(before: ReadonlySet<string>, after: ReadonlySet<string>): boolean {
  for (const product of after) if (!before.has(product)) return true
  return false
}
