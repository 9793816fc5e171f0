import type { FoldPolicy } from '../rollup/policy'
import { foldChunk, FOLD_CHUNK_EVENTS } from './fold'
import { lockFoldState, ROLLUP_ZONE_SETTING } from './fold-state'
import type { SqlClient, SqlExecutor } from './sql'
import type { FoldOutcome } from './store'

/** Every table the fold writes, as opposed to the log and the engine's own state. */
const FOLDED_TABLES = [
  'users', 'identities', 'accounts', 'account_users', 'usage_daily', 'user_firsts', 'account_days',
  'account_revenue_history', 'prompt_conversions', 'usage_sets', 'usage_changed_days',
]

/** The settings row present while a rebuild runs: its {@link RebuildProgress}, as JSON. */
export const REBUILD_SETTING = 'rollups_rebuild'

/** A rebuild in progress, as stored with the rollups (any replica can read and continue it). */
export interface RebuildProgress {
  /** The zone the rollups are being rebuilt in. */
  timeZone: string
  /** The zone they were in before. */
  previousTimeZone: string
  /** Events in the log when it began, and how many of them have been folded again. */
  total: number
  folded: number
  startedAt: string
}

/** The time zone the rollups are cut in, and the rebuild that is bringing them into it, if any. */
export interface RollupZone {
  timeZone: string
  rebuild: RebuildProgress | null
}

/**
 * Reads the rollups' zone and any rebuild in progress (one indexed read of two settings rows).
 * Absent settings mean UTC: rollups written before `GOYO_TIMEZONE` existed.
 */
export async function readRollupZone(sql: SqlExecutor): Promise<RollupZone> {
  const rows = await sql.query<{ key: string; value: string }>('SELECT key, value FROM goyo_settings WHERE key = ANY($1::text[])', [[ROLLUP_ZONE_SETTING, REBUILD_SETTING]])
  const value = (key: string) => rows.find((row) => row.key === key)?.value
  const rebuild = value(REBUILD_SETTING)
  return { timeZone: value(ROLLUP_ZONE_SETTING) ?? 'UTC', rebuild: rebuild === undefined ? null : (JSON.parse(rebuild) as RebuildProgress) }
}

const putSetting = (tx: SqlExecutor, key: string, value: string) =>
  tx.query('INSERT INTO goyo_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value])

/**
 * Brings the rollups to `timeZone`: when they are cut in another zone (or `force`, to repair
 * them), empties every rollup, records the new zone and a rebuild in progress, and leaves the
 * folding to {@link continueRebuild}. One transaction under the fold's lock, which every fold and
 * every other replica's start takes too: of replicas that start together, the first one resets
 * and the others find the rebuild begun and join it, so the log is folded again once. A rebuild
 * already under way for the same zone is resumed, not restarted (a crash loses no work).
 *
 * The log, the engine's state and its timeline entries stay; the conversions the fold derived
 * are derived again. An empty log needs no rebuild: the zone is recorded and that is all.
 */
export async function startRebuild(sql: SqlClient, timeZone: string, options: { force?: boolean; now?: Date } = {}): Promise<RollupZone> {
  return sql.transaction(async (tx) => {
    const { timeZone: current } = await lockFoldState(tx)
    const { rebuild } = await readRollupZone(tx)
    if (rebuild?.timeZone === timeZone) return { timeZone, rebuild }
    if (!rebuild && current === timeZone && !options.force) return { timeZone, rebuild: null }
    // Events stored before migration 007 have no transaction id: they are numbered in storage
    // order below every real id, so the fold reads them first and in chunks.
    await tx.query('UPDATE events SET xid = seq - (SELECT max(seq) FROM events) - 1 WHERE xid IS NULL')
    await tx.query(`DELETE FROM events WHERE message_id LIKE 'conv:%' AND payload->'context'->'library'->>'name' = 'goyo-collector'`)
    await tx.exec(`TRUNCATE ${FOLDED_TABLES.join(', ')}`)
    // The engine's entries (tiers, bands, playbooks) have no messageId and stay.
    await tx.query('DELETE FROM timeline WHERE message_id IS NOT NULL')
    await tx.query(`UPDATE fold_state SET below = (SELECT coalesce(min(xid), 0) FROM events), above = '{}' WHERE id = 1`)
    await putSetting(tx, ROLLUP_ZONE_SETTING, timeZone)
    const [{ total } = { total: 0 }] = await tx.query<{ total: number | string }>('SELECT count(*)::int8 AS total FROM events')
    if (Number(total) === 0) {
      await tx.query('DELETE FROM goyo_settings WHERE key = $1', [REBUILD_SETTING])
      return { timeZone, rebuild: null }
    }
    const progress: RebuildProgress = {
      timeZone, previousTimeZone: rebuild?.previousTimeZone ?? current, total: Number(total), folded: 0,
      startedAt: (options.now ?? new Date()).toISOString(),
    }
    await putSetting(tx, REBUILD_SETTING, JSON.stringify(progress))
    return { timeZone, rebuild: progress }
  })
}

/**
 * Folds the log into the emptied rollups, chunk by chunk, until it has caught up: then the
 * rebuild's row goes, in the transaction of the last chunk. Each chunk counts its events into the
 * stored progress in its own transaction, so whoever folds a chunk (this process, another
 * replica, the command line) moves the same figure. Chunks take the fold's lock: replicas that
 * all run this share the work, never repeat it. Without a rebuild in progress it is an ordinary
 * fold.
 * @returns what was folded, and the accounts touched (every account, for a whole rebuild).
 */
export async function continueRebuild(
  sql: SqlClient,
  policy: FoldPolicy,
  options: { chunkEvents?: number; onProgress?(progress: RebuildProgress, finished: boolean): void; stopped?(): boolean } = {},
): Promise<FoldOutcome> {
  const accounts = new Set<string>()
  let folded = 0
  for (;;) {
    // Stopping between chunks loses nothing: the next start resumes where this one left off.
    if (options.stopped?.()) return { folded, accounts: [...accounts] }
    const chunk = await sql.transaction(async (tx) => {
      const outcome = await foldChunk(tx, policy, options.chunkEvents ?? FOLD_CHUNK_EVENTS)
      const { rebuild } = await readRollupZone(tx)
      if (!rebuild) return { ...outcome, progress: null }
      const progress = { ...rebuild, folded: rebuild.folded + outcome.folded }
      if (outcome.more) await putSetting(tx, REBUILD_SETTING, JSON.stringify(progress))
      else await tx.query('DELETE FROM goyo_settings WHERE key = $1', [REBUILD_SETTING])
      return { ...outcome, progress }
    })
    folded += chunk.folded
    for (const account of chunk.accounts) accounts.add(account)
    if (chunk.progress) options.onProgress?.(chunk.progress, !chunk.more)
    if (!chunk.more || !chunk.progress) return { folded, accounts: [...accounts] }
  }
}

/**
 * Empties every rollup and folds the whole log again, in `timeZone`: for a new day cut (a
 * `GOYO_TIMEZONE`), a changed one-action rule, or rollups repaired after a bug. Reports answer
 * 503 "rebuilding" meanwhile (rebuild/keeper.ts).
 * @internal
 */
export async function rebuildRollups(
  sql: SqlClient,
  policy: FoldPolicy,
  timeZone: string,
  options: { chunkEvents?: number; onProgress?(progress: RebuildProgress, finished: boolean): void } = {},
): Promise<FoldOutcome> {
  const { rebuild } = await startRebuild(sql, timeZone, { force: true })
  if (rebuild) options.onProgress?.(rebuild, false)
  return continueRebuild(sql, policy, options)
}

/** The share of a rebuild done, from 0 to 1 (events stored during it can push `folded` past `total`). */
export const rebuildShare = (progress: RebuildProgress) => (progress.total === 0 ? 1 : Math.min(1, progress.folded / progress.total))
