import { EVENTS, type Content } from '@goyo/schema'
import type { ConditionFacts } from '../cs/conditions'
import { dayBefore } from '../cs/facts'
import { readRollupZone } from '../store/rebuild'
import type { SqlClient } from '../store/sql'
import type { ContentRequest } from './targeting'

/** What the user did that targeting looks at, by `kind\u0000name` (see migration 002). */
export interface History {
  count: number
  firstAt: Date
  lastAt: Date
}

/** Goyo's object events whose history caps, progress and resurveys read. */
const OBJECT_KINDS = [
  EVENTS.checklistItemCompleted,
  EVENTS.checklistDismissed,
  EVENTS.checklistCompleted,
  EVENTS.promptShown,
  EVENTS.promptDismissed,
  EVENTS.surveyShown,
  EVENTS.surveyAnswered,
  EVENTS.tourStepViewed,
  EVENTS.tourCompleted,
  EVENTS.tourDismissed,
]

/** The user's rollup keys: the userId, the anonymous id of this device, and ids linked to the user. */
export async function userKeys(sql: SqlClient, request: ContentRequest): Promise<string[]> {
  const keys: string[] = []
  if (request.userId) keys.push(request.userId)
  if (request.anonymousId) keys.push(`anon:${request.anonymousId}`)
  if (request.userId) {
    const linked = await sql.query<{ anonymous_id: string }>('SELECT anonymous_id FROM identities WHERE user_id = $1 LIMIT 20', [request.userId])
    for (const row of linked) if (!keys.includes(`anon:${row.anonymous_id}`)) keys.push(`anon:${row.anonymous_id}`)
  }
  return keys
}

/** The account the user last joined, and the `locale` trait of their last `identify`. */
export async function userProfile(sql: SqlClient, userId: string): Promise<{ accountId: string | null; locale: unknown }> {
  const [row] = await sql.query<{ account_id: string | null; locale: unknown }>("SELECT account_id, traits->'locale' AS locale FROM users WHERE user_id = $1", [userId])
  return { accountId: row?.account_id ?? null, locale: row?.locale ?? null }
}

/** What this user did that targeting looks at: checklist events, shows, dismissals, answers. */
export async function userHistory(sql: SqlClient, keys: string[], content: Content): Promise<Map<string, History>> {
  const history = new Map<string, History>()
  if (keys.length === 0) return history
  const events = [...new Set(content.checklists.flatMap((checklist) => checklist.items.map((item) => item.doneWhen.event)))]
  const rows = await sql.query<{ kind: string; name: string; count: number; first_at: Date; last_at: Date }>(
    `SELECT kind, name, sum(count)::int8 AS count, min(first_at) AS first_at, max(last_at) AS last_at FROM user_firsts
     WHERE user_key = ANY($1) AND (kind = ANY($2) OR (kind = 'event' AND name = ANY($3)))
     GROUP BY kind, name`,
    [keys, OBJECT_KINDS, events],
  )
  for (const row of rows) {
    history.set(`${row.kind}\u0000${row.name}`, { count: Number(row.count), firstAt: new Date(row.first_at), lastAt: new Date(row.last_at) })
  }
  return history
}

/** Events that anyone in the account did, for checklist items with `scope: "account"`. */
export async function accountHistory(sql: SqlClient, accountId: string, content: Content): Promise<Map<string, Date>> {
  const events = [...new Set(content.checklists.flatMap((c) => c.items.filter((item) => item.scope === 'account').map((item) => item.doneWhen.event)))]
  if (events.length === 0) return new Map()
  const rows = await sql.query<{ name: string; first_at: Date }>(
    `SELECT name, min(first_at) AS first_at FROM user_firsts WHERE account_id = $1 AND kind = 'event' AND name = ANY($2) GROUP BY name`,
    [accountId, events],
  )
  return new Map(rows.map((row) => [row.name, new Date(row.first_at)]))
}

/**
 * The feature uses that `usage` audiences ask about, all in one query over the account's own
 * rows of the daily rollup: `(feature, withinDays)` pairs become FILTERed sums.
 */
export async function featureUsage(
  sql: SqlClient,
  accountId: string,
  content: Content,
  asks: ReadonlyArray<{ feature: string; withinDays: number }>,
  traits: Record<string, unknown>,
  now: Date,
): Promise<ConditionFacts> {
  const counts = new Map<string, number>()
  const pairs = [...new Map(asks.map((ask) => [`${ask.feature}\u0000${ask.withinDays}`, ask])).values()]
  if (pairs.length > 0) {
    const { timeZone } = await readRollupZone(sql)
    const params: unknown[] = [accountId, dayBefore(now, Math.max(...pairs.map((p) => p.withinDays)) - 1, timeZone)]
    const sums = pairs.map((pair) => {
      const from = params.push(dayBefore(now, pair.withinDays - 1, timeZone))
      const feature = params.push(pair.feature)
      const events = params.push(content.features[pair.feature]?.events ?? [])
      return `coalesce(sum(count) FILTER (WHERE day >= $${from}::date AND ((kind = 'feature' AND name = $${feature}) OR (kind = 'event' AND name = ANY($${events})))), 0)::int8`
    })
    const [row] = await sql.query<Record<string, number>>(
      `SELECT ${sums.map((sum, i) => `${sum} AS c${i}`).join(', ')} FROM usage_daily WHERE account_id = $1 AND day >= $2::date`,
      params,
    )
    pairs.forEach((pair, i) => counts.set(`${pair.feature}\u0000${pair.withinDays}`, Number(row?.[`c${i}`] ?? 0)))
  }
  return {
    traits,
    usage: (measure, feature, withinDays) =>
      measure === 'featureUses' && feature ? (counts.get(`${feature}\u0000${withinDays}`) ?? 0) : 0,
  }
}
