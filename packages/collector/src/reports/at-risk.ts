import { atRiskReasons, declineRule, type AtRiskReason } from '../cs/declining'
import { arrOf } from '../trust/sql-numbers'
import { defineReport, json, tierFilter } from './context'
import { addDays } from '../calendar/dates'
import { dayOf } from '../calendar/zone'
import { round } from './stats'

export interface AtRiskAccount {
  accountId: string
  name: string | null
  tier: string | null
  score: number | null
  band: string | null
  /** Current score minus the score 7 / 28 days ago; null without a snapshot then. */
  change7d: number | null
  change28d: number | null
  /** The `trend` measure's score (50 = flat usage), null without data. */
  trend: number | null
  /** Why the account is listed (cs/declining.ts): `red`, `declining7d`, `declining28d`, `usageFalling`. */
  reasons: AtRiskReason[]
  drivers: Array<{ id: string; score: number; loss: number; detail: string }>
  /** The `arr` trait when it is a number. */
  arr: number | null
}

export interface AtRiskReport {
  /** The day the comparisons are made from (today in the workspace time zone). */
  asOf: string
  tier: string | null
  /** The declining rule in force: `health.declining` or its defaults. */
  rule: { points: number; trendBelow: number }
  accounts: AtRiskAccount[]
}

type Measure = { id: string; score: number | null }

const ARR = arrOf()
// Only banded snapshots: an onboarding account's early score is no baseline to fall from.
const snapshot = (param: number) => `(SELECT h.score FROM health_snapshots h WHERE h.account_id = s.account_id
    AND h.day <= $${param}::date AND h.day > $${param}::date - 7 AND h.score IS NOT NULL AND h.band IN ('red', 'yellow', 'green')
    ORDER BY h.day DESC LIMIT 1)`

/** One reason in words, for tables. */
function describe(reason: AtRiskReason, account: AtRiskAccount): string {
  switch (reason) {
    case 'red': return `red (${account.score})`
    case 'declining7d': return `down ${Math.abs(account.change7d ?? 0)} in 7 days`
    case 'declining28d': return `down ${Math.abs(account.change28d ?? 0)} in 28 days`
    case 'usageFalling': return `usage trend ${account.trend} (50 is flat)`
  }
}

/**
 * Red and declining accounts, by ARR (highest first, unknown last), then score.
 *
 * Definitions: the score, band and measures are the engine's latest (account_state). The rule is
 * `atRiskReasons` (cs/declining.ts): every red account; a yellow account whose score fell by at
 * least `health.declining.points` (default 10) against the banded snapshot of 7 or 28 days before
 * today (the latest one on that day or in the 6 days before it, none older), or whose `trend`
 * measure scores below `health.declining.trendBelow` (default 25: usage down by more than half);
 * never a green, onboarding, churned or insufficient account. So the red accounts listed are
 * exactly those that segments, the overview and the accounts list count as red. Drivers are the
 * measures that pulled the score down, as the engine stored them. The period does not apply: this
 * is a list of accounts at risk now. `tier` filters on the current tier.
 */
export const atRisk = defineReport<AtRiskReport>({
  description: 'Red accounts, and yellow ones declining (score down ≥ 10 vs 7 or 28 days ago, or usage trend below 25), with reasons and drivers, by ARR',
  async run({ sql, now, content, timeZone }, params) {
    const rule = declineRule(content.health)
    const today = dayOf(now, timeZone)
    const values: unknown[] = [addDays(today, -7), addDays(today, -28)]
    const tier = tierFilter(values, params.tier, 's.account_id')
    const rows = await sql.query<{
      account_id: string; name: string | null; tier: string | null; score: number | null; band: string | null
      score7: number | null; score28: number | null; health: unknown; arr: number | null
    }>(
      `SELECT s.account_id, a.traits->>'name' AS name, s.tier, s.health_score AS score, s.health_band AS band, s.health,
         ${ARR} AS arr, ${snapshot(1)} AS score7, ${snapshot(2)} AS score28
       FROM account_state s JOIN accounts a ON a.account_id = s.account_id
       WHERE s.health_band IN ('red', 'yellow') AND ${tier}
       ORDER BY arr DESC NULLS LAST, score ASC NULLS LAST, s.account_id`,
      values,
    )
    const accounts = rows.flatMap((row): AtRiskAccount[] => {
      const score = row.score === null ? null : Number(row.score)
      const health = row.health ? json<{ drivers?: AtRiskAccount['drivers']; measures?: Measure[] }>(row.health as string) : null
      const trendScore = health?.measures?.find((m) => m.id === 'trend')?.score ?? null
      const score7d = row.score7 === null ? null : Number(row.score7)
      const score28d = row.score28 === null ? null : Number(row.score28)
      const reasons = atRiskReasons({ band: row.band, score, score7d, score28d, trendScore }, rule)
      if (reasons.length === 0) return []
      const change = (before: number | null) => (score === null || before === null ? null : round(score - before, 1))
      return [{
        accountId: row.account_id, name: row.name, tier: row.tier, score, band: row.band,
        change7d: change(score7d), change28d: change(score28d), trend: trendScore, reasons,
        drivers: health?.drivers ?? [], arr: row.arr === null ? null : Number(row.arr),
      }]
    })
    return { asOf: today, tier: params.tier ?? null, rule, accounts }
  },
  table: (report) =>
    report.accounts.map((a) => ({
      accountId: a.accountId, name: a.name, tier: a.tier, arr: a.arr, score: a.score, band: a.band,
      change7d: a.change7d, change28d: a.change28d, reasons: a.reasons.map((r) => describe(r, a)).join('; '),
      drivers: a.drivers.map((d) => d.detail).join('; '),
    })),
})
