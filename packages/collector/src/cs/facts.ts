import { EVENTS, type Content } from '@goyo/schema'
import { addDays } from '../calendar/dates'
import { dayOf } from '../calendar/zone'
import { readRollupZone } from '../store/rebuild'
import type { SqlExecutor } from '../store/sql'
import { numberFromText } from '../trust/sql-numbers'
import type { ConditionFacts } from './conditions'

const DAY = 86_400_000

/**
 * The day `days` days before `now`'s day (0 = today) in the rollups' time zone, as YYYY-MM-DD:
 * windows over the daily rollups count their days, whatever the zone.
 */
export const dayBefore = (now: Date, days: number, timeZone: string) => addDays(dayOf(now, timeZone), -days)

/** Everything the engine knows about one account, read from the rollups (never raw events). */
export interface AccountFacts extends ConditionFacts {
  accountId: string
  traits: Record<string, unknown>
  /** Today in the rollups' time zone: the day of the health snapshot. */
  today: string
  firstSeen: Date
  lastSeen: Date
  /** `createdAt` trait if it is a date, else when the account was first seen. */
  startAt: Date
  knownUsers: number
  activeUsers(withinDays: number): number
  /** Uses of a content feature (its Feature Used events plus its mapped track events). */
  featureUses(feature: string, withinDays: number): number
  /** When any user of the account first reached a milestone (or did its event). */
  milestoneReachedAt(milestone: string): Date | null
  /** Average daily active users and distinct active users over the last 30 days. */
  stickiness: { averageDaily: number; monthly: number }
  /** Latest NPS answer per user within 180 days. */
  npsAnswers: number[]
  /** Events in the last `days` days, and in the `days` before those. */
  eventsIn(fromDaysAgo: number, toDaysAgo: number): number
  /** The subscription ended: the latest revenue fact states MRR 0, and an earlier one stated more. */
  churned: boolean
}

const WINDOW = 90

/**
 * Reads an account's facts with a handful of queries over the rollups, sized by the account's
 * own 90 days of data rather than by history.
 */
export async function loadAccountFacts(sql: SqlExecutor, accountId: string, content: Content, now: Date): Promise<AccountFacts | null> {
  const [account] = await sql.query<{ traits: Record<string, unknown> | string; first_seen: Date; last_seen: Date }>(
    'SELECT traits, first_seen, last_seen FROM accounts WHERE account_id = $1',
    [accountId],
  )
  if (!account) return null
  const traits = (typeof account.traits === 'string' ? JSON.parse(account.traits) : account.traits) as Record<string, unknown>
  // The rollups' days are cut in the zone stored with them (GOYO_TIMEZONE): the windows too.
  const { timeZone } = await readRollupZone(sql)
  const since = dayBefore(now, WINDOW - 1, timeZone)

  // One after the other: inside a transaction they share one connection.
  const users = await sql.query<{ known: number }>('SELECT count(*)::int8 AS known FROM account_users WHERE account_id = $1', [accountId])
  const days = await sql.query<{ day: string | Date; users: number; user_keys: string[] }>(
    `SELECT day::text AS day, count(DISTINCT user_key)::int8 AS users, array_agg(DISTINCT user_key) AS user_keys
     FROM usage_daily WHERE account_id = $1 AND day >= $2 AND user_key <> '' AND user_key NOT LIKE 'anon:%'
     GROUP BY day`,
    [accountId, since],
  )
  const usage = await sql.query<{ day: string; kind: string; name: string; count: number }>(
    `SELECT day::text AS day, kind, name, sum(count)::int8 AS count FROM usage_daily
     WHERE account_id = $1 AND day >= $2 AND kind IN ('feature', 'event') GROUP BY day, kind, name`,
    [accountId, since],
  )
  const milestones = await sql.query<{ kind: string; name: string; first_at: Date }>(
    `SELECT kind, name, min(first_at) AS first_at FROM user_firsts
     WHERE account_id = $1 AND kind IN ('milestone', 'event') GROUP BY kind, name`,
    [accountId],
  )
  const nps = await sql.query<{ user_key: string; score: number }>(
    `SELECT DISTINCT ON (user_key) user_key, ${numberFromText(`data->>'score'`)} AS score FROM timeline
     WHERE account_id = $1 AND kind = $2 AND at >= $3 AND ${numberFromText(`data->>'score'`)} BETWEEN 0 AND 10
     ORDER BY user_key, at DESC`,
    [accountId, EVENTS.surveyAnswered, new Date(now.getTime() - 180 * DAY)],
  )

  // The same rule as the MRR bridge's churn (revenue/movement.ts): paid once, pays nothing now.
  const [revenue] = await sql.query<{ latest: number | null; paid: boolean }>(
    `SELECT (SELECT coalesce(mrr, arr / 12) FROM account_revenue_history
             WHERE account_id = $1 AND at <= $2 AND (mrr IS NOT NULL OR arr IS NOT NULL) ORDER BY at DESC, message_id DESC LIMIT 1) AS latest,
            EXISTS (SELECT 1 FROM account_revenue_history WHERE account_id = $1 AND at <= $2 AND coalesce(mrr, arr / 12) > 0) AS paid`,
    [accountId, now],
  )

  const dayKeys = new Map<string, string[]>(days.map((row) => [String(row.day).slice(0, 10), row.user_keys]))
  const activeUsers = (withinDays: number) => {
    const from = dayBefore(now, withinDays - 1, timeZone)
    const distinct = new Set<string>()
    for (const [day, keys] of dayKeys) if (day >= from) keys.forEach((key) => distinct.add(key))
    return distinct.size
  }
  const sumUsage = (withinDays: number, match: (kind: string, name: string) => boolean) => {
    const from = dayBefore(now, withinDays - 1, timeZone)
    let total = 0
    for (const row of usage) if (String(row.day).slice(0, 10) >= from && match(row.kind, row.name)) total += Number(row.count)
    return total
  }
  const featureEvents = (feature: string) => new Set(content.features[feature]?.events ?? [])
  const featureUses = (feature: string, withinDays: number) => {
    const events = featureEvents(feature)
    return sumUsage(withinDays, (kind, name) => (kind === 'feature' && name === feature) || (kind === 'event' && events.has(name)))
  }
  const firstOf = new Map(milestones.map((row) => [`${row.kind}\u0000${row.name}`, new Date(row.first_at)]))
  const milestoneReachedAt = (milestone: string) => {
    const viaEvent = content.milestones[milestone] ? firstOf.get(`event\u0000${content.milestones[milestone]!.event}`) : undefined
    const viaSdk = firstOf.get(`milestone\u0000${milestone}`)
    const candidates = [viaEvent, viaSdk].filter((d): d is Date => d !== undefined)
    return candidates.length ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : null
  }
  const monthly = activeUsers(30)
  const last30 = [...dayKeys.entries()].filter(([day]) => day >= dayBefore(now, 29, timeZone))
  const averageDaily = last30.reduce((sum, [, keys]) => sum + keys.length, 0) / 30
  const eventsIn = (fromDaysAgo: number, toDaysAgo: number) =>
    sumUsage(fromDaysAgo, (kind) => kind === 'event') - (toDaysAgo > 0 ? sumUsage(toDaysAgo, (kind) => kind === 'event') : 0)
  const createdAt = traits.createdAt
  const createdTime = typeof createdAt === 'string' || typeof createdAt === 'number' ? new Date(createdAt).getTime() : NaN

  const usageMeasure = (measure: string, feature: string | undefined, withinDays: number): number => {
    switch (measure) {
      case 'activeUsers':
        return activeUsers(withinDays)
      case 'events':
        return sumUsage(withinDays, (kind) => kind === 'event')
      case 'featureUses':
        return feature ? featureUses(feature, withinDays) : sumUsage(withinDays, (kind) => kind === 'feature')
      case 'featuresUsed':
        return Object.keys(content.features).filter((name) => featureUses(name, withinDays) > 0).length
      case 'activeDays': {
        const from = dayBefore(now, withinDays - 1, timeZone)
        return [...dayKeys.keys()].filter((day) => day >= from).length
      }
      default:
        return 0
    }
  }

  return {
    accountId,
    traits,
    today: dayOf(now, timeZone),
    firstSeen: new Date(account.first_seen),
    lastSeen: new Date(account.last_seen),
    startAt: Number.isFinite(createdTime) ? new Date(createdTime) : new Date(account.first_seen),
    knownUsers: Number(users[0]?.known ?? 0),
    activeUsers,
    featureUses,
    milestoneReachedAt,
    stickiness: { averageDaily, monthly },
    npsAnswers: nps.map((row) => Number(row.score)),
    eventsIn,
    churned: revenue !== undefined && revenue.latest !== null && Number(revenue.latest) <= 0 && revenue.paid === true,
    usage: usageMeasure,
  }
}
