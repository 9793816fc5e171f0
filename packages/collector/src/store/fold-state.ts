import type { SqlExecutor } from './sql'

/**
 * Which transactions the fold has applied (migration 007): every one below `below`, plus those in
 * `above`. Events carry the id of the transaction that stored them (`events.xid`).
 *
 * Why this is exactly once. Transaction ids are handed out in order but committed in any order,
 * so "fold everything after the last id folded" would skip an event whose transaction took its id
 * early and committed late. Instead each fold, holding the one `fold_state` row locked:
 * 1. reads `X = pg_snapshot_xmin(pg_current_snapshot())`: every transaction below X has ended,
 *    committed or not, and none will ever store another event;
 * 2. reads, in a later snapshot, every visible event whose transaction is `>= below` and not in
 *    `above`. That is every committed event not folded yet: below X all have ended and are
 *    visible; at or above X, those that committed are visible and those still running are not
 *    (they are folded by a later fold, as their ids are not recorded);
 * 3. applies them, and records `below = X` and `above = ` the folded ids `>= X`, in the same
 *    transaction as the rollup writes, so a fold that fails changes neither.
 * A transaction's events become visible all at once, so a transaction is folded whole or not at
 * all. Replicas take turns on the row lock; each sees what the previous one recorded.
 */
export interface FoldState {
  below: number
  above: number[]
}

/**
 * The settings row that holds the time zone the rollups' days are cut in (absent: UTC, as before
 * `GOYO_TIMEZONE`). Read under the fold's lock and changed only under it (store/rebuild.ts), so
 * every fold of one set of rollups, on any replica or from the command line, cuts days alike.
 */
export const ROLLUP_ZONE_SETTING = 'rollups_time_zone'

/**
 * Locks the fold's state for this transaction; a fold in another session waits for it. Returns
 * the state, and the time zone of the rollups.
 */
export async function lockFoldState(tx: SqlExecutor): Promise<FoldState & { snapshotXmin: number; own: number; timeZone: string }> {
  // The row goes missing only when a test empties every table; 0 then folds everything there is.
  await tx.query('INSERT INTO fold_state (id, below) VALUES (1, 0) ON CONFLICT (id) DO NOTHING')
  const [state] = await tx.query<{ below: number | string; above: Array<number | string> | string }>(
    'SELECT below, above FROM fold_state WHERE id = 1 FOR UPDATE',
  )
  // After the lock: a fold that held it committed before this snapshot, so X is at least its X.
  const [now] = await tx.query<{ snapshot_xmin: number | string; own: number | string; time_zone: string | null }>(
    `SELECT pg_snapshot_xmin(pg_current_snapshot())::text::int8 AS snapshot_xmin, pg_current_xact_id()::text::int8 AS own,
       (SELECT value FROM goyo_settings WHERE key = $1) AS time_zone`,
    [ROLLUP_ZONE_SETTING],
  )
  return {
    below: Number(state!.below), above: bigints(state!.above), snapshotXmin: Number(now!.snapshot_xmin), own: Number(now!.own),
    timeZone: now!.time_zone ?? 'UTC',
  }
}

/**
 * The state after a fold read the transactions `folded` (its own included). `cut`, when the
 * fold stopped early, is the lowest transaction it saw but left for the next fold.
 */
export function nextFoldState(state: FoldState, snapshotXmin: number, folded: Iterable<number>, cut: number | null): FoldState {
  const below = Math.max(state.below, cut === null ? snapshotXmin : Math.min(snapshotXmin, cut))
  const above = new Set<number>()
  for (const id of [...state.above, ...folded]) if (id >= below) above.add(id)
  return { below, above: [...above].sort((a, b) => a - b) }
}

export async function saveFoldState(tx: SqlExecutor, state: FoldState): Promise<void> {
  await tx.query('UPDATE fold_state SET below = $1, above = $2::int8[] WHERE id = 1', [state.below, state.above])
}

/** int8[] comes back as numbers, strings or PostgreSQL's array text, depending on the driver. */
function bigints(value: Array<number | string> | string): number[] {
  if (Array.isArray(value)) return value.map(Number)
  const inner = value.replace(/^\{|\}$/g, '')
  return inner === '' ? [] : inner.split(',').map(Number)
}
