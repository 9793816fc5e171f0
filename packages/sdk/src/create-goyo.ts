import type { Goyo, GoyoOptions } from './types'
import { createClient, type TransportFactory } from './core/client'
import { getLocalStorage, nav, win } from './lib/globals'
import { createIdbStore } from './transport/store'
import { createSafeStore } from './transport/safe-store'
import { createTabLock } from './transport/lock'
import { createQueue } from './transport/queue'
import { batchBody, beaconBatch, postBatch } from './transport/send'
import { bindLifecycle } from './transport/lifecycle'
import { createContentFetcher } from './transport/content'

/**
 * The browser transport: IndexedDB queue (memory when IndexedDB fails), Web Locks between tabs,
 * fetch with keepalive, and the page lifecycle hooks.
 */
const browserTransport: TransportFactory = (config, { _report, _onDropped, _log }) => {
  const url = `${config._apiHost}/v1/batch`
  const name = `goyo:${config._writeKey}`
  let lifecycle: ReturnType<typeof bindLifecycle> | undefined
  const queue = createQueue({
    ...config, // _flushInterval, _maxEvents, _maxBytes
    _store: createSafeStore(createIdbStore(name), (cause) =>
      _report({ code: 'storage', message: 'IndexedDB failed, using memory', cause }),
    ),
    _lock: createTabLock(`${name}:_send`, { locks: nav?.locks, storage: getLocalStorage() }),
    _send: (batch, keepalive) => postBatch({ url, writeKey: config._writeKey, body: batchBody(batch), keepalive }),
    _handoff: (batch) => beaconBatch(url, config._writeKey, batch),
    _schedule(fn, ms) {
      const id = setTimeout(fn, ms)
      return () => clearTimeout(id)
    },
    _isOnline: () => nav?.onLine !== false,
    _report,
    _onDropped,
    _onDelivered: (keys) => lifecycle?._announce(keys),
  })
  if (win) lifecycle = bindLifecycle(queue, name)
  // Events left by an earlier page or a closed tab go out without waiting for a new one.
  setTimeout(() => void queue.flush(), 0)
  return {
    ...queue,
    content: createContentFetcher(config, _log),
    destroy() {
      lifecycle?._teardown()
      queue.destroy()
    },
  }
}

/**
 * Creates a Goyo client: identity, automatic page views and feature clicks, milestones, and
 * exactly-once delivery to the collector.
 *
 * Throws only on a programmer error (no `writeKey`); after that no method ever throws: problems
 * are reported through `on('error')` and, with `debug: true`, the console.
 *
 * @example
 * import { createGoyo } from '@goyo/sdk'
 *
 * const goyo = createGoyo({ writeKey: 'wk_123', apiHost: 'https://goyo.example.com' })
 * goyo.identify('u_42', { role: 'admin', createdAt: '2026-01-05' })
 * goyo.group('acct_7', { plan: 'pro', arr: 12000 })
 * goyo.track('Invoice Sent', { amount: 120 })
 * goyo.on('error', (error) => console.warn(error.code, error.message))
 */
export function createGoyo(options: GoyoOptions): Goyo {
  return createClient(options, browserTransport)
}
