import type { Content } from '@goyo/schema'
import { defineReport, tierFilter } from './context'
import { periodBounds } from './period'
import { createdAtOf, milestoneNames, startFilter, TTV_DEFAULT_DAYS } from './ttv'

const DAY = 86_400_000
/** A tier without `targetDays` and a valueReached measure without one: 14 days, as the health engine (cs/inputs.ts). */
export const DEFAULT_TARGET_DAYS = 14

export interface OverdueUnit {
  milestone: string
  unit: 'accounts' | 'users'
  /** The account id, or the user id. */
  id: string
  /** The account's `name` trait; for a user, its `name` or `email` trait. */
  name: string | null
  /** The user's account (for an account, itself). */
  accountId: string | null
  tier: string | null
  /** When the unit started (ISO): its `createdAt` trait, else first seen. */
  start: string
  /** Days within which its tier should reach value. */
  targetDays: number
  daysSinceStart: number
}

export interface TtvOverdueReport {
  period: { from: string; to: string; days: number }
  tier: string | null
  /** Longest overdue first (days since start minus target), then id. */
  units: OverdueUnit[]
}

/** A tier's target: its `targetDays`, else the valueReached measure's, else {@link DEFAULT_TARGET_DAYS}. */
export function targetDaysOf(content: Content, tier: string | null): number {
  const measure = content.health?.measures.find((m) => m.id === 'valueReached')
  return content.tiers.find((t) => t.id === tier)?.targetDays ?? measure?.targetDays ?? DEFAULT_TARGET_DAYS
}

interface Row { milestone: string; id: string; name: string | null; account_id: string | null; created: unknown; first_seen: Date | string; tier: string | null }

/**
 * Who never reached value (README "Report definitions", Time to value): the accounts and users
 * that started in the period (the time-to-value report's units and start), have not reached the
 * milestone by now, and started longer ago than their tier's target days ({@link targetDaysOf}).
 * Users take the tier of their account. `tier` filters both, as in the time-to-value report;
 * without `from` the period is the last {@link TTV_DEFAULT_DAYS} days.
 */
export const ttvOverdue = defineReport<TtvOverdueReport>({
  description: "Accounts and users past their tier's target days that have not reached value",
  defaultDays: TTV_DEFAULT_DAYS,
  async run({ sql, content, now, timeZone }, params) {
    const milestones = await milestoneNames(sql, content, params.milestone)
    const list = JSON.stringify(milestones)
    const reachedBy = `m JOIN user_firsts f ON (f.kind = 'milestone' AND f.name = m.milestone) OR (f.kind = 'event' AND f.name = m.event)`
    const accountParams: unknown[] = [list]
    const accountTier = tierFilter(accountParams, params.tier, 'a.account_id')
    const accounts = await sql.query<Row>(
      `WITH m AS (SELECT * FROM json_to_recordset($1::json) AS m(milestone text, event text)),
       reached AS (SELECT DISTINCT f.account_id, m.milestone FROM ${reachedBy} WHERE f.account_id <> '')
       SELECT m.milestone, a.account_id AS id, a.traits->>'name' AS name, a.account_id, a.traits->'createdAt' AS created, a.first_seen, s.tier
       FROM accounts a CROSS JOIN m
       LEFT JOIN reached r ON r.account_id = a.account_id AND r.milestone = m.milestone
       LEFT JOIN account_state s ON s.account_id = a.account_id
       WHERE r.account_id IS NULL AND ${startFilter(accountParams, params, 'a.traits', 'a.first_seen')} AND ${accountTier}`,
      accountParams,
    )
    const userParams: unknown[] = [list]
    const userTier = tierFilter(userParams, params.tier, 'u.account_id')
    const users = await sql.query<Row>(
      `WITH m AS (SELECT * FROM json_to_recordset($1::json) AS m(milestone text, event text)),
       reached AS (
         SELECT DISTINCT coalesce(i.user_id, f.user_key) AS user_id, m.milestone FROM ${reachedBy}
         LEFT JOIN identities i ON f.user_key LIKE 'anon:%' AND i.anonymous_id = substr(f.user_key, 6)),
       anonymous_first AS (SELECT user_id, min(first_seen) AS first_seen FROM identities WHERE user_id IS NOT NULL GROUP BY user_id)
       SELECT m.milestone, u.user_id AS id, coalesce(u.traits->>'name', u.traits->>'email') AS name, u.account_id, u.traits->'createdAt' AS created,
         least(u.first_seen, af.first_seen) AS first_seen, s.tier
       FROM users u CROSS JOIN m
       LEFT JOIN anonymous_first af ON af.user_id = u.user_id
       LEFT JOIN reached r ON r.user_id = u.user_id AND r.milestone = m.milestone
       LEFT JOIN account_state s ON s.account_id = u.account_id
       WHERE r.user_id IS NULL AND ${startFilter(userParams, params, 'u.traits', 'u.first_seen')} AND ${userTier}`,
      userParams,
    )
    // The period's days in the workspace time zone, as time to value cuts them.
    const { start: from, end: to } = periodBounds(params, timeZone)
    const lo = from!.getTime()
    const hi = to!.getTime()
    const overdue = (unit: OverdueUnit['unit']) => (row: Row): OverdueUnit[] => {
      const start = createdAtOf(row.created) ?? new Date(row.first_seen)
      if (start.getTime() < lo || start.getTime() >= hi) return []
      const targetDays = targetDaysOf(content, row.tier)
      const days = (now.getTime() - start.getTime()) / DAY
      if (days <= targetDays) return []
      return [{
        milestone: row.milestone, unit, id: row.id, name: row.name, accountId: row.account_id, tier: row.tier,
        start: start.toISOString(), targetDays, daysSinceStart: Math.floor(days),
      }]
    }
    const units = [...accounts.flatMap(overdue('accounts')), ...users.flatMap(overdue('users'))].sort(
      (a, b) => b.daysSinceStart - b.targetDays - (a.daysSinceStart - a.targetDays) || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    return { period: { from: params.from, to: params.to, days: params.days }, tier: params.tier ?? null, units }
  },
  table: (report) =>
    report.units.map((u) => ({
      milestone: u.milestone, unit: u.unit, id: u.id, name: u.name, accountId: u.accountId, tier: u.tier, start: u.start.slice(0, 10),
      targetDays: u.targetDays, daysSinceStart: u.daysSinceStart,
    })),
})
