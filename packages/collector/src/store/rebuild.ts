import type { FoldPolicy } from '../rollup/policy'
import { foldPending } from './fold'
import { lockFoldState } from './fold-state'
import type { SqlClient } from './sql'
import type { FoldOutcome } from './store'

/** Every table the fold writes, as opposed to the log and the engine's own state. */
const FOLDED_TABLES = [
  'users', 'identities', 'accounts', 'account_users', 'usage_daily', 'user_firsts', 'account_days',
  'account_revenue_history', 'prompt_conversions', 'usage_sets', 'usage_changed_days',
]

/**
 * Empties every rollup and folds the whole log again, with `policy`: for a new day cut (a
 * `GOYO_TIMEZONE`), a changed one-action rule, or rollups repaired after a bug. The log, the
 * engine's state and its timeline entries stay; the conversions the fold derived are derived
 * again. Reports answer from the partial rollups while it runs (each fold commits its chunk).
 * @internal
 */
export async function rebuildRollups(sql: SqlClient, policy: FoldPolicy): Promise<FoldOutcome> {
  await sql.transaction(async (tx) => {
    await lockFoldState(tx)
    // Events stored before migration 007 have no transaction id: they are numbered in storage
    // order below every real id, so the fold reads them first and in chunks.
    await tx.query('UPDATE events SET xid = seq - (SELECT max(seq) FROM events) - 1 WHERE xid IS NULL')
    await tx.query(`DELETE FROM events WHERE message_id LIKE 'conv:%' AND payload->'context'->'library'->>'name' = 'goyo-collector'`)
    await tx.exec(`TRUNCATE ${FOLDED_TABLES.join(', ')}`)
    // The engine's entries (tiers, bands, playbooks) have no messageId and stay.
    await tx.query('DELETE FROM timeline WHERE message_id IS NOT NULL')
    await tx.query(`UPDATE fold_state SET below = (SELECT coalesce(min(xid), 0) FROM events), above = '{}' WHERE id = 1`)
  })
  return foldPending(sql, policy)
}
