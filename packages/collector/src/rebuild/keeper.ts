import type { FoldPolicy } from '../rollup/policy'
import { continueRebuild, readRollupZone, startRebuild, type RollupZone } from '../store/rebuild'
import type { SqlClient } from '../store/sql'
import type { FoldOutcome } from '../store/store'
import { percent, RollupsRebuildingError, TimeZoneMismatchError } from './errors'

/** Options of {@link createZoneKeeper}. */
export interface ZoneKeeperOptions {
  sql: SqlClient
  /** The workspace time zone (`GOYO_TIMEZONE`), already checked (`checkTimeZone`). */
  timeZone: string
  /** The ordinary fold (`store.fold` with the content's policy). */
  fold(): Promise<FoldOutcome>
  /** The content's fold policy, for the rebuild's own folds. */
  policy(): FoldPolicy
  /** Every account, once a rebuild is over: the engine evaluates them again on the new days. */
  onRebuilt?(accounts: string[]): void
  log?(message: string, error?: unknown): void
  /** Events per rebuild transaction; tests make it small to watch progress. */
  chunkEvents?: number
}

/** Keeps the rollups in the workspace time zone, and says when they cannot be read. */
export interface ZoneKeeper {
  /** Rebuilds (or joins the rebuild of) rollups cut in another zone; once per process, retried after a failure. */
  start(): Promise<void>
  /** The fold worker's fold: the ordinary fold, or nothing while a rebuild folds the log. */
  fold(): Promise<FoldOutcome>
  /**
   * Resolves when the rollups can be read: throws `RollupsRebuildingError` while they are being
   * rebuilt and `TimeZoneMismatchError` when they are cut in another zone than this collector's.
   */
  ready(): Promise<void>
  /** Whether the engine must wait: a rebuild is under way (or the zone is not known yet). */
  readonly paused: boolean
  /** Stops after the chunk in progress; the next start resumes the rebuild. */
  stop(): Promise<void>
}

const NOTHING: FoldOutcome = { folded: 0, accounts: [] }

/**
 * The collector's side of the workspace time zone. On start it compares the zone the rollups were
 * built with (stored with them) to `GOYO_TIMEZONE`; when they differ it empties the rollups and
 * folds the whole log again in the new zone (store/rebuild.ts), in the background, while ingest
 * goes on. Meanwhile every reader (reports, accounts, content, the dashboard) is refused with
 * "rebuilding: 42 %" rather than answered from half-built tables, and the engine waits, so no
 * playbook fires on half the history. Replicas: the first to start resets, the others join; every
 * replica that sees a rebuild in the store answers "rebuilding" and folds chunks of it.
 *
 * @example
 * const keeper = createZoneKeeper({ sql: store.sql, timeZone: 'Asia/Tokyo', fold: () => store.fold(policy), policy: () => policy })
 * await keeper.start()
 * await keeper.ready() // throws RollupsRebuildingError until the rebuild is over
 */
export function createZoneKeeper(options: ZoneKeeperOptions): ZoneKeeper {
  const { sql, timeZone } = options
  const log = options.log ?? ((message, error) => console.error(JSON.stringify({ time: new Date().toISOString(), rebuild: message, error: (error as Error | undefined)?.message })))
  let state: RollupZone | null = null
  let started: Promise<void> | null = null
  let loop: Promise<void> | null = null
  let stopped = false

  const runLoop = () => {
    if (loop || stopped) return
    let logged = -1
    loop = (async () => {
      await continueRebuild(sql, options.policy(), {
        chunkEvents: options.chunkEvents,
        stopped: () => stopped,
        onProgress: (progress) => {
          state = { timeZone: progress.timeZone, rebuild: progress }
          // A line per tenth in the log: enough to follow, not one per chunk.
          const tenth = Math.floor(percent(progress) / 10)
          if (tenth > logged) log(`rebuilding the rollups for ${progress.timeZone}: ${percent(progress)} % (${progress.folded} of ${progress.total} events)`)
          logged = tenth
        },
      })
      state = await readRollupZone(sql)
      if (state.rebuild || stopped) return
      log(`rollups rebuilt for ${state.timeZone}`)
      const accounts = await sql.query<{ account_id: string }>('SELECT account_id FROM accounts')
      options.onRebuilt?.(accounts.map((row) => row.account_id))
    })()
      // The worker's next fold starts it again (the store went away, a replica reset meanwhile).
      .catch((error: unknown) => log('the rebuild stopped; it resumes on the next fold', error))
      .finally(() => (loop = null))
  }

  const start = (): Promise<void> =>
    (started ??= (async () => {
      state = await startRebuild(sql, timeZone)
      if (state.rebuild) {
        log(`the rollups are cut in ${state.rebuild.previousTimeZone}, GOYO_TIMEZONE is ${timeZone}: rebuilding them from ${state.rebuild.total} events; reports answer 503 until it is done`)
        runLoop()
      }
    })().catch((error: unknown) => {
      started = null
      throw error
    }))

  return {
    start,
    async fold() {
      await start()
      // Another replica may have begun a rebuild (its start, or `goyo-collector rebuild`): this
      // one then folds it chunk by chunk with progress (runLoop), not in one ordinary fold that
      // a reader would wait for, and answers "rebuilding" meanwhile.
      state = await readRollupZone(sql)
      if (state.rebuild) return runLoop(), NOTHING
      const outcome = await options.fold()
      // One begun during this fold: what it touched is half of a rebuild, not for the engine. A
      // fold that found nothing touched nothing; the next one's first read will see it.
      if (outcome.folded === 0) return outcome
      state = await readRollupZone(sql)
      if (state.rebuild) return runLoop(), { folded: outcome.folded, accounts: [] }
      return outcome
    },
    async ready() {
      await start()
      if (state!.rebuild) throw new RollupsRebuildingError(state!.rebuild)
      if (state!.timeZone !== timeZone) throw new TimeZoneMismatchError(state!.timeZone, timeZone)
    },
    get paused() {
      return state === null || state.rebuild !== null
    },
    async stop() {
      stopped = true
      await loop
    },
  }
}
