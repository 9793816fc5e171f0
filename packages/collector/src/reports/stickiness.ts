import { defineReport, tierFilter } from './context'
import { IDENTIFIED } from './features'
import { ratio, round } from './stats'

export interface StickinessDay {
  day: string
  dau: number
  wau: number
  mau: number
  /** DAU/MAU; null when MAU is 0. */
  dauMau: number | null
  wauMau: number | null
}

export interface StickinessReport {
  period: { from: string; to: string; days: number }
  tier: string | null
  /** Mean of the daily ratios over days with MAU > 0 (Pendo's averaging, cs-metrics §2.3). */
  users: { dauMau: number | null; wauMau: number | null; series: StickinessDay[] }
  accounts: { dauMau: number | null; wauMau: number | null; series: StickinessDay[] }
}

/**
 * The SQL for rolling actives per day. A unit active on day a counts in the window of length W
 * on days [a, min(next active day, a + W)); those intervals never overlap for one unit, so a
 * running sum of +1/−1 deltas gives the distinct actives per day in one pass over the unit's
 * active days instead of one pass per day and window.
 */
function rollingSql(activeDays: string): string {
  return `WITH ad AS (${activeDays}),
    s AS (SELECT unit, day, lead(day) OVER (PARTITION BY unit ORDER BY day) AS next FROM ad),
    deltas AS (
      SELECT day AS d, 1 AS dau, 1 AS wau, 1 AS mau FROM s
      UNION ALL SELECT day + 1, -1, 0, 0 FROM s
      UNION ALL SELECT LEAST(coalesce(next, day + 7), day + 7), 0, -1, 0 FROM s
      UNION ALL SELECT LEAST(coalesce(next, day + 30), day + 30), 0, 0, -1 FROM s
    ),
    per_day AS (SELECT d, sum(dau) AS dau, sum(wau) AS wau, sum(mau) AS mau FROM deltas GROUP BY d),
    days AS (SELECT $1::date - 29 + i AS d FROM generate_series(0, $2::date - $1::date + 29) i),
    running AS (
      SELECT days.d, sum(coalesce(p.dau, 0)) OVER w AS dau, sum(coalesce(p.wau, 0)) OVER w AS wau, sum(coalesce(p.mau, 0)) OVER w AS mau
      FROM days LEFT JOIN per_day p ON p.d = days.d WINDOW w AS (ORDER BY days.d)
    )
    SELECT d::text AS day, dau::int, wau::int, mau::int FROM running WHERE d >= $1::date ORDER BY d`
}

function series(rows: Array<{ day: string; dau: number; wau: number; mau: number }>) {
  const days = rows.map((row): StickinessDay => {
    const dau = Number(row.dau), wau = Number(row.wau), mau = Number(row.mau)
    return { day: row.day.slice(0, 10), dau, wau, mau, dauMau: ratio(dau, mau), wauMau: ratio(wau, mau) }
  })
  const counted = days.filter((d) => d.mau > 0)
  const mean = (pick: (d: StickinessDay) => number | null) =>
    counted.length === 0 ? null : round(counted.reduce((sum, d) => sum + (pick(d) ?? 0), 0) / counted.length)
  return { dauMau: mean((d) => d.dauMau), wauMau: mean((d) => d.wauMau), series: days }
}

/**
 * DAU/MAU and WAU/MAU per day, for users and for accounts (cs-metrics §2.3).
 *
 * Definitions: DAU(d) = distinct units active on UTC day d; WAU(d) = in d−6..d; MAU(d) = in
 * d−29..d (today included, as the period is). Users are identified users; accounts are active
 * on the days of account_days. The period averages are the mean daily ratio over days with
 * MAU > 0. `tier` keeps accounts currently in the tier and the users' activity inside them.
 */
export const stickiness = defineReport<StickinessReport>({
  description: 'DAU/MAU and WAU/MAU as a daily series, for users and for accounts',
  async run({ sql }, params) {
    const userParams: unknown[] = [params.from, params.to]
    const userTier = tierFilter(userParams, params.tier, 'account_id')
    const users = await sql.query<{ day: string; dau: number; wau: number; mau: number }>(
      rollingSql(`SELECT DISTINCT user_key AS unit, day FROM usage_daily
        WHERE day BETWEEN $1::date - 29 AND $2::date AND ${IDENTIFIED()} AND ${userTier}`),
      userParams,
    )
    const accountParams: unknown[] = [params.from, params.to]
    const accountTier = tierFilter(accountParams, params.tier, 'account_id')
    const accounts = await sql.query<{ day: string; dau: number; wau: number; mau: number }>(
      rollingSql(`SELECT account_id AS unit, day FROM account_days
        WHERE day BETWEEN $1::date - 29 AND $2::date AND account_id <> '' AND events > 0 AND ${accountTier}`),
      accountParams,
    )
    return {
      period: { from: params.from, to: params.to, days: params.days },
      tier: params.tier ?? null,
      users: series(users),
      accounts: series(accounts),
    }
  },
  table: (report) =>
    report.users.series.map((u, i) => {
      const a = report.accounts.series[i]
      return {
        day: u.day, dau: u.dau, wau: u.wau, mau: u.mau, dauMau: u.dauMau, wauMau: u.wauMau,
        accountDau: a?.dau, accountWau: a?.wau, accountMau: a?.mau, accountDauMau: a?.dauMau, accountWauMau: a?.wauMau,
      }
    }),
})

