import type { ContentSource } from '../content/source'
import type { SqlClient } from '../store/sql'
import { refreshUsageSets } from '../store/usage-sets'
import { evaluateAccount, type Evaluation } from './engine'
import { deliverDueWebhooks } from './webhooks'

/** Options of {@link createEngine}. */
export interface EngineOptions {
  sql: SqlClient
  content: ContentSource
  secretKey: string
  now?: () => Date
  /** How long after an event its account is evaluated, at most (ms). Default 5,000; the contract is 30 s. */
  debounceMs?: number
  /** How often due webhooks are looked for (ms). Default 1,000. */
  webhookIntervalMs?: number
  /** How often the daily pass checks whether a new day began (ms). Default one hour. */
  dailyCheckMs?: number
  fetch?: typeof fetch
  log?: (message: string, error?: unknown) => void
  /** How often the embedded store's planner statistics are refreshed after ingest (ms). Default 10 minutes. */
  analyzeIntervalMs?: number
  /** Start the timers. Default true; tests drive the engine by hand. */
  autoStart?: boolean
  /**
   * While true, nothing is evaluated: the rollups are being rebuilt (a new `GOYO_TIMEZONE`), and
   * half of a history would move bands and fire playbooks. Dirty accounts wait for the end.
   */
  paused?(): boolean
}

/** The customer-success engine as it runs inside a collector. */
export interface Engine {
  /** Accounts that received events; they are evaluated within `debounceMs`. */
  markDirty(accountIds: Iterable<string>): void
  /** Evaluates the dirty accounts now. */
  flush(): Promise<Evaluation[]>
  /** Evaluates one account now. */
  evaluate(accountId: string): Promise<Evaluation | null>
  /** Evaluates every account, prunes snapshots older than 90 days and brings the report bitmaps up to date. */
  dailyPass(): Promise<number>
  /** Delivers the webhooks that are due. */
  deliverWebhooks(): Promise<number>
  stop(): Promise<void>
}

const SNAPSHOT_DAYS = 90
const PAGE = 500

/**
 * Runs evaluations off the request path: accounts touched by ingest are evaluated after a short
 * debounce (one evaluation for a burst of events), every account once a day, and the webhook
 * outbox is drained continuously. Errors are logged and retried on the next round, never thrown.
 */
export function createEngine(options: EngineOptions): Engine {
  const now = options.now ?? (() => new Date())
  const log = options.log ?? ((message, error) => console.error(JSON.stringify({ time: new Date().toISOString(), engine: message, error: (error as Error | undefined)?.message })))
  const dirty = new Set<string>()
  const timers: Array<ReturnType<typeof setInterval>> = []
  let flushTimer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  let ingestedSinceAnalyze = false

  // PostgreSQL's autovacuum keeps planner statistics fresh; the embedded store has no background
  // workers, so without this its plans degrade to nested loops as tables grow (a report measured
  // 1.1 s before ANALYZE and 0.13 s after, on the demo history).
  const analyze = async () => {
    if (options.sql.dialect !== 'pglite') return
    ingestedSinceAnalyze = false
    await options.sql.exec('ANALYZE')
    // BRIN ranges are summarised by autovacuum on PostgreSQL; here, by hand (usage-sets.ts reads by day).
    await options.sql.query("SELECT brin_summarize_new_values('usage_daily_day')")
  }

  // One thing at a time: evaluations, the daily pass and deliveries are serialised per process.
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = running.then(work, work)
    running = next.catch(() => {})
    return next
  }

  const evaluate = (accountId: string) => evaluateAccount(options.sql, options.content.current(), accountId, now())

  const paused = () => options.paused?.() === true

  const flush = () =>
    serial(async () => {
      if (paused()) return []
      const ids = [...dirty]
      dirty.clear()
      const results: Evaluation[] = []
      for (const id of ids) {
        try {
          const result = await evaluate(id)
          if (result) results.push(result)
        } catch (error) {
          dirty.add(id)
          log(`evaluation of ${id} failed; retrying on the next round`, error)
        }
      }
      // Keeps the report bitmaps warm, so a dashboard rarely waits for a rebuild.
      await refreshUsageSets(options.sql).catch((error) => log('refreshing the report bitmaps failed; reports will retry', error))
      return results
    })

  const dailyPass = () =>
    serial(async () => {
      if (paused()) return 0
      let count = 0
      let after = ''
      for (;;) {
        const rows = await options.sql.query<{ account_id: string }>(
          'SELECT account_id FROM accounts WHERE account_id > $1 ORDER BY account_id LIMIT $2',
          [after, PAGE],
        )
        for (const { account_id } of rows) {
          try {
            if (await evaluate(account_id)) count++
          } catch (error) {
            log(`daily evaluation of ${account_id} failed`, error)
          }
        }
        if (rows.length < PAGE) break
        after = rows.at(-1)!.account_id
      }
      const cutoff = new Date(now().getTime() - SNAPSHOT_DAYS * 86_400_000).toISOString().slice(0, 10)
      await options.sql.query('DELETE FROM health_snapshots WHERE day < $1', [cutoff])
      await analyze()
      await refreshUsageSets(options.sql)
      await options.sql.query(
        `INSERT INTO goyo_settings (key, value) VALUES ('engine_daily_pass', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [now().toISOString().slice(0, 10)],
      )
      return count
    })

  const deliverWebhooks = () =>
    deliverDueWebhooks({ sql: options.sql, secretKey: options.secretKey, now, fetch: options.fetch }).catch((error) => {
      log('webhook delivery failed; retrying', error)
      return 0
    })

  const maybeDailyPass = async () => {
    const [row] = await options.sql.query<{ value: string }>("SELECT value FROM goyo_settings WHERE key = 'engine_daily_pass'")
    if (row?.value !== now().toISOString().slice(0, 10)) await dailyPass()
  }

  if (options.autoStart !== false) {
    let delivering = false
    timers.push(setInterval(() => {
      if (delivering || stopped) return
      delivering = true
      void deliverWebhooks().finally(() => (delivering = false))
    }, options.webhookIntervalMs ?? 1000))
    timers.push(setInterval(() => void maybeDailyPass().catch((error) => log('daily pass failed', error)), options.dailyCheckMs ?? 3_600_000))
    timers.push(setInterval(() => {
      if (ingestedSinceAnalyze && !stopped) void serial(analyze).catch((error) => log('ANALYZE failed', error))
    }, options.analyzeIntervalMs ?? 600_000))
    // The first daily check waits a little so that start-up stays fast. Before it, the report
    // bitmaps of days marked while no collector ran (or the whole history, after the upgrade that
    // added them) are built, so the first report does not have to.
    timers.push(setTimeout(() => {
      void serial(() => refreshUsageSets(options.sql))
        .catch((error) => log('refreshing the report bitmaps failed; reports will retry', error))
        .then(() => maybeDailyPass())
        .catch((error) => log('daily pass failed', error))
    }, 10_000) as unknown as ReturnType<typeof setInterval>)
    for (const timer of timers) (timer as { unref?: () => void }).unref?.()
  }

  return {
    markDirty(accountIds) {
      ingestedSinceAnalyze = true
      for (const id of accountIds) dirty.add(id)
      if (dirty.size === 0 || flushTimer || stopped || options.autoStart === false) return
      flushTimer = setTimeout(() => {
        flushTimer = undefined
        void flush()
      }, options.debounceMs ?? 5000)
      ;(flushTimer as { unref?: () => void }).unref?.()
    },
    flush,
    evaluate: (accountId) => serial(() => evaluate(accountId)),
    dailyPass,
    deliverWebhooks,
    async stop() {
      stopped = true
      clearTimeout(flushTimer)
      for (const timer of timers) clearInterval(timer)
      await running
    },
  }
}
