import { checkTimeZone, DEFAULT_TIME_ZONE } from './calendar/zone'
import { withoutPreviews } from './content/preview'
import { staticContent, type ContentSource } from './content/source'
import { createEngine, type Engine, type EngineOptions } from './cs/scheduler'
import type { AssetSource } from './http/assets'
import type { PublicSource } from './http/public'
import type { Keys } from './http/auth'
import { createApp, type RequestLog } from './http/app'
import { DEFAULT_RATE_LIMIT, type RateLimit } from './http/rate-limit'
import type { ConnectionInfo } from './http/transport'
import { createFoldWorker } from './ingest/fold-worker'
import { createWriteQueue } from './ingest/write-queue'
import { createZoneKeeper } from './rebuild/keeper'
import { foldPolicy } from './rollup/policy'
import type { Store } from './store/store'

/** Options of {@link createCollector}. */
export interface CollectorOptions {
  /** An open, migrated store (see `openStore`). The collector closes it in `close()`. */
  store: Store
  keys: Keys
  /** Events per second per write key; `false` turns limiting off. Default: 100,000/s, burst 200,000. */
  rateLimit?: RateLimit | false
  /** Serves the SDK bundles at `/sdk/*` when given. */
  assets?: AssetSource
  /** Serves a folder at `/` when given (see `publicFiles` in node.ts). */
  publicFiles?: PublicSource
  /** Receives one entry per request. Default: a JSON line on stdout. */
  log?: (entry: RequestLog) => void
  /** Clock, for tests. */
  now?: () => number
  /** Concurrent ingest transactions. Default: 1 on the embedded store, 4 on PostgreSQL. */
  writeConcurrency?: number
  /** Longest wait for a commit before answering 503 (ms). Default 10,000. */
  writeTimeoutMs?: number
  /** The content file: features, checklists, prompts, tiers, health, playbooks. Default: empty. */
  content?: ContentSource
  /**
   * The customer-success engine (tiers, health, playbooks, webhooks). Options tune it; `false`
   * leaves it out (a collector that only ingests).
   */
  engine?: Partial<Omit<EngineOptions, 'sql' | 'content' | 'secretKey'>> | false
  /**
   * Trust `X-Forwarded-Proto` and `X-Forwarded-For` from a proxy in front (default false): HSTS
   * on answers to requests that came over TLS, and wrong keys throttled per real client address.
   */
  trustProxy?: boolean
  /** How often the rollups are folded without being asked (ms); 0: only after commits and reads. Default 1,000. */
  foldIntervalMs?: number
  /**
   * The workspace time zone (`GOYO_TIMEZONE`), an IANA name: where reports cut days, weeks and
   * months. Default UTC. Rollups built in another zone are rebuilt in the background on start;
   * readers answer 503 "rebuilding" meanwhile. An unknown name throws.
   */
  timeZone?: string
  /** Events per transaction of a rebuild (tests). Default: the fold's chunk. */
  rebuildChunkEvents?: number
}

/** A collector: a `fetch` handler for any runtime, and its teardown. */
export interface Collector {
  /** Answers a request; `connection` tells who sent it (the Node adapter passes the address). */
  fetch(request: Request, connection?: ConnectionInfo): Promise<Response>
  readonly keys: Keys
  readonly store: Store
  readonly content: ContentSource
  /** The workspace time zone, canonically spelt (`Asia/Tokyo`). */
  readonly timeZone: string
  /** The customer-success engine, unless turned off. */
  readonly engine?: Engine
  /**
   * Resolves once every event committed before the call is folded into the rollups. Rejects while
   * the rollups are being rebuilt for a new time zone (`RollupsRebuildingError`).
   */
  catchUp(): Promise<void>
  /** Waits for pending writes and evaluations, then closes the store. */
  close(): Promise<void>
}

/**
 * Wires the collector from a store and keys. It speaks `Request -> Response`; `serve()` in
 * `node.ts` puts it on a port.
 *
 * @example
 * const store = await openStore({ dataDir: './.goyo-data' })
 * const { keys } = await resolveKeys(store)
 * const collector = createCollector({ store, keys })
 * const res = await collector.fetch(new Request('http://x/v1/reports/overview', {
 *   headers: { authorization: `Bearer ${keys.secretKey}` },
 * }))
 */
export function createCollector(options: CollectorOptions): Collector {
  const { store } = options
  const content = options.content ?? staticContent()
  const now = options.now ?? Date.now
  const timeZone = checkTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE)
  const engine =
    options.engine === false
      ? undefined
      : createEngine({ now: () => new Date(now()), ...options.engine, sql: store.sql, content, secretKey: options.keys.secretKey, paused: () => zone.paused })
  // The rollups' days are cut in the workspace time zone; rollups cut in another are rebuilt.
  const zone = createZoneKeeper({
    sql: store.sql,
    timeZone,
    fold: () => store.fold(foldPolicy(content.current())),
    policy: () => foldPolicy(content.current()),
    onRebuilt: (accounts) => engine?.markDirty(accounts),
    chunkEvents: options.rebuildChunkEvents,
  })
  void zone.start().catch(() => {}) // a failed start is retried by the next fold, and readers see its error
  // Requests only append to the log; the worker folds the rollups after them, and readers wait
  // for it (catchUp), so every answer includes every acknowledged event.
  const folds = createFoldWorker({
    fold: zone.fold,
    onFolded: (accounts) => engine?.markDirty(accounts),
    intervalMs: options.foldIntervalMs,
  })
  // Checked again after the fold: it may have found a rebuild another replica just began.
  const catchUp = async () => {
    await zone.ready()
    await folds.catchUp()
    await zone.ready()
  }
  const writes = createWriteQueue({
    // Preview events (context.preview) count nowhere: never stored, folded, capped or evaluated.
    write: async (events) => {
      // The zone is settled before the first event is stored: an empty log then takes the
      // configured zone as it is, with nothing to rebuild.
      await zone.start()
      await store.append(withoutPreviews(events))
      folds.kick()
    },
    concurrency: options.writeConcurrency ?? (store.dialect === 'pglite' ? 1 : 4),
  })
  const app = createApp({
    store,
    keys: options.keys,
    writes,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    assets: options.assets,
    publicFiles: options.publicFiles,
    engine,
    content,
    timeZone,
    catchUp,
    log: options.log ?? ((entry) => console.log(JSON.stringify(entry))),
    now,
    retryAfterSeconds: 5,
    writeTimeoutMs: options.writeTimeoutMs ?? 10_000,
    trustProxy: options.trustProxy ?? false,
  })
  return {
    fetch: async (request, connection = {}) => app.fetch(request, connection),
    keys: options.keys,
    store,
    content,
    timeZone,
    engine,
    catchUp,
    async close() {
      await writes.drain()
      await zone.stop()
      await folds.stop()
      await engine?.stop()
      await store.close()
    },
  }
}
