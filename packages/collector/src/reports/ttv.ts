import type { Content } from '@goyo/schema'
import { defineReport, tierFilter, type ReportContext } from './context'
import { addDays, weekStart } from '../calendar/dates'
import { dayOf, localDaysLater, startOfDay } from '../calendar/zone'
import type { ReportParams } from './params'
import { quantile, sortedAscending } from './quantile'
import { ratio, round, TTV_BUCKETS, ttvBucket } from './stats'

const HOUR = 3_600_000
/** The "reached by day N" marks (cs-metrics §1.4). */
export const REACHED_BY_DAYS = [1, 7, 14, 30] as const
/**
 * The period of the report when none is given: the last 90 days, so that the signup cohorts have
 * had time to reach value. The dashboard, the API and the CLI all start from it.
 */
export const TTV_DEFAULT_DAYS = 90

/** One unit (a user or an account): when it started and when it first reached the milestone. */
export interface TtvUnit {
  start: Date
  reachedAt: Date | null
  tier: string | null
}

export interface TtvSummary {
  units: number
  reached: number
  notYet: number
  medianHours: number | null
  p75Hours: number | null
  p90Hours: number | null
  /** Why a quantile is null, by quantile: "no units", or "not reached: r of n units reached value". */
  reasons: Partial<Record<'median' | 'p75' | 'p90', string>>
  /** Every unit in a bucket, not-yet-reached ones in `notYet` (never counted as fast). */
  buckets: Array<{ bucket: string; units: number }>
  /**
   * Share of the group's units that reached value within N days of their start: by the same
   * wall-clock time N calendar days later in the workspace time zone (so across a change of
   * clocks, N × 24 h ± 1 h). One population (`eligible` = every unit of the group) for every N, so
   * the share never decreases with N. `open`: units not reached yet whose N days are not over, so
   * they may still make it.
   */
  reachedBy: Array<{ days: number; eligible: number; reached: number; share: number | null; open: number }>
}

const QUANTILES = [['median', 0.5], ['p75', 0.75], ['p90', 0.9]] as const

/**
 * Summarises a group of units (definition "Time to value" in the README). Pure.
 *
 * - TTV = reachedAt − start, at least 0 (a milestone before the start counts as immediate).
 * - Quantiles by linear interpolation ({@link quantile}) over every unit of the group, units that
 *   have not reached value ranked last as +∞: a quantile next to such a unit is null, "not
 *   reached". A finite quantile is thus never flattered by a unit still waiting.
 * - Reached by day N over the same units, see {@link TtvSummary.reachedBy}; days are calendar
 *   days in `timeZone`. The buckets are elapsed hours.
 */
export function summarizeTtv(units: readonly TtvUnit[], now: Date, timeZone: string): TtvSummary {
  const ttvHours = (unit: TtvUnit) => (unit.reachedAt ? Math.max(0, (unit.reachedAt.getTime() - unit.start.getTime()) / HOUR) : Infinity)
  const reached = units.filter((u) => u.reachedAt).length
  const sorted = sortedAscending(units.map(ttvHours))

  const reasons: TtvSummary['reasons'] = {}
  const quantiles: Record<string, number | null> = {}
  for (const [name, p] of QUANTILES) {
    const value = quantile(sorted, p)
    quantiles[name] = value === null ? null : round(value, 2)
    if (value === null) reasons[name] = units.length === 0 ? 'no units' : `not reached: ${reached} of ${units.length} units reached value`
  }

  const buckets: TtvSummary['buckets'] = TTV_BUCKETS.map(({ bucket }) => ({ bucket, units: 0 }))
  buckets.push({ bucket: 'notYet', units: 0 })
  for (const unit of units) {
    const label = unit.reachedAt ? ttvBucket(ttvHours(unit)) : 'notYet'
    buckets.find((b) => b.bucket === label)!.units++
  }
  const reachedBy = REACHED_BY_DAYS.map((days) => {
    const deadline = (unit: TtvUnit) => localDaysLater(unit.start, days, timeZone).getTime()
    const within = units.filter((u) => u.reachedAt && Math.max(u.reachedAt.getTime(), u.start.getTime()) <= deadline(u)).length
    const open = units.filter((u) => !u.reachedAt && now.getTime() < deadline(u)).length
    return { days, eligible: units.length, reached: within, share: ratio(within, units.length), open }
  })
  return {
    units: units.length, reached, notYet: units.length - reached,
    medianHours: quantiles.median ?? null, p75Hours: quantiles.p75 ?? null, p90Hours: quantiles.p90 ?? null,
    reasons, buckets, reachedBy,
  }
}

/** Monday of the unit's start week in the zone, YYYY-MM-DD. */
export const signupWeek = (start: Date, timeZone: string): string => weekStart(dayOf(start, timeZone))

/** A `createdAt` trait as a date: an ISO string or epoch milliseconds; null otherwise. */
export function createdAtOf(value: unknown): Date | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null
  const time = new Date(value).getTime()
  return Number.isFinite(time) ? new Date(time) : null
}

export interface TtvMilestone {
  milestone: string
  users: TtvGroups
  accounts: TtvGroups
}

export interface TtvGroups extends TtvSummary {
  byCohort: Array<{ week: string } & TtvSummary>
  byTier: Array<{ tier: string | null } & TtvSummary>
}

export interface TtvReport {
  period: { from: string; to: string; days: number }
  tier: string | null
  milestones: TtvMilestone[]
}

function groups(units: TtvUnit[], now: Date, timeZone: string): TtvGroups {
  const byKey = <K>(key: (u: TtvUnit) => K) => {
    const map = new Map<K, TtvUnit[]>()
    for (const unit of units) map.set(key(unit), [...(map.get(key(unit)) ?? []), unit])
    return map
  }
  return {
    ...summarizeTtv(units, now, timeZone),
    byCohort: [...byKey((u) => signupWeek(u.start, timeZone))].sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, list]) => ({ week, ...summarizeTtv(list, now, timeZone) })),
    byTier: [...byKey((u) => u.tier)].sort(([a], [b]) => String(a) < String(b) ? -1 : 1).map(([tier, list]) => ({ tier, ...summarizeTtv(list, now, timeZone) })),
  }
}

interface UnitRow { milestone: string; created: unknown; first_seen: Date | string; tier: string | null; reached_at: Date | string | null }

/**
 * Rows of the units that may have started in the period. `createdAt` is loosely pre-filtered in
 * SQL (a day of margin each side, more than any zone's offset) and checked exactly in {@link toUnits}.
 */
export function startFilter(params: unknown[], p: ReportParams, traits: string, firstSeen: string): string {
  const lo = params.push(addDays(p.from, -1))
  const hi = params.push(addDays(p.to, 2))
  const loMs = params.push(Date.parse(`${addDays(p.from, -1)}T00:00:00Z`))
  const hiMs = params.push(Date.parse(`${addDays(p.to, 2)}T00:00:00Z`))
  return `(${firstSeen} >= to_timestamp($${loMs}::float8 / 1000) AND ${firstSeen} < to_timestamp($${hiMs}::float8 / 1000)
    OR jsonb_typeof(${traits}->'createdAt') = 'string' AND ${traits}->>'createdAt' >= $${lo} AND ${traits}->>'createdAt' < $${hi}
    OR jsonb_typeof(${traits}->'createdAt') = 'number' AND (${traits}->>'createdAt')::float8 BETWEEN $${loMs} AND $${hiMs})`
}

function toUnits(rows: UnitRow[], p: ReportParams, timeZone: string): Map<string, TtvUnit[]> {
  const lo = startOfDay(p.from, timeZone).getTime()
  const hi = startOfDay(addDays(p.to, 1), timeZone).getTime()
  const byMilestone = new Map<string, TtvUnit[]>()
  for (const row of rows) {
    const start = createdAtOf(row.created) ?? new Date(row.first_seen)
    if (start.getTime() < lo || start.getTime() >= hi) continue
    const list = byMilestone.get(row.milestone) ?? []
    list.push({ start, reachedAt: row.reached_at ? new Date(row.reached_at) : null, tier: row.tier })
    byMilestone.set(row.milestone, list)
  }
  return byMilestone
}

export async function milestoneNames(sql: ReportContext['sql'], content: Content, only?: string): Promise<Array<{ milestone: string; event: string | null }>> {
  const seen = await sql.query<{ name: string }>(`SELECT DISTINCT name FROM user_firsts WHERE kind = 'milestone'`)
  const names = new Set([...Object.keys(content.milestones), ...seen.map((r) => r.name)])
  return [...names].filter((n) => !only || n === only).sort().map((milestone) => ({ milestone, event: content.milestones[milestone]?.event ?? null }))
}

/**
 * Time to value per milestone, for users and for accounts (README "Report definitions", Time to
 * value; cs-metrics §1.3, §1.4).
 *
 * Definitions:
 * - Units: identified users, and accounts, whose start falls in the period (a signup cohort,
 *   not everyone active). Start = the `createdAt` trait when it is a date, else first seen (for
 *   users, the earliest of the user and its linked anonymous ids).
 * - Reached = the earliest `Milestone Reached` for the milestone or the milestone's configured
 *   event, by the user (including its anonymous ids before identify) or, for an account, by any
 *   of its users (account grain = "any user", §1.3).
 * - See {@link summarizeTtv} for quantiles (not reached = +∞), buckets and reached by day N.
 *   Cohorts are signup weeks (Monday, in the workspace time zone); tiers are the accounts' current tiers. `tier` filters
 *   both units. Without `from`, the period is the last {@link TTV_DEFAULT_DAYS} days.
 * Reads users, identities, accounts, user_firsts and account_state; one row per unit started in
 * the period and milestone.
 */
export const ttv = defineReport<TtvReport>({
  description: 'Time to value per milestone: median/p75/p90, buckets, share by day 1/7/14/30, by signup week and tier',
  defaultDays: TTV_DEFAULT_DAYS,
  async run({ sql, content, now, timeZone }, params) {
    const milestones = await milestoneNames(sql, content, params.milestone)
    const list = JSON.stringify(milestones)

    const userParams: unknown[] = [list]
    const userTier = tierFilter(userParams, params.tier, 'u.account_id')
    // Set-based: who reached each milestone (anonymous keys folded into their user) is one
    // grouped pass over the milestone's rows of user_firsts, joined to users once.
    const userRows = await sql.query<UnitRow>(
      `WITH m AS (SELECT * FROM json_to_recordset($1::json) AS m(milestone text, event text)),
       reached AS (
         SELECT coalesce(i.user_id, f.user_key) AS user_id, m.milestone, min(f.first_at) AS reached_at
         FROM m JOIN user_firsts f ON (f.kind = 'milestone' AND f.name = m.milestone) OR (f.kind = 'event' AND f.name = m.event)
         LEFT JOIN identities i ON f.user_key LIKE 'anon:%' AND i.anonymous_id = substr(f.user_key, 6)
         GROUP BY 1, 2),
       anonymous_first AS (SELECT user_id, min(first_seen) AS first_seen FROM identities WHERE user_id IS NOT NULL GROUP BY user_id)
       SELECT m.milestone, u.traits->'createdAt' AS created, s.tier,
         least(u.first_seen, af.first_seen) AS first_seen, r.reached_at
       FROM users u CROSS JOIN m
       LEFT JOIN anonymous_first af ON af.user_id = u.user_id
       LEFT JOIN reached r ON r.user_id = u.user_id AND r.milestone = m.milestone
       LEFT JOIN account_state s ON s.account_id = u.account_id
       WHERE ${startFilter(userParams, params, 'u.traits', 'u.first_seen')} AND ${userTier}`,
      userParams,
    )
    const accountParams: unknown[] = [list]
    const accountTier = tierFilter(accountParams, params.tier, 'a.account_id')
    const accountRows = await sql.query<UnitRow>(
      `WITH m AS (SELECT * FROM json_to_recordset($1::json) AS m(milestone text, event text)),
       reached AS (
         SELECT f.account_id, m.milestone, min(f.first_at) AS reached_at
         FROM m JOIN user_firsts f ON (f.kind = 'milestone' AND f.name = m.milestone) OR (f.kind = 'event' AND f.name = m.event)
         WHERE f.account_id <> '' GROUP BY 1, 2)
       SELECT m.milestone, a.traits->'createdAt' AS created, a.first_seen, s.tier, r.reached_at
       FROM accounts a CROSS JOIN m
       LEFT JOIN reached r ON r.account_id = a.account_id AND r.milestone = m.milestone
       LEFT JOIN account_state s ON s.account_id = a.account_id
       WHERE ${startFilter(accountParams, params, 'a.traits', 'a.first_seen')} AND ${accountTier}`,
      accountParams,
    )
    const users = toUnits(userRows, params, timeZone)
    const accounts = toUnits(accountRows, params, timeZone)
    return {
      period: { from: params.from, to: params.to, days: params.days },
      tier: params.tier ?? null,
      milestones: milestones.map(({ milestone }) => ({
        milestone,
        users: groups(users.get(milestone) ?? [], now, timeZone),
        accounts: groups(accounts.get(milestone) ?? [], now, timeZone),
      })),
    }
  },
  table: (report) =>
    report.milestones.flatMap((m) =>
      (['users', 'accounts'] as const).map((unit) => {
        const s = m[unit]
        const by = Object.fromEntries(s.reachedBy.map((r) => [`reachedBy${r.days}d`, r.share]))
        return {
          milestone: m.milestone, unit, units: s.units, reached: s.reached, notYet: s.notYet,
          medianHours: s.medianHours, p75Hours: s.p75Hours, p90Hours: s.p90Hours, ...by, note: quantileNote(s),
        }
      }),
    ),
})

/** Why quantiles are missing, in one cell ("median, p75: not reached: 3 of 8 units reached value"), or null. */
export function quantileNote(summary: Pick<TtvSummary, 'reasons'>): string | null {
  const byReason = new Map<string, string[]>()
  for (const [name, reason] of Object.entries(summary.reasons)) byReason.set(reason, [...(byReason.get(reason) ?? []), name])
  return byReason.size === 0 ? null : [...byReason].map(([reason, names]) => `${names.join(', ')}: ${reason}`).join('; ')
}
