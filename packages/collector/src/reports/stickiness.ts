import { defineReport } from './context'
import { ratio, round } from './stats'
import { openUnitSets, type Unit, type UnitSets } from './unit-sets'

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
 * The SQL for rolling actives per day from the '*' day bitmaps: DAU is one day's popcount, WAU
 * and MAU the popcount of the OR of the last 7 and 30 days. Each bitmap is read once and widened
 * once (the MATERIALIZED step), then joined to the 30 days whose windows hold it.
 */
function rollingSql(sets: UnitSets, unit: Unit): string {
  return `WITH b AS MATERIALIZED (
      SELECT day, ${sets.widen(unit, unit)} AS bits FROM usage_sets WHERE kind = '*' AND name = '*' AND day BETWEEN $1::date - 29 AND $2::date
    ),
    days AS (SELECT $1::date + i AS d FROM generate_series(0, $2::date - $1::date) i)
    SELECT days.d::text AS day, ${sets.count(unit, 'b.day = days.d', 'b.bits')} AS dau,
      ${sets.count(unit, 'b.day > days.d - 7', 'b.bits')} AS wau, ${sets.count(unit, undefined, 'b.bits')} AS mau
    FROM days LEFT JOIN b ON b.day BETWEEN days.d - 29 AND days.d GROUP BY days.d ORDER BY days.d`
}

function series(rows: Array<{ day: string; dau: number; wau: number; mau: number }>) {
  const days = rows.map((row): StickinessDay => {
    const dau = Number(row.dau), wau = Number(row.wau), mau = Number(row.mau)
    return { day: row.day.slice(0, 10), dau, wau, mau, dauMau: ratio(dau, mau), wauMau: ratio(wau, mau) }
  })
  const counted = days.filter((d) => d.mau > 0)
  // From the counts, not from the rounded daily ratios.
  const mean = (pick: (d: StickinessDay) => number) =>
    counted.length === 0 ? null : round(counted.reduce((sum, d) => sum + pick(d) / d.mau, 0) / counted.length)
  return { dauMau: mean((d) => d.dau), wauMau: mean((d) => d.wau), series: days }
}

/**
 * DAU/MAU and WAU/MAU per day, for users and for accounts (README "Report definitions",
 * Stickiness; cs-metrics §2.3).
 *
 * Definitions: DAU(d) = distinct units active on UTC day d; WAU(d) = in d−6..d; MAU(d) = in
 * d−29..d (today included, as the period is). Users are identified users; accounts are active
 * on the days of account_days. The period averages are the mean daily ratio over days with
 * MAU > 0. `tier` keeps accounts currently in the tier and the users who belong to them.
 * Reads the day bitmaps (`usage_sets`): 30 days × 30 bitmaps whatever the history's size.
 */
export const stickiness = defineReport<StickinessReport>({
  description: 'DAU/MAU and WAU/MAU as a daily series, for users and for accounts',
  async run(context, params) {
    const sets = await openUnitSets(context, params.tier)
    type Row = { day: string; dau: number; wau: number; mau: number }
    const users = await context.sql.query<Row>(rollingSql(sets, 'users'), [params.from, params.to])
    const accounts = await context.sql.query<Row>(rollingSql(sets, 'accounts'), [params.from, params.to])
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

