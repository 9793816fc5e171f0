import { defineReport, tierFilter, type ReportContext } from './context'
import { featureUsesSql, keyFeatures } from './features'
import { addDays } from '../calendar/dates'
import type { ReportParams } from './params'
import { bitmapOrdinals } from '../store/usage-sets'
import { ratio, round } from './stats'
import { featureSetsSql, openUnitSets, type UnitSets } from './unit-sets'

/** One feature's adoption in one period. */
export interface FeaturePeriod {
  /** Identified users (not anonymous visitors) who used the feature. */
  users: number
  /** Accounts with a user who used it. */
  accounts: number
  /** Uses: Feature Used events plus the feature's mapped track events. */
  uses: number
  /** users / active users; null without active users. */
  userRate: number | null
  /** accounts / active accounts. */
  accountRate: number | null
  /** Uses made inside accounts / adopting accounts; null when no account adopted. */
  depth: number | null
}

export interface FeatureAdoption extends FeaturePeriod {
  feature: string
  /** Whether the content file defines the feature (otherwise it was only seen in Feature Used events). */
  configured: boolean
  previous: FeaturePeriod
  /** Current minus previous rate (absolute, 0.05 = 5 points); null when either is null. */
  change: { userRate: number | null; accountRate: number | null; users: number; accounts: number }
}

export interface AdoptionReport {
  period: { from: string; to: string; days: number }
  previousPeriod: { from: string; to: string }
  tier: string | null
  active: { users: number; accounts: number }
  previousActive: { users: number; accounts: number }
  features: FeatureAdoption[]
  /** Breadth per active account: key features used in the period (cs-metrics §2.2 BreadthFeatures). */
  breadth: {
    keyFeatures: string[]
    /** Mean share of key features used over active accounts; null without active accounts. */
    meanShare: number | null
    accounts: Array<{ accountId: string; tier: string | null; used: number; total: number; share: number | null }>
  }
}

/** The change of a rate between two periods, from the counts (never from the rounded rates). */
const rateChange = (count: number, base: number, previousCount: number, previousBase: number) =>
  base === 0 || previousBase === 0 ? null : round(count / base - previousCount / previousBase)

/**
 * Feature adoption per feature (README "Report definitions", Adoption; cs-metrics §2.1, §2.2).
 *
 * Definitions:
 * - Active in a period: any rollup row (any tracked event or page view) on a UTC day of the
 *   period. Users are identified users only (anonymous visitors are left out of both numerator
 *   and denominator); accounts are the accounts those events belonged to.
 * - Adoption rate = |active units that used f in W| / |active units in W|, the same window and
 *   unit in numerator and denominator. No eligibility gate: every active unit counts as eligible.
 * - Depth = uses made inside accounts / accounts that used f.
 * - Breadth per active account = key features (health breadth keyFeatures, else all features)
 *   used in the period / key features.
 * - Previous period: the same number of days right before `from`; `change` is current − previous.
 * - `tier` keeps usage of accounts currently in that tier (users count through those accounts).
 *
 * Distinct users and accounts come from the day bitmaps (`usage_sets`): the popcount of the OR
 * of the period's days. Uses are sums of the same rows; with a tier they are summed from
 * usage_daily over the tier's accounts, as bitmaps cannot split a day's uses by account.
 */
export const adoption = defineReport<AdoptionReport>({
  description: 'Per feature: users and accounts that used it, adoption rate among active ones, depth, breadth, change',
  async run(context, params) {
    const { sql, content } = context
    const sets = await openUnitSets(context, params.tier)
    const previousFrom = addDays(params.from, -params.days)
    const previousTo = addDays(params.from, -1)

    const values: unknown[] = []
    const featureWhere = params.feature ? `feature = $${values.push(params.feature)}` : 'true'
    const fromIndex = values.push(params.from)
    const perFeature = await sql.query<{ feature: string; current: boolean; users: number; accounts: number; uses: string; account_uses: string }>(
      `SELECT feature, day >= $${fromIndex}::date AS current, ${sets.count('users')} AS users, ${sets.count('accounts')} AS accounts,
         sum(uses)::int8 AS uses, sum(account_uses)::int8 AS account_uses
       FROM (${featureSetsSql(values, content, previousFrom, params.to)}) s WHERE ${featureWhere}
       GROUP BY 1, 2`,
      values,
    )
    if (params.tier) await tierUses(context, params, previousFrom, perFeature)

    const active = await sql.query<{ current: boolean; users: number; accounts: number }>(
      `SELECT day >= $3::date AS current, ${sets.count('users')} AS users, ${sets.count('accounts')} AS accounts
       FROM usage_sets s WHERE kind = '*' AND name = '*' AND day BETWEEN $1::date AND $2::date GROUP BY 1`,
      [previousFrom, params.to, params.from],
    )
    const activeIn = (current: boolean) => {
      const row = active.find((r) => r.current === current)
      return { users: Number(row?.users ?? 0), accounts: Number(row?.accounts ?? 0) }
    }
    const now = activeIn(true)
    const previousActive = activeIn(false)

    const period = (feature: string, current: boolean, base: { users: number; accounts: number }): FeaturePeriod => {
      const row = perFeature.find((r) => r.feature === feature && r.current === current)
      const users = Number(row?.users ?? 0)
      const accounts = Number(row?.accounts ?? 0)
      return {
        users, accounts, uses: Number(row?.uses ?? 0),
        userRate: ratio(users, base.users), accountRate: ratio(accounts, base.accounts),
        depth: accounts === 0 ? null : round(Number(row?.account_uses ?? 0) / accounts, 2),
      }
    }
    const names = new Set([...Object.keys(content.features), ...perFeature.filter((r) => Number(r.uses) > 0).map((r) => r.feature)])
    if (params.feature) for (const name of [...names]) if (name !== params.feature) names.delete(name)
    const features = [...names].sort().map((feature): FeatureAdoption => {
      const current = period(feature, true, now)
      const previous = period(feature, false, previousActive)
      return {
        feature, configured: feature in content.features, ...current, previous,
        change: {
          userRate: rateChange(current.users, now.users, previous.users, previousActive.users),
          accountRate: rateChange(current.accounts, now.accounts, previous.accounts, previousActive.accounts),
          users: current.users - previous.users, accounts: current.accounts - previous.accounts,
        },
      }
    })

    const keys = keyFeatures(content)
    const accounts = await breadth(context, sets, params.from, params.to, keys)
    const used = accounts.reduce((sum, a) => sum + a.used, 0)

    return {
      period: { from: params.from, to: params.to, days: params.days },
      previousPeriod: { from: previousFrom, to: previousTo },
      tier: params.tier ?? null,
      active: now, previousActive, features,
      breadth: {
        keyFeatures: keys,
        meanShare: keys.length === 0 || accounts.length === 0 ? null : round(used / (keys.length * accounts.length)),
        accounts,
      },
    }
  },
  table: (report) =>
    report.features.map((f) => ({
      feature: f.feature, users: f.users, accounts: f.accounts, uses: f.uses,
      userRate: f.userRate, accountRate: f.accountRate, depth: f.depth,
      previousUserRate: f.previous.userRate, previousAccountRate: f.previous.accountRate,
      userRateChange: f.change.userRate, accountRateChange: f.change.accountRate,
    })),
})

/** With a tier, the uses of each feature inside the tier's accounts, summed from usage_daily. */
async function tierUses(
  { sql, content }: ReportContext,
  params: ReportParams,
  previousFrom: string,
  rows: Array<{ feature: string; current: boolean; uses: string; account_uses: string }>,
): Promise<void> {
  const values: unknown[] = []
  const tierWhere = tierFilter(values, params.tier, 'u.account_id')
  const fromIndex = values.push(params.from)
  const sums = await sql.query<{ feature: string; current: boolean; uses: string }>(
    `SELECT feature, day >= $${fromIndex}::date AS current, sum(count)::int8 AS uses
     FROM (${featureUsesSql(values, content, previousFrom, params.to, tierWhere)}) u GROUP BY 1, 2`,
    values,
  )
  for (const row of rows) {
    const sum = sums.find((s) => s.feature === row.feature && s.current === row.current)
    // Inside a tier every use is inside an account.
    row.uses = row.account_uses = sum?.uses ?? '0'
  }
}

/** Key features used by each account active in [from, to] (cs-metrics §2.2 BreadthFeatures). */
async function breadth({ sql, content }: ReportContext, sets: UnitSets, from: string, to: string, keys: string[]) {
  const values: unknown[] = [from, to, keys]
  const rows = await sql.query<{ feature: string | null; bits: string | null }>(
    `SELECT NULL AS feature, ${sets.union('accounts')}::text AS bits
     FROM usage_sets s WHERE kind = '*' AND name = '*' AND day BETWEEN $1::date AND $2::date
     UNION ALL
     SELECT feature, ${sets.union('accounts')}::text
     FROM (${featureSetsSql(values, content, from, to)}) s WHERE feature = ANY($3::text[]) GROUP BY 1`,
    values,
  )
  const used = new Map<number, number>()
  for (const row of rows) if (row.feature !== null) for (const ordinal of bitmapOrdinals(row.bits)) used.set(ordinal, (used.get(ordinal) ?? 0) + 1)
  const active = bitmapOrdinals(rows.find((row) => row.feature === null)?.bits ?? null)
  const named = await sql.query<{ ordinal: number; account_id: string; tier: string | null }>(
    `SELECT o.ordinal, o.key AS account_id, s.tier FROM unit_ordinals o LEFT JOIN account_state s ON s.account_id = o.key
     WHERE o.unit = 'account' AND o.ordinal = ANY($1::int[])`,
    [active],
  )
  return named
    .map((row) => {
      const count = used.get(Number(row.ordinal)) ?? 0
      return { accountId: row.account_id, tier: row.tier, used: count, total: keys.length, share: ratio(count, keys.length) }
    })
    .sort((a, b) => (b.share ?? 0) - (a.share ?? 0) || (a.accountId < b.accountId ? -1 : 1))
}
