import type { LoggedEvent } from '../rollup/event'
import { trustedEvent } from '../rollup/trusted-event'
import { identityLinks, personKey, type IdentityLink } from '../rollup/identity'
import type { FoldPolicy } from '../rollup/policy'
import { summarize } from '../rollup/summarize'
import { appendToLog } from './append'
import { deriveConversions } from './conversions'
import { lockFoldState, nextFoldState, saveFoldState, type FoldState } from './fold-state'
import { readTail, type RecentAppends } from './fold-tail'
import { mergeLinkedVisitors } from './identity-merge'
import { refreshLogStatistics, summarizeNewLogRanges } from './log-upkeep'
import { applyOneAction } from './one-action'
import { retractUses, writeIdentities, writeRollups } from './rollup-writes'
import type { SqlClient, SqlExecutor } from './sql'
import type { FoldOutcome } from './store'
import { markUsageChanged } from './usage-sets'

/**
 * Events per fold transaction. Large enough that many requests' events coalesce into one row
 * update per user, day and thing done; small enough that a fold of a long backlog (after an
 * outage, or a bulk import) commits every few seconds and keeps its memory bounded.
 */
export const FOLD_CHUNK_EVENTS = 10_000

/**
 * Folds every committed event not folded yet into the rollups, a chunk per transaction, until
 * none is left. Exactly once, also with replicas folding at the same time (see fold-state.ts).
 */
export async function foldPending(
  sql: SqlClient,
  policy: FoldPolicy,
  options: { chunkEvents?: number; recent?: RecentAppends } = {},
): Promise<FoldOutcome> {
  const chunkEvents = options.chunkEvents ?? FOLD_CHUNK_EVENTS
  await refreshLogStatistics(sql)
  if (!(await hasUnfolded(sql))) return { folded: 0, accounts: [] }
  await summarizeNewLogRanges(sql)
  let folded = 0
  const accounts = new Set<string>()
  for (;;) {
    const chunk = await sql.transaction((tx) => foldChunk(tx, policy, chunkEvents, { recent: options.recent, dialect: sql.dialect }))
    folded += chunk.folded
    for (const account of chunk.accounts) accounts.add(account)
    if (!chunk.more) return { folded, accounts: [...accounts] }
  }
}

/**
 * Whether any committed event waits for a fold: when it says no, every event committed before it
 * began is folded, and a reader needs no fold (and no write) at all.
 *
 * The state is read first, the events in a later snapshot: a fold that commits in between can
 * only make it say yes for events already folded (one fold with nothing to do), never no for an
 * event not folded. The watermark goes in as a parameter, so the planner sees how few rows are
 * past it and reads them through the xid index (see log-upkeep.ts), not the whole log.
 */
export async function hasUnfolded(sql: SqlExecutor): Promise<boolean> {
  const [state] = await sql.query<{ below: number | string; above: Array<number | string> | string }>(
    'SELECT below, above FROM fold_state WHERE id = 1',
  )
  const [row] = await sql.query<{ pending: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM events WHERE xid >= $1 AND NOT (xid = ANY($2::int8[]))) AS pending',
    [state ? Number(state.below) : 0, state ? state.above : []],
  )
  return row?.pending === true
}

/** One fold transaction: at most about `chunkEvents` events, whole transactions only. */
export async function foldChunk(
  tx: SqlExecutor,
  policy: FoldPolicy,
  chunkEvents: number,
  options: { recent?: RecentAppends; dialect?: SqlClient['dialect'] } = {},
): Promise<FoldOutcome & { more: boolean }> {
  const state = await lockFoldState(tx)
  const dialect = options.dialect ?? 'postgres'
  const tail = await readTail(tx, state, chunkEvents, options.recent)
  // Read back from the log, an event still holds what the trust policy keeps out of rollups.
  const events = tail.events.map(trustedEvent).sort(byTime)
  const outcome = events.length > 0 ? await applyEvents(tx, events, state, policy, dialect) : { accounts: [], stored: false }
  // When the fold stored derived conversions (already applied), its own transaction counts as
  // folded. A fold that found nothing leaves the row alone: nothing it could record would change
  // what comes next.
  if (events.length > 0 || state.above.length > 0) {
    const folded = outcome.stored ? [...tail.transactions, state.own] : tail.transactions
    await saveFoldState(tx, nextFoldState(state, state.snapshotXmin, folded, tail.cut))
  }
  return { folded: events.length, accounts: outcome.accounts, more: tail.cut !== null }
}

async function applyEvents(
  tx: SqlExecutor,
  events: LoggedEvent[],
  state: FoldState & { timeZone: string },
  policy: FoldPolicy,
  dialect: SqlClient['dialect'],
): Promise<{ accounts: string[]; stored: boolean }> {
  const { linked, fresh } = await identityMap(tx, events)
  const person = (event: Pick<LoggedEvent, 'userId' | 'anonymousId'>) => personKey(event, (id) => linked.get(id))
  const { absorbed, retractions } = await applyOneAction(tx, events, state, policy.featureEvents, person, state.timeZone)
  const rollups = summarize(events, { person, absorbed, timeZone: state.timeZone })
  await writeIdentities(tx, rollups)
  await writeRollups(tx, rollups)
  const days = new Set(rollups.days)
  for (const day of await mergeLinkedVisitors(tx, fresh)) days.add(day)
  await retractUses(tx, retractions)
  for (const retraction of retractions) days.add(retraction.day)
  const accounts = new Set(rollups.accounts.keys())

  let stored = false
  if (policy.conversions.length > 0) {
    const derived = await deriveConversions(tx, events, policy.conversions, person)
    if (derived.length > 0) {
      stored = true
      // Stored in this transaction and folded here at once; they derive nothing themselves.
      await appendToLog(tx, derived, dialect)
      const logged = derived.map((event): LoggedEvent => ({ ...event, accountId: event.groupId }))
      const more = summarize(logged, { person, absorbed: new Set(), timeZone: state.timeZone })
      await writeIdentities(tx, more)
      await writeRollups(tx, more)
      for (const day of more.days) days.add(day)
    }
  }
  // Last, so the lock on the changed-day rows is held only until commit (see usage-sets.ts).
  await markUsageChanged(tx, days)
  return { accounts: [...accounts], stored }
}

/**
 * Each anonymous id of the fold and the user it is linked to, before the fold and including the
 * links the fold makes (the newest link of an id wins); `fresh` are the links that are new.
 */
async function identityMap(tx: SqlExecutor, events: readonly LoggedEvent[]) {
  const ids = new Set<string>()
  for (const event of events) {
    if (event.anonymousId !== null) ids.add(event.anonymousId)
    for (const link of identityLinks(event)) ids.add(link.anonymousId)
  }
  const linked = new Map<string, string>()
  if (ids.size > 0) {
    const rows = await tx.query<{ anonymous_id: string; user_id: string }>(
      'SELECT anonymous_id, user_id FROM identities WHERE anonymous_id = ANY($1) AND user_id IS NOT NULL',
      [[...ids]],
    )
    for (const row of rows) linked.set(row.anonymous_id, row.user_id)
  }
  const made = new Map<string, string>()
  for (const event of events) for (const link of identityLinks(event)) made.set(link.anonymousId, link.userId)
  const fresh: IdentityLink[] = []
  for (const [anonymousId, userId] of made) {
    if (linked.get(anonymousId) !== userId) fresh.push({ anonymousId, userId })
    linked.set(anonymousId, userId)
  }
  return { linked, fresh }
}

const byTime = (a: LoggedEvent, b: LoggedEvent) => a.timestamp.getTime() - b.timestamp.getTime() || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)
