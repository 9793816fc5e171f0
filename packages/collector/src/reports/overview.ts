import type { SqlExecutor } from '../store/sql'
import { periodBounds } from './period'

/** `GET /v1/reports/overview`: what the collector holds, in the period or all time. */
export interface Overview {
  /** Every stored event of every type. */
  events: number
  /** People: identified users, plus anonymous visitors never linked to a user. */
  users: number
  /** Accounts the events belong to. */
  accounts: number
  firstEventAt: string | null
  lastEventAt: string | null
}

/** One row of `GET /v1/reports/events`: a track event name, or the type of other calls. */
export interface EventCount {
  event: string
  count: number
  users: number
  accounts: number
}

/** Days of the period, both included; either may be missing (an open end), both for all time. */
export interface OptionalPeriod {
  from?: string
  to?: string
}

/**
 * A person, as every report counts one: the userId, else the user the anonymous id is linked to
 * (identify with both ids, or alias), else the anonymous id. Over `events e` joined to
 * `identities i` by {@link PERSON_JOIN}.
 */
export const PERSON = `coalesce('u:' || e.user_id, 'u:' || i.user_id, 'a:' || e.anonymous_id)`
export const PERSON_JOIN = 'LEFT JOIN identities i ON e.user_id IS NULL AND i.anonymous_id = e.anonymous_id'

function periodWhere(values: unknown[], period: OptionalPeriod, timeZone: string): string {
  const { start, end } = periodBounds(period, timeZone)
  const parts: string[] = []
  if (start) parts.push(`e."timestamp" >= $${values.push(start)}::timestamptz`)
  if (end) parts.push(`e."timestamp" < $${values.push(end)}::timestamptz`)
  return parts.length ? parts.join(' AND ') : 'true'
}

/**
 * The overview (README "Report definitions", Overview): over the stored events whose timestamp
 * falls in the period (calendar days in `timeZone`, both ends included; all time without `from` and `to`), how many
 * there are, of how many people and accounts, and the first and last timestamp. Reads `events`
 * (through its time index when a period is given) and `identities`.
 *
 * @example
 * await overview(store.sql, { from: '2026-06-01', to: '2026-06-30' }, 'Asia/Tokyo')
 */
export async function overview(sql: SqlExecutor, period: OptionalPeriod, timeZone: string): Promise<Overview> {
  const values: unknown[] = []
  const [row] = await sql.query<{ events: number; users: number; accounts: number; first: Date | null; last: Date | null }>(
    `SELECT count(*)::int8 AS events, count(DISTINCT ${PERSON})::int8 AS users, count(DISTINCT e.account_id)::int8 AS accounts,
       min(e."timestamp") AS first, max(e."timestamp") AS last
     FROM events e ${PERSON_JOIN} WHERE ${periodWhere(values, period, timeZone)}`,
    values,
  )
  return {
    events: Number(row!.events),
    users: Number(row!.users),
    accounts: Number(row!.accounts),
    firstEventAt: row!.first ? new Date(row!.first).toISOString() : null,
    lastEventAt: row!.last ? new Date(row!.last).toISOString() : null,
  }
}

/**
 * Stored events per track event name, or per type for the other calls (README "Report
 * definitions", Events), over the same period and with the same people and accounts as
 * {@link overview}: the counts add up to its `events`. Most frequent first, then by name.
 */
export async function eventCounts(sql: SqlExecutor, period: OptionalPeriod, timeZone: string): Promise<EventCount[]> {
  const values: unknown[] = []
  const rows = await sql.query<{ event: string; count: number; users: number; accounts: number }>(
    `SELECT coalesce(e.event, e.type) AS event, count(*)::int8 AS count,
       count(DISTINCT ${PERSON})::int8 AS users, count(DISTINCT e.account_id)::int8 AS accounts
     FROM events e ${PERSON_JOIN} WHERE ${periodWhere(values, period, timeZone)}
     GROUP BY 1 ORDER BY 2 DESC, 1`,
    values,
  )
  return rows.map((row) => ({ event: row.event, count: Number(row.count), users: Number(row.users), accounts: Number(row.accounts) }))
}
