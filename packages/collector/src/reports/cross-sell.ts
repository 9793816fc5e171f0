import { bitmapOrdinals } from '../store/usage-sets'
import { arrOf } from '../trust/sql-numbers'
import { defineReport, tierFilter } from './context'
import { addDays } from './params'
import { ratio, round } from './stats'
import { featureSetsSql, openUnitSets } from './unit-sets'

/** The usage window X is read from (cs-metrics §6.1: features used). */
export const CROSS_SELL_WINDOW_DAYS = 90
/** Candidates listed per product. */
export const MAX_CANDIDATES = 100

export interface Rule {
  /** X: a feature used in the window. */
  feature: string
  /** Accounts with X and the product. */
  accounts: number
  /** |X ∧ P| / |accounts|. */
  support: number | null
  /** |X ∧ P| / |X|. */
  confidence: number | null
  /** confidence / P(P); > 1 is a positive association. */
  lift: number | null
}

export interface CrossSellProduct {
  product: string
  /** Accounts that have the product, and their share of all accounts. */
  accounts: number
  share: number | null
  rules: Rule[]
  candidates: Array<{
    accountId: string
    name: string | null
    tier: string | null
    band: string | null
    arr: number | null
    /** The best confidence among the matched rules: the estimated chance the account wants P. */
    score: number
    /** The rules with lift > 1 whose feature the account used, best first. */
    signal: Rule[]
  }>
}

export interface CrossSellReport {
  window: { from: string; to: string }
  tier: string | null
  /** All accounts the rules were learned on. */
  accounts: number
  products: CrossSellProduct[]
}

type AccountRow = { account_id: string; name: string | null; tier: string | null; band: string | null; arr: number | null; products: string[] | null; features: string[] | null }

/**
 * Cross-sell: for each product P in the accounts' `products` trait, association rules X ⇒ P
 * (Agrawal et al. 1993, cs-metrics §6.1) with X = one feature used in the last 90 days (ending
 * `to`), learned over all accounts (the tier filter only narrows the candidates):
 * support = |X ∧ P| / |accounts|, confidence = |X ∧ P| / |X|, lift = confidence / (|P| / |accounts|).
 *
 * Candidates are accounts without P, not red (the health gate of §6.1), that used a feature of
 * some rule with lift > 1; their score is the best confidence among those rules, ties broken by
 * how many rules matched, then by ARR. No minimum support is applied, so small workspaces still
 * get an answer; the support and account counts are given with each rule to judge it.
 * Reads accounts and account_state, one row per account, and the window's feature bitmaps.
 */
export const crossSell = defineReport<CrossSellReport>({
  description: 'Per product: rules feature ⇒ product (support, confidence, lift) and accounts that lack it, ranked',
  async run(context, params) {
    const { sql, content } = context
    const from = addDays(params.to, -(CROSS_SELL_WINDOW_DAYS - 1))
    // All accounts' features (the rules learn from every tier), from the feature bitmaps of the window.
    const sets = await openUnitSets(context, undefined)
    const values: unknown[] = []
    const featureBits = await sql.query<{ feature: string; bits: string }>(
      `SELECT feature, ${sets.union('accounts')}::text AS bits FROM (${featureSetsSql(values, content, from, params.to)}) s GROUP BY 1 ORDER BY 1`,
      values,
    )
    const featuresOf = new Map<number, string[]>()
    for (const { feature, bits } of featureBits) {
      for (const ordinal of bitmapOrdinals(bits)) {
        const list = featuresOf.get(ordinal)
        if (list) list.push(feature)
        else featuresOf.set(ordinal, [feature])
      }
    }
    const rows = await sql.query<AccountRow & { ordinal: number | null }>(
      `SELECT a.account_id, o.ordinal, a.traits->>'name' AS name, s.tier, s.health_band AS band,
         ${arrOf()} AS arr,
         CASE WHEN jsonb_typeof(a.traits->'products') = 'array'
           THEN ARRAY(SELECT DISTINCT p FROM jsonb_array_elements_text(a.traits->'products') p) END AS products
       FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id
       LEFT JOIN unit_ordinals o ON o.unit = 'account' AND o.key = a.account_id`,
    )
    for (const row of rows) row.features = row.ordinal === null ? null : featuresOf.get(Number(row.ordinal)) ?? null
    const tierValues: unknown[] = []
    const inTier = params.tier
      ? new Set((await sql.query<{ account_id: string }>(`SELECT account_id FROM account_state s WHERE ${tierFilter(tierValues, params.tier, 's.account_id')}`, tierValues)).map((r) => r.account_id))
      : null

    const n = rows.length
    const featureCount = new Map<string, number>()
    for (const row of rows) for (const f of row.features ?? []) featureCount.set(f, (featureCount.get(f) ?? 0) + 1)
    const productNames = [...new Set(rows.flatMap((r) => r.products ?? []))].sort()
    const products = productNames.map((product): CrossSellProduct => {
      const owners = rows.filter((r) => r.products?.includes(product))
      const pShare = owners.length / n
      const both = new Map<string, number>()
      for (const row of owners) for (const f of row.features ?? []) both.set(f, (both.get(f) ?? 0) + 1)
      const rules = [...both].map(([feature, count]): Rule => {
        const confidence = count / featureCount.get(feature)!
        return { feature, accounts: count, support: ratio(count, n), confidence: round(confidence), lift: round(confidence / pShare) }
      }).sort((a, b) => (b.lift ?? 0) - (a.lift ?? 0) || (b.confidence ?? 0) - (a.confidence ?? 0) || (a.feature < b.feature ? -1 : 1))
      const positive = rules.filter((r) => (r.lift ?? 0) > 1)
      const candidates = rows
        .filter((r) => !r.products?.includes(product) && r.band !== 'red' && (!inTier || inTier.has(r.account_id)))
        .map((r) => {
          const signal = positive.filter((rule) => r.features?.includes(rule.feature))
            .sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0) || (b.lift ?? 0) - (a.lift ?? 0))
          return { accountId: r.account_id, name: r.name, tier: r.tier, band: r.band, arr: r.arr === null ? null : Number(r.arr), score: signal[0]?.confidence ?? 0, signal }
        })
        .filter((c) => c.signal.length > 0)
        .sort((a, b) => b.score - a.score || b.signal.length - a.signal.length || (b.arr ?? -1) - (a.arr ?? -1) || (a.accountId < b.accountId ? -1 : 1))
        .slice(0, MAX_CANDIDATES)
      return { product, accounts: owners.length, share: ratio(owners.length, n), rules, candidates }
    })
    return { window: { from, to: params.to }, tier: params.tier ?? null, accounts: n, products }
  },
  table: (report) =>
    report.products.flatMap((p) =>
      p.candidates.map((c, i) => ({
        product: p.product, rank: i + 1, accountId: c.accountId, name: c.name, tier: c.tier, arr: c.arr, score: c.score,
        signal: c.signal.map((r) => `${r.feature} (conf ${r.confidence}, lift ${r.lift})`).join('; '),
      })),
    ),
})
