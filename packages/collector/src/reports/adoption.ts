import { defineReport, tierFilter } from './context'
import { featureUsesSql, IDENTIFIED, keyFeatures } from './features'
import { addDays } from './params'
import { ratio, round } from './stats'

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

const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : round(a - b))

/**
 * Feature adoption per feature (cs-metrics §2.1, §2.2).
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
 * Reads usage_daily and account_days only, grouped in SQL.
 */
export const adoption = defineReport<AdoptionReport>({
  description: 'Per feature: users and accounts that used it, adoption rate among active ones, depth, breadth, change',
  async run({ sql, content }, params) {
    const previousFrom = addDays(params.from, -params.days)
    const previousTo = addDays(params.from, -1)

    const usesParams: unknown[] = []
    const tierWhere = tierFilter(usesParams, params.tier, 'u.account_id')
    const featureWhere = params.feature ? `feature = $${usesParams.push(params.feature)}` : 'true'
    const fromIndex = usesParams.push(params.from)
    const usesSql = featureUsesSql(usesParams, content, previousFrom, params.to, tierWhere)
    const perFeature = await sql.query<{ feature: string; current: boolean; users: number; accounts: number; uses: number; account_uses: number }>(
      `SELECT feature, day >= $${fromIndex}::date AS current,
         count(DISTINCT user_key) FILTER (WHERE ${IDENTIFIED()})::int AS users,
         count(DISTINCT account_id) FILTER (WHERE account_id <> '')::int AS accounts,
         sum(count)::int AS uses,
         coalesce(sum(count) FILTER (WHERE account_id <> ''), 0)::int AS account_uses
       FROM (${usesSql}) uses WHERE ${featureWhere}
       GROUP BY 1, 2`,
      usesParams,
    )

    const activeParams: unknown[] = [previousFrom, params.to, params.from]
    const activeTier = tierFilter(activeParams, params.tier, 'account_id')
    const activeUsers = await sql.query<{ current: boolean; users: number }>(
      `SELECT day >= $3::date AS current, count(DISTINCT user_key)::int AS users FROM usage_daily
       WHERE day BETWEEN $1::date AND $2::date AND ${IDENTIFIED()} AND ${activeTier} GROUP BY 1`,
      activeParams,
    )
    const activeAccounts = await sql.query<{ current: boolean; accounts: number }>(
      `SELECT day >= $3::date AS current, count(DISTINCT account_id)::int AS accounts FROM account_days
       WHERE day BETWEEN $1::date AND $2::date AND account_id <> '' AND ${activeTier} GROUP BY 1`,
      activeParams,
    )
    const active = {
      users: Number(activeUsers.find((r) => r.current)?.users ?? 0),
      accounts: Number(activeAccounts.find((r) => r.current)?.accounts ?? 0),
    }
    const previousActive = {
      users: Number(activeUsers.find((r) => !r.current)?.users ?? 0),
      accounts: Number(activeAccounts.find((r) => !r.current)?.accounts ?? 0),
    }

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
    const names = new Set([...Object.keys(content.features), ...perFeature.map((r) => r.feature)])
    if (params.feature) for (const name of [...names]) if (name !== params.feature) names.delete(name)
    const features = [...names].sort().map((feature): FeatureAdoption => {
      const now = period(feature, true, active)
      const previous = period(feature, false, previousActive)
      return {
        feature, configured: feature in content.features, ...now, previous,
        change: {
          userRate: diff(now.userRate, previous.userRate), accountRate: diff(now.accountRate, previous.accountRate),
          users: now.users - previous.users, accounts: now.accounts - previous.accounts,
        },
      }
    })

    const keys = keyFeatures(content)
    const breadthParams: unknown[] = [params.from, params.to]
    const breadthTier = tierFilter(breadthParams, params.tier, 'd.account_id')
    const keysIndex = breadthParams.push(keys)
    const breadthUses = featureUsesSql(breadthParams, content, params.from, params.to, "u.account_id <> ''")
    const breadthRows = await sql.query<{ account_id: string; tier: string | null; used: number }>(
      `SELECT d.account_id, s.tier, count(DISTINCT f.feature) FILTER (WHERE f.feature = ANY($${keysIndex}::text[]))::int AS used
       FROM (SELECT DISTINCT account_id FROM account_days d WHERE day BETWEEN $1::date AND $2::date AND account_id <> '' AND ${breadthTier}) d
       LEFT JOIN account_state s ON s.account_id = d.account_id
       LEFT JOIN (SELECT DISTINCT account_id, feature FROM (${breadthUses}) x) f ON f.account_id = d.account_id
       GROUP BY 1, 2`,
      breadthParams,
    )
    const accounts = breadthRows
      .map((row) => ({ accountId: row.account_id, tier: row.tier, used: Number(row.used), total: keys.length, share: ratio(Number(row.used), keys.length) }))
      .sort((a, b) => (b.share ?? 0) - (a.share ?? 0) || (a.accountId < b.accountId ? -1 : 1))
    const shares = accounts.map((a) => a.share ?? 0)

    return {
      period: { from: params.from, to: params.to, days: params.days },
      previousPeriod: { from: previousFrom, to: previousTo },
      tier: params.tier ?? null,
      active, previousActive, features,
      breadth: {
        keyFeatures: keys,
        meanShare: keys.length === 0 || shares.length === 0 ? null : round(shares.reduce((a, b) => a + b, 0) / shares.length),
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
