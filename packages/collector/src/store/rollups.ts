import { EVENTS } from '@goyo/schema'
import type { NormalizedEvent } from '../ingest/normalize'
import { usageKeys, userKey } from '../ingest/rollup'
import { compare } from './append'
import type { SqlExecutor } from './sql'

const SEP = '\u0000'

/** In-product contacts that go into the account's timeline as they are ingested. */
const TIMELINE_EVENTS = new Set<string>([
  EVENTS.promptShown,
  EVENTS.promptClicked,
  EVENTS.promptDismissed,
  EVENTS.promptConverted,
  EVENTS.surveyShown,
  EVENTS.surveyAnswered,
  EVENTS.checklistCompleted,
  EVENTS.checklistDismissed,
  EVENTS.milestoneReached,
  EVENTS.tourCompleted,
])
const dayOf = (date: Date) => date.toISOString().slice(0, 10)

/**
 * Adds new events to the rollups (migration 002): daily usage per account, user and thing done;
 * each user's first and last time for each thing; and each account's active days. Only events
 * stored for the first time get here, so a replay never counts twice.
 * @returns the UTC days whose usage rows changed, for `markUsageChanged`.
 */
export async function applyRollups(
  tx: SqlExecutor,
  fresh: readonly NormalizedEvent[],
  accountOf: Map<NormalizedEvent, string | null>,
): Promise<Set<string>> {
  const days = new Set<string>()
  const daily = new Map<string, number>()
  const firsts = new Map<string, { first: Date; last: Date; count: number; account: string }>()
  const accountDays = new Map<string, number>()
  const timeline: Array<Record<string, unknown>> = []

  for (const event of fresh) {
    const keys = usageKeys(event)
    if (event.event !== null && TIMELINE_EVENTS.has(event.event) && accountOf.get(event)) {
      const object = keys[1]?.name
      timeline.push({
        a: accountOf.get(event), t: event.timestamp, k: event.event, ti: object ? `${event.event}: ${object}` : event.event,
        u: userKey(event), d: event.properties ?? {}, m: event.messageId,
      })
    }
    if (keys.length === 0) continue
    const account = accountOf.get(event) ?? ''
    const user = userKey(event) ?? ''
    const day = dayOf(event.timestamp)
    days.add(day)
    if (account) {
      const key = account + SEP + day
      accountDays.set(key, (accountDays.get(key) ?? 0) + 1)
    }
    for (const { kind, name } of keys) {
      const dailyKey = [day, account, user, kind, name].join(SEP)
      daily.set(dailyKey, (daily.get(dailyKey) ?? 0) + 1)
      if (!user) continue
      const firstKey = [user, kind, name].join(SEP)
      const found = firsts.get(firstKey)
      if (!found) firsts.set(firstKey, { first: event.timestamp, last: event.timestamp, count: 1, account })
      else {
        found.count++
        if (event.timestamp < found.first) found.first = event.timestamp
        if (event.timestamp >= found.last) found.last = event.timestamp
        if (account) found.account = account
      }
    }
  }

  // Sorted keys: concurrent replicas lock rows in one order and cannot deadlock.
  if (daily.size > 0) {
    const rows = [...daily.entries()].sort(([a], [b]) => compare(a, b)).map(([key, count]) => {
      const [d, a, u, k, n] = key.split(SEP)
      return { d, a, u, k, n, c: count }
    })
    await tx.query(
      `INSERT INTO usage_daily (day, account_id, user_key, kind, name, count)
       SELECT d, a, u, k, n, c FROM json_to_recordset($1::json) AS r(d date, a text, u text, k text, n text, c int)
       ON CONFLICT (day, account_id, user_key, kind, name) DO UPDATE SET count = usage_daily.count + excluded.count`,
      [JSON.stringify(rows)],
    )
  }
  if (firsts.size > 0) {
    const rows = [...firsts.entries()].sort(([a], [b]) => compare(a, b)).map(([key, value]) => {
      const [u, k, n] = key.split(SEP)
      return { u, k, n, a: value.account, f: value.first, l: value.last, c: value.count }
    })
    await tx.query(
      `INSERT INTO user_firsts (user_key, kind, name, account_id, first_at, last_at, count)
       SELECT u, k, n, a, f, l, c FROM json_to_recordset($1::json)
         AS r(u text, k text, n text, a text, f timestamptz, l timestamptz, c int)
       ON CONFLICT (user_key, kind, name) DO UPDATE SET
         first_at = least(user_firsts.first_at, excluded.first_at),
         last_at = greatest(user_firsts.last_at, excluded.last_at),
         count = user_firsts.count + excluded.count,
         account_id = CASE WHEN excluded.account_id <> '' THEN excluded.account_id ELSE user_firsts.account_id END`,
      [JSON.stringify(rows)],
    )
  }
  if (timeline.length > 0) {
    await tx.query(
      `INSERT INTO timeline (account_id, at, kind, title, user_key, data, message_id)
       SELECT a, t, k, ti, u, d, m FROM json_to_recordset($1::json) AS r(a text, t timestamptz, k text, ti text, u text, d jsonb, m text)
       ON CONFLICT (message_id) DO NOTHING`,
      [JSON.stringify(timeline)],
    )
  }
  if (accountDays.size > 0) {
    const rows = [...accountDays.entries()].sort(([a], [b]) => compare(a, b)).map(([key, events]) => {
      const [a, d] = key.split(SEP)
      return { a, d, e: events }
    })
    await tx.query(
      `INSERT INTO account_days (account_id, day, events)
       SELECT a, d, e FROM json_to_recordset($1::json) AS r(a text, d date, e int)
       ON CONFLICT (account_id, day) DO UPDATE SET events = account_days.events + excluded.events`,
      [JSON.stringify(rows)],
    )
  }
  return days
}
