import { createCollector, type CollectorOptions } from '../../packages/collector/src/collector'
import { generateKey } from '../../packages/collector/src/keys'
import { fileAssets, serve } from '../../packages/collector/src/node'
import type { Store, StoredEvent } from '../../packages/collector/src/store/store'
import type { Keys } from '../../packages/collector/src/http/auth'
import { openStore } from '../../packages/collector/src/store/open'

/** Fresh random keys for a test collector. */
export const testKeys = (): Keys => ({ writeKey: generateKey('wk'), secretKey: generateKey('sk') })

/** A collector on a store, called in-process with `Request`s (no sockets). */
export function inProcessCollector(store: Store, options: Partial<CollectorOptions> = {}) {
  const keys = options.keys ?? testKeys()
  // The engine's timers are off: tests that need it drive it with engine.flush() and a fake clock.
  const collector = createCollector({ store, keys, log: () => {}, foldIntervalMs: 0, ...options, engine: options.engine ?? { autoStart: false, log: () => {} } })
  const basic = `Basic ${btoa(`${keys.writeKey}:`)}`
  /**
   * Ingest answers once events are committed and folds the rollups after; tests that read rollup
   * tables straight after a request see them folded, as any report or content answer would.
   */
  const settled = async (response: Promise<Response>) => {
    const answer = await response
    await collector.catchUp().catch(() => {})
    return answer
  }
  return {
    collector,
    keys,
    /** Sends a request to the collector; `path` is relative to its root. */
    request(path: string, init: RequestInit = {}) {
      return settled(collector.fetch(new Request(new URL(path, 'http://collector.test'), init)))
    },
    /** POSTs a JSON body with the write key as Basic auth. */
    post(path: string, body: unknown, headers: Record<string, string> = {}) {
      const raw = typeof body === 'string' || body instanceof Uint8Array
      return settled(collector.fetch(
        new Request(new URL(path, 'http://collector.test'), {
          method: 'POST',
          headers: { authorization: basic, 'content-type': 'application/json', ...headers },
          body: raw ? (body as BodyInit) : JSON.stringify(body),
        }),
      ))
    },
    /** GETs a report with the secret key. */
    report(path: string) {
      return collector.fetch(
        new Request(new URL(path, 'http://collector.test'), { headers: { authorization: `Bearer ${keys.secretKey}` } }),
      )
    },
  }
}

/** A real HTTP collector on 127.0.0.1, for browser and process-level tests. */
export interface TestCollector {
  url: string
  writeKey: string
  secretKey: string
  store: Store
  storedEvents(): Promise<StoredEvent[]>
  stop(): Promise<void>
}

/**
 * Starts a collector on a random loopback port with an in-memory embedded store, serving the
 * built SDK from packages/sdk/dist.
 */
export async function startTestCollector(options: { store?: Store } & Partial<CollectorOptions> = {}): Promise<TestCollector> {
  const store = options.store ?? (await openStore({}))
  const keys = options.keys ?? testKeys()
  const collector = createCollector({
    log: () => {},
    assets: fileAssets(new URL('../../packages/sdk/dist/', import.meta.url)),
    ...options,
    store,
    keys,
  })
  const running = await serve(collector, { port: 0, host: '127.0.0.1' })
  return {
    url: running.url,
    writeKey: keys.writeKey,
    secretKey: keys.secretKey,
    store,
    async storedEvents() {
      const all: StoredEvent[] = []
      for (;;) {
        const page = await store.listEvents({ afterSeq: all.at(-1)?.seq ?? 0, limit: 1000 })
        all.push(...page)
        if (page.length < 1000) return all
      }
    },
    stop: () => running.stop(),
  }
}
