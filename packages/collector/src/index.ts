/**
 * @module
 * Goyo's collector: Segment-compatible ingest, storage on PGlite or PostgreSQL, and reports.
 *
 * @example
 * import { createCollector, openStore, resolveKeys, serve } from '@goyo/collector'
 * const store = await openStore({ dataDir: './.goyo-data' })
 * const { keys } = await resolveKeys(store)
 * const server = await serve(createCollector({ store, keys }), { port: 8787 })
 */
export { createCollector } from './collector'
export type { Collector, CollectorOptions } from './collector'
export { resolveKeys, generateKey } from './keys'
export { openStore } from './store/open'
export type { StoreLocation } from './store/open'
export type { Store, StoredEvent } from './store/store'
export type { Overview, EventCount } from './reports/overview'
export { StoreUnavailableError } from './store/errors'
export type { Keys } from './http/auth'
export type { RateLimit } from './http/rate-limit'
export type { RequestLog } from './http/app'
export { serve, fileAssets } from './node'
export type { ServeOptions, RunningServer } from './node'
