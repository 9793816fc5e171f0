import { defineReport, tierFilter } from './context'
import { periodBounds } from './period'

export interface SegmentsReport {
  period: { from: string; to: string; days: number }
  tier: string | null
  /** Accounts by current tier × health band; null tier or band = not evaluated yet. */
  matrix: Array<{ tier: string | null; band: string | null; accounts: number }>
  /** Tier and band changes the engine recorded in the period, by from → to. */
  transitions: Array<{ kind: 'tier' | 'band'; from: string | null; to: string | null; count: number }>
}

/**
 * Accounts by tier × band, and the transitions in the period (README "Report definitions",
 * common rules).
 *
 * Definitions: the matrix is the current state (account_state), every known account counted
 * once; transitions are the timeline's `tier_changed` and `band_changed` entries with `at` in the
 * period (calendar days of the workspace time zone), grouped by their from → to (a first assignment has from = null). `tier`
 * keeps accounts currently in that tier, for both parts.
 */
export const segments = defineReport<SegmentsReport>({
  description: 'Accounts by tier × health band, and tier/band transitions in the period',
  async run({ sql, timeZone }, params) {
    const matrixValues: unknown[] = []
    const matrix = await sql.query<{ tier: string | null; band: string | null; accounts: number }>(
      `SELECT s.tier, s.health_band AS band, count(*)::int AS accounts FROM accounts a
       LEFT JOIN account_state s ON s.account_id = a.account_id WHERE ${tierFilter(matrixValues, params.tier, 'a.account_id')}
       GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST`,
      matrixValues,
    )
    const { start, end } = periodBounds(params, timeZone)
    const values: unknown[] = [start, end]
    const tier = tierFilter(values, params.tier, 'account_id')
    const transitions = await sql.query<{ kind: string; from: string | null; to: string | null; count: number }>(
      `SELECT CASE kind WHEN 'tier_changed' THEN 'tier' ELSE 'band' END AS kind, data->>'from' AS "from", data->>'to' AS "to", count(*)::int AS count
       FROM timeline WHERE kind IN ('tier_changed', 'band_changed') AND at >= $1::timestamptz AND at < $2::timestamptz AND ${tier}
       GROUP BY 1, 2, 3 ORDER BY 1 DESC, 4 DESC, 2 NULLS FIRST, 3`,
      values,
    )
    return {
      period: { from: params.from, to: params.to, days: params.days },
      tier: params.tier ?? null,
      matrix: matrix.map((r) => ({ tier: r.tier, band: r.band, accounts: Number(r.accounts) })),
      transitions: transitions.map((r) => ({ kind: r.kind as 'tier' | 'band', from: r.from, to: r.to, count: Number(r.count) })),
    }
  },
  table: (report) => report.matrix,
})
