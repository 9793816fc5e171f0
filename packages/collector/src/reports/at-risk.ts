import { arrOf } from '../trust/sql-numbers'
import { defineReport, json, tierFilter } from './context'
import { addDays } from './params'
import { round } from './stats'

/** A drop of this many points or more against 7 or 28 days ago is "declining" (cs-metrics §11 trend). */
export const DECLINE_POINTS = 10

export interface AtRiskAccount {
  accountId: string
  name: string | null
  tier: string | null
  score: number | null
  band: string | null
  /** Current score minus the score 7 / 28 days ago; null without a snapshot then. */
  change7d: number | null
  change28d: number | null
  reasons: Array<'red' | 'declining7d' | 'declining28d'>
  drivers: Array<{ id: string; score: number; loss: number; detail: string }>
  /** The `arr` trait when it is a number. */
  arr: number | null
}

export interface AtRiskReport {
  /** The day the comparisons are made from (today, UTC). */
  asOf: string
  tier: string | null
  accounts: AtRiskAccount[]
}

const ARR = arrOf()
const snapshot = (param: number) => `(SELECT h.score FROM health_snapshots h WHERE h.account_id = s.account_id
    AND h.day <= $${param}::date AND h.day > $${param}::date - 7 AND h.score IS NOT NULL ORDER BY h.day DESC LIMIT 1)`

/**
 * Red and declining accounts, by ARR (highest first, unknown last), then score.
 *
 * Definitions: the current score and band are the engine's latest (account_state). Declining =
 * current score at least {@link DECLINE_POINTS} below the snapshot of 7 or 28 days before today
 * (health_snapshots; the latest snapshot on that day or in the 6 days before, none older).
 * Drivers are the measures that pulled the score down, as the engine stored them. The period
 * does not apply: this is a list of accounts at risk now. `tier` filters on the current tier.
 * Accounts whose latest revenue fact is MRR 0 (a cancelled subscription) have churned already:
 * they are not at risk and are left out.
 */
export const atRisk = defineReport<AtRiskReport>({
  description: 'Red and declining accounts (≥10 points down vs 7 or 28 days ago) with drivers, by ARR',
  async run({ sql, now }, params) {
    const today = now.toISOString().slice(0, 10)
    const values: unknown[] = [addDays(today, -7), addDays(today, -28), DECLINE_POINTS]
    const tier = tierFilter(values, params.tier, 's.account_id')
    const rows = await sql.query<{
      account_id: string; name: string | null; tier: string | null; score: number | null; band: string | null
      score7: number | null; score28: number | null; health: unknown; arr: number | null
    }>(
      `SELECT * FROM (
         SELECT s.account_id, a.traits->>'name' AS name, s.tier, s.health_score AS score, s.health_band AS band, s.health,
           ${ARR} AS arr, ${snapshot(1)} AS score7, ${snapshot(2)} AS score28
         FROM account_state s JOIN accounts a ON a.account_id = s.account_id WHERE ${tier}
           AND NOT EXISTS (
             SELECT 1 FROM (SELECT h.mrr, h.arr FROM account_revenue_history h
                            WHERE h.account_id = s.account_id AND (h.mrr IS NOT NULL OR h.arr IS NOT NULL)
                            ORDER BY h.at DESC LIMIT 1) latest
             WHERE coalesce(latest.mrr, latest.arr / 12) = 0)) x
       WHERE band = 'red' OR score - score7 <= -($3::float8) OR score - score28 <= -($3::float8)
       ORDER BY arr DESC NULLS LAST, score ASC NULLS LAST, account_id`,
      values,
    )
    return {
      asOf: today,
      tier: params.tier ?? null,
      accounts: rows.map((row): AtRiskAccount => {
        const score = row.score === null ? null : Number(row.score)
        const change = (before: number | null) => (score === null || before === null ? null : round(score - Number(before), 1))
        const change7d = change(row.score7)
        const change28d = change(row.score28)
        const reasons: AtRiskAccount['reasons'] = []
        if (row.band === 'red') reasons.push('red')
        if (change7d !== null && change7d <= -DECLINE_POINTS) reasons.push('declining7d')
        if (change28d !== null && change28d <= -DECLINE_POINTS) reasons.push('declining28d')
        const health = row.health ? json<{ drivers?: AtRiskAccount['drivers'] }>(row.health as string) : null
        return {
          accountId: row.account_id, name: row.name, tier: row.tier, score, band: row.band, change7d, change28d, reasons,
          drivers: health?.drivers ?? [], arr: row.arr === null ? null : Number(row.arr),
        }
      }),
    }
  },
  table: (report) =>
    report.accounts.map((a) => ({
      accountId: a.accountId, name: a.name, tier: a.tier, arr: a.arr, score: a.score, band: a.band,
      change7d: a.change7d, change28d: a.change28d, reasons: a.reasons.join(' '),
      drivers: a.drivers.map((d) => d.detail).join('; '),
    })),
})
