import type { LoggedEvent } from '../rollup/event'
import type { FoldState } from './fold-state'
import type { SqlExecutor } from './sql'

/**
 * The events this process appended and no fold has read yet, by transaction id: a fold that
 * finds one of them in the tail with as many events stored as were kept here uses them instead
 * of reading the rows back (the read-back was a sixth of the fold's cost on PGlite).
 */
export type RecentAppends = Map<number, readonly LoggedEvent[]>

/**
 * Events kept in RecentAppends at most: about two seconds of ingest at full speed. When folds
 * fall further behind (an outage, another replica folding), the oldest are dropped and folds read
 * those from the log, which is always right; the collector's memory stays bounded.
 */
export const RECENT_APPENDS_LIMIT = 20_000

/** Keeps a transaction's events for the next fold, dropping the oldest past the limit. */
export function keepRecent(recent: RecentAppends, transaction: number, events: readonly LoggedEvent[]): void {
  recent.set(transaction, events)
  let kept = 0
  for (const held of recent.values()) kept += held.length
  // A Map iterates in insertion order: the oldest transactions go first.
  for (const [oldest, held] of recent) {
    if (kept <= RECENT_APPENDS_LIMIT) break
    recent.delete(oldest)
    kept -= held.length
  }
}

/** A fold's share of the log: whole transactions, in transaction order. */
export interface Tail {
  events: LoggedEvent[]
  /** The transactions whose events are all in `events`. */
  transactions: number[]
  /** The lowest transaction seen but left for the next fold; null when nothing was left. */
  cut: number | null
}

interface TailRow {
  xid: number | string
  message_id: string
  type: LoggedEvent['type']
  event: string | null
  name: string | null
  user_id: string | null
  anonymous_id: string | null
  account_id: string | null
  timestamp: Date | string
  properties: Record<string, unknown> | string | null
  traits: Record<string, unknown> | string | null
  previous_id: string | null
}

/**
 * The committed events not folded yet: transactions in id order until about `limit` events (a
 * transaction is never split). First one narrow pass counts each waiting transaction's events;
 * then only the transactions not in `recent` are read in full.
 */
export async function readTail(tx: SqlExecutor, state: FoldState, limit: number, recent?: RecentAppends): Promise<Tail> {
  const waiting = await tx.query<{ xid: number | string; n: number | string }>(
    `SELECT xid, count(*) AS n FROM events WHERE xid >= $1 AND NOT (xid = ANY($2::int8[])) GROUP BY xid ORDER BY xid`,
    [state.below, state.above],
  )
  const chosen: Array<{ xid: number; n: number }> = []
  let size = 0
  let cut: number | null = null
  for (const row of waiting) {
    const xid = Number(row.xid)
    if (chosen.length > 0 && size + Number(row.n) > limit) {
      cut = xid
      break
    }
    chosen.push({ xid, n: Number(row.n) })
    size += Number(row.n)
  }
  const events: LoggedEvent[] = []
  const unread: number[] = []
  for (const { xid, n } of chosen) {
    const kept = recent?.get(xid)
    if (kept && kept.length === n) events.push(...kept)
    else unread.push(xid)
    recent?.delete(xid)
  }
  if (unread.length > 0) {
    const rows = await tx.query<TailRow>(
      `SELECT xid, message_id, type, event, name, user_id, anonymous_id, account_id, "timestamp",
         payload->'properties' AS properties, payload->'traits' AS traits, payload->>'previousId' AS previous_id
       FROM events WHERE xid BETWEEN $1 AND $2 AND xid = ANY($3::int8[])`,
      [Math.min(...unread), Math.max(...unread), unread],
    )
    events.push(...rows.map(toLogged))
  }
  return { events, transactions: chosen.map((row) => row.xid), cut }
}

function toLogged(row: TailRow): LoggedEvent {
  return {
    messageId: row.message_id,
    type: row.type,
    event: row.event,
    name: row.name,
    userId: row.user_id,
    anonymousId: row.anonymous_id,
    accountId: row.account_id,
    timestamp: new Date(row.timestamp),
    properties: object(row.properties),
    traits: object(row.traits),
    previousId: row.previous_id,
  }
}

/** A JSON object column; drivers hand jsonb back parsed or as text. */
function object(value: Record<string, unknown> | string | null): Record<string, unknown> | null {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null
}
