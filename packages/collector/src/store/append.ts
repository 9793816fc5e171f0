import type { LoggedEvent } from '../rollup/event'
import type { SqlClient, SqlExecutor } from './sql'
import type { NormalizedEvent } from './store'

/** What an append stored: how many events were new, its transaction, and its events as the fold reads them. */
export interface Appended {
  inserted: number
  transaction: number
  events: LoggedEvent[]
}

/**
 * The request path's write: the events, deduplicated, each with its account, and nothing else
 * (the rollups are folded later, store/fold.ts). Runs inside the caller's transaction.
 */
export async function appendToLog(tx: SqlExecutor, events: readonly NormalizedEvent[], dialect: SqlClient['dialect']): Promise<Appended> {
  if (events.length === 0) return { inserted: 0, transaction: 0, events: [] }
  const ordered = firstOfEachMessage(events).sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())
  const accountOf = await resolveAccounts(tx, ordered)
  const { inserted, groups, transaction } = await insertEvents(tx, ordered, accountOf, dialect)
  if (groups.length > 0) await linkGroups(tx, ordered, groups)
  return { inserted, transaction, events: ordered.map((event) => logged(event, accountOf.get(event) ?? null)) }
}

function logged(event: NormalizedEvent, accountId: string | null): LoggedEvent {
  return {
    messageId: event.messageId, type: event.type, event: event.event, name: event.name, userId: event.userId,
    anonymousId: event.anonymousId, accountId, timestamp: event.timestamp, properties: event.properties,
    traits: event.traits, previousId: event.previousId,
  }
}

/**
 * One event per messageId, the first occurrence winning: a batch may repeat an event, and the
 * group commit may merge a retry with its original into one transaction.
 */
function firstOfEachMessage(events: readonly NormalizedEvent[]): NormalizedEvent[] {
  const seen = new Set<string>()
  const kept: NormalizedEvent[] = []
  for (const event of events) {
    if (seen.has(event.messageId)) continue
    seen.add(event.messageId)
    kept.push(event)
  }
  return kept
}

const userLink = (userId: string) => `u:${userId}`
const anonymousLink = (anonymousId: string) => `a:${anonymousId}`

/**
 * An event's account is its own `context.groupId` (or the group call's id), else the last group
 * its user (or anonymous id) joined, earlier in this batch or before it (`group_links`).
 */
async function resolveAccounts(tx: SqlExecutor, ordered: readonly NormalizedEvent[]): Promise<Map<NormalizedEvent, string | null>> {
  const wanted = new Set<string>()
  for (const event of ordered) {
    if (event.groupId !== null) continue
    if (event.userId !== null) wanted.add(userLink(event.userId))
    if (event.anonymousId !== null) wanted.add(anonymousLink(event.anonymousId))
  }
  const current = new Map<string, string>()
  // The usual batch names its account in every event and needs no look-up at all.
  if (wanted.size > 0) {
    const rows = await tx.query<{ id: string; account_id: string }>('SELECT id, account_id FROM group_links WHERE id = ANY($1)', [[...wanted]])
    for (const row of rows) current.set(row.id, row.account_id)
  }
  const accountOf = new Map<NormalizedEvent, string | null>()
  for (const event of ordered) {
    const user = event.userId === null ? null : userLink(event.userId)
    const anonymous = event.anonymousId === null ? null : anonymousLink(event.anonymousId)
    if (event.type === 'group' && event.groupId !== null) {
      if (user) current.set(user, event.groupId)
      if (anonymous) current.set(anonymous, event.groupId)
    }
    accountOf.set(event, event.groupId ?? (user && current.get(user)) ?? (anonymous && current.get(anonymous)) ?? null)
  }
  return accountOf
}

async function insertEvents(
  tx: SqlExecutor,
  ordered: readonly NormalizedEvent[],
  accountOf: Map<NormalizedEvent, string | null>,
  dialect: SqlClient['dialect'],
): Promise<{ inserted: number; groups: string[]; transaction: number }> {
  // One statement for the whole batch: the rows travel as one JSON parameter, the payload spliced
  // in as already-serialised JSON, encoded to UTF-8 once (natively) and sent as bytes. It beat
  // unnest() and COPY on PGlite, where this statement is the bottleneck (test/bench/RESULTS.md).
  // PGlite parses it fastest as jsonb (the payload is then not parsed twice), PostgreSQL as json.
  const recordset = dialect === 'pglite' ? 'jsonb_to_recordset($1::jsonb)' : 'json_to_recordset($1::json)'
  let rows = '['
  for (let i = 0; i < ordered.length; i++) {
    const event = ordered[i]!
    if (i > 0) rows += ','
    rows +=
      `{"m":${JSON.stringify(event.messageId)},"t":"${event.type}","e":${json(event.event)},"n":${json(event.name)}` +
      `,"u":${json(event.userId)},"a":${json(event.anonymousId)},"g":${json(accountOf.get(event) ?? null)}` +
      `,"ts":"${event.timestamp.toISOString()}","ot":${jsonDate(event.originalTimestamp)},"sa":${jsonDate(event.sentAt)}` +
      `,"ra":"${event.receivedAt.toISOString()}","p":${event.payloadJson}}`
  }
  rows += ']'
  // One row back, not one per event: how many were new, and which group calls (for group_links).
  const [result] = await tx.query<{ inserted: number; groups: string[] | null; transaction: number | string }>(
    `WITH inserted AS (
       INSERT INTO events (message_id, type, event, name, user_id, anonymous_id, account_id,
         "timestamp", original_timestamp, sent_at, received_at, payload)
       SELECT m, t, e, n, u, a, g, ts, ot, sa, ra, p
       FROM ${recordset} AS r(m text, t text, e text, n text, u text, a text, g text,
         ts timestamptz, ot timestamptz, sa timestamptz, ra timestamptz, p jsonb)
       -- No conflict target: today the primary key is the messageId; a log partitioned by time
       -- deduplicates through a message_ids table instead, and this statement works on both.
       ON CONFLICT DO NOTHING
       RETURNING message_id, type)
     SELECT count(*)::int AS inserted, array_agg(message_id) FILTER (WHERE type = 'group') AS groups,
       pg_current_xact_id()::text::int8 AS transaction FROM inserted`,
    [Buffer.from(rows)],
  )
  return { inserted: Number(result?.inserted ?? 0), groups: result?.groups ?? [], transaction: Number(result?.transaction ?? 0) }
}

/** Remembers the account of each user and anonymous id whose new group call this batch stored. */
async function linkGroups(tx: SqlExecutor, ordered: readonly NormalizedEvent[], groups: readonly string[]): Promise<void> {
  const stored = new Set(groups)
  const links = new Map<string, string>()
  for (const event of ordered) {
    if (event.type !== 'group' || event.groupId === null || !stored.has(event.messageId)) continue
    if (event.userId !== null) links.set(userLink(event.userId), event.groupId)
    if (event.anonymousId !== null) links.set(anonymousLink(event.anonymousId), event.groupId)
  }
  if (links.size === 0) return
  // In key order, so that concurrent transactions lock the rows in one order and cannot deadlock.
  const sorted = [...links].sort(([a], [b]) => compare(a, b))
  await tx.query(
    `INSERT INTO group_links (id, account_id) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id`,
    [sorted.map(([id]) => id), sorted.map(([, account]) => account)],
  )
}

/** Byte order of two keys, the order rows are written in. */
export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const json = (value: string | null) => (value === null ? 'null' : JSON.stringify(value))
const jsonDate = (value: Date | null) => (value === null ? 'null' : `"${value.toISOString()}"`)
