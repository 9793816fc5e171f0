import { EVENTS } from '@goyo/schema'
import type { LoggedEvent } from '../rollup/event'
import { absorbedClicks, ONE_ACTION_WINDOW_MS, type ActionEvent, type FeatureEvents } from '../rollup/feature-uses'
import { dayOf, featureOf } from '../rollup/keys'
import type { Retraction } from './rollup-writes'
import type { SqlExecutor } from './sql'
import type { FoldState } from './fold-state'

/**
 * Applies the one-action rule (`absorbedClicks`) to a fold: which of its clicks add no use, and
 * which clicks of earlier folds it absorbs after the fact (their use is taken back). Earlier
 * events come from the log, within two windows of the fold's own: enough to know whether each
 * of those clicks was absorbed before this fold.
 */
export async function applyOneAction(
  tx: SqlExecutor,
  events: readonly LoggedEvent[],
  state: FoldState,
  featureEvents: FeatureEvents,
  person: (event: Pick<LoggedEvent, 'userId' | 'anonymousId'>) => string | null,
  timeZone: string,
): Promise<{ absorbed: Set<string>; retractions: Retraction[] }> {
  const none = { absorbed: new Set<string>(), retractions: [] }
  if (featureEvents.size === 0) return none
  const listedEvents = new Set([...featureEvents.values()].flatMap((set) => [...set]))
  const relevant = events.filter((event) =>
    event.type === 'track' && event.event !== null &&
    ((event.event === EVENTS.featureUsed && featureEvents.has(featureOf(event) ?? '')) || listedEvents.has(event.event)))
  if (relevant.length === 0) return none

  const times = relevant.map((event) => event.timestamp.getTime())
  const reach = 2 * ONE_ACTION_WINDOW_MS
  const earlier = await tx.query<{
    message_id: string; event: string; user_id: string | null; anonymous_id: string | null; account_id: string | null; timestamp: Date; feature: string | null
  }>(
    `SELECT message_id, event, user_id, anonymous_id, account_id, "timestamp", payload->'properties'->>'feature' AS feature
     FROM events
     WHERE (user_id = ANY($1) OR anonymous_id = ANY($2)) AND "timestamp" BETWEEN $3 AND $4
       AND type = 'track' AND (event = $5 OR event = ANY($6))
       AND (xid IS NULL OR xid < $7 OR xid = ANY($8::int8[]))`,
    [
      unique(relevant.map((event) => event.userId)), unique(relevant.map((event) => event.anonymousId)),
      new Date(Math.min(...times) - reach), new Date(Math.max(...times) + reach),
      EVENTS.featureUsed, [...listedEvents], state.below, state.above,
    ],
  )
  const toAction = (event: { messageId: string; event: string; userId: string | null; anonymousId: string | null; at: number; feature: string | null }): ActionEvent | null => {
    const key = person(event)
    return key === null ? null : { messageId: event.messageId, person: key, at: event.at, event: event.event, feature: event.feature }
  }
  const before = earlier.flatMap((row) => toAction({
    messageId: row.message_id, event: row.event, userId: row.user_id, anonymousId: row.anonymous_id, at: new Date(row.timestamp).getTime(), feature: row.feature,
  }) ?? [])
  const now = relevant.flatMap((event) => toAction({
    messageId: event.messageId, event: event.event!, userId: event.userId, anonymousId: event.anonymousId, at: event.timestamp.getTime(), feature: featureOf(event),
  }) ?? [])
  const absorbedBefore = absorbedClicks(before, featureEvents)
  const absorbedAfter = absorbedClicks([...before, ...now], featureEvents)

  const retractions: Retraction[] = []
  for (const row of earlier) {
    if (!absorbedAfter.has(row.message_id) || absorbedBefore.has(row.message_id) || row.feature === null) continue
    const user = person({ userId: row.user_id, anonymousId: row.anonymous_id })
    if (user === null || !featureEvents.has(row.feature)) continue
    retractions.push({ day: dayOf(new Date(row.timestamp), timeZone), account: row.account_id ?? '', user, feature: row.feature })
  }
  const absorbed = new Set(now.filter((event) => absorbedAfter.has(event.messageId)).map((event) => event.messageId))
  return { absorbed, retractions }
}

const unique = (values: Array<string | null>) => [...new Set(values.filter((value): value is string => value !== null))]
