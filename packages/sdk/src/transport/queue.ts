import { MAX_BATCH_BYTES, MAX_EVENT_BYTES } from '../lib/schema'
import type { GoyoError, WireEvent } from '../types'
import type { Outcome, QueuedEvent, QueueStore, StoreLimits } from './types'
import type { TabLock } from './lock'
import { messageId } from '../lib/id'
import { retryDelay } from './backoff'
import { KEEPALIVE_BYTES, utf8Bytes } from './send'

/** Most events per request; small batches keep most requests under the keepalive quota. */
export const BATCH_EVENTS = 100
/** Room for the envelope (`sentAt`, brackets, commas) under the collector's body limit. */
const BATCH_BYTES = MAX_BATCH_BYTES - 4096
/** How many delivered keys we remember to guard against a failed delete. */
const SENT_MEMORY = 20_000

/** What the queue needs from the outside world, and its bounds. All of it is injectable for tests. */
export interface QueueDeps extends StoreLimits {
  _store: QueueStore
  _lock: TabLock
  /** Sends one batch with Basic auth. `keepalive` lets it outlive the page. */
  _send(batch: WireEvent[], keepalive: boolean): Promise<Outcome>
  /** Unload path: queues a request that outlives the page; `false` if the browser refused it. */
  _handoff(batch: WireEvent[]): boolean
  /** `setTimeout` with a cancel function. */
  _schedule(fn: () => void, ms: number): () => void
  _isOnline(): boolean
  _report(error: GoyoError): void
  /** Old events were dropped to respect the bounds; called once delivery works again. */
  _onDropped(count: number): void
  /** These keys were delivered (so other tabs can forget them). */
  _onDelivered?(keys: string[]): void
  random?: () => number
  _flushInterval: number
}

/** The delivery queue. See {@link createQueue}. */
export interface Queue {
  /** Hot path: O(1), no storage work, no serialisation. */
  push(event: WireEvent): void
  /** Persists what is pending and sends everything queued (by any tab) now. */
  flush(): Promise<void>
  /** `pagehide`: hands what fits to a beacon; the rest stays queued for the next load. */
  _unload(): void
  /** Connectivity came back: retry now instead of waiting out the backoff. */
  _online(): void
  /** Another tab delivered these keys. */
  _delivered(keys: string[]): void
  /** Consent withdrawn: forget everything, in memory and in storage. */
  clear(): Promise<void>
  /** Stops timers; queued events stay in storage for the next page. */
  destroy(): void
}

/**
 * Exactly-once delivery over an unreliable network and short-lived pages:
 *
 * - `push` keeps the event in memory; a microtask serialises and writes the batch to the store,
 *   so every event is durable before any attempt to send it.
 * - Sending happens under the tab lock: read the oldest events, POST them, delete them only after
 *   a 2xx, repeat. A tab dying mid-send leaves them in the store for the others; they are re-sent
 *   with the same `messageId`, which the collector deduplicates.
 * - 408, 429, 5xx and network errors keep the batch and retry with full-jitter backoff; other 4xx
 *   drop it and report. 413 halves the batch first.
 *
 * @example
 * const queue = createQueue({ store, lock, send, handoff, schedule, ... })
 * queue.push(event)
 */
export function createQueue(deps: QueueDeps): Queue {
  const { _store, _lock, _report } = deps
  let pending: WireEvent[] = []
  let persistQueued = false
  /** Serialises store writes, so that a flush sees every event pushed before it. */
  let writing: Promise<unknown> = Promise.resolve()
  /** This tab's events not yet known to be delivered: what the unload path may hand off. */
  const own = new Map<string, QueuedEvent>()
  const inFlight = new Set<string>()
  const sent = new Set<string>()
  let keepaliveBytes = 0
  let unsent = 0
  let attempt = 0
  let cancelTimer: (() => void) | undefined
  let backingOff = false
  let waitingOnline = false
  let draining: Promise<void> | undefined
  let again = false
  let alive = true

  const forget = (keys: string[]): void => {
    for (const k of keys) {
      own.delete(k)
      sent.add(k)
    }
    // Sets iterate in insertion order: drop the oldest memories first.
    for (const k of sent) {
      if (sent.size <= SENT_MEMORY) break
      sent.delete(k)
    }
  }

  const persist = (): void => {
    persistQueued = false
    const records: QueuedEvent[] = []
    for (const event of pending) {
      let json: string
      try {
        json = JSON.stringify(event)
      } catch (cause) {
        _report({ code: 'invalid', message: 'event not serialisable', cause, count: 1 })
        continue
      }
      const size = utf8Bytes(json)
      if (size > MAX_EVENT_BYTES) {
        _report({ code: 'invalid', message: 'event over 32 KB', count: 1 })
        continue
      }
      const record = { k: messageId(), size, event }
      records.push(record)
      own.set(record.k, record)
    }
    pending = []
    if (!records.length) return
    writing = writing
      .then(() => _store.add(records, deps))
      .then(
        () => {
          unsent += records.length
          if (backingOff) return
          if (unsent >= BATCH_EVENTS) void flush()
          else if (!cancelTimer && !backingOff) cancelTimer = deps._schedule(() => void flush(), deps._flushInterval)
        },
        (cause: unknown) => _report({ code: 'storage', message: 'queueing failed', cause, count: records.length }),
      )
  }

  /** One request's worth, then the next, until the store is empty or the network says wait. */
  const drain = async (): Promise<Outcome | undefined> => {
    let batchEvents = BATCH_EVENTS
    for (;;) {
      if (!alive) return undefined
      const records = (await _store._peek(batchEvents, BATCH_BYTES)).filter((r) => !sent.has(r.k))
      if (!records.length) return undefined
      const keys = records.map((r) => r.k)
      const bytes = records.reduce((sum, r) => sum + r.size, 0) + 128
      const keepalive = keepaliveBytes + bytes <= KEEPALIVE_BYTES
      if (keepalive) keepaliveBytes += bytes
      for (const k of keys) inFlight.add(k)
      const outcome = await deps._send(
        records.map((r) => r.event),
        keepalive,
      )
      for (const k of keys) inFlight.delete(k)
      if (keepalive) keepaliveBytes -= bytes
      if (outcome.status === 413 && records.length > 1) {
        batchEvents = Math.ceil(records.length / 2)
        continue
      }
      if (!outcome.ok && outcome.retry) return outcome
      if (!outcome.ok) {
        _report({ code: 'rejected', message: `batch rejected (${outcome.status})`, status: outcome.status, count: records.length })
      }
      forget(keys)
      await _store.remove(records)
      if (outcome.ok) {
        deps._onDelivered?.(keys)
        const dropped = await _store._takeDropped()
        if (dropped) {
          _report({ code: 'dropped', message: 'queue full, dropped oldest', count: dropped })
          deps._onDropped(dropped)
        }
      }
      batchEvents = BATCH_EVENTS
    }
  }

  const flush = async (): Promise<void> => {
    // An explicit flush (or the backoff timer itself) ends any backoff in progress.
    cancelTimer?.()
    cancelTimer = undefined
    backingOff = false
    if (persistQueued) persist()
    await writing
    if (!alive) return
    if (!deps._isOnline()) {
      waitingOnline = true
      return
    }
    if (draining) {
      again = true
      return draining
    }
    unsent = 0
    draining = (async () => {
      try {
        const result = await _lock._run(drain)
        if (result === undefined && _lock._otherSending()) {
          // Fallback lock held elsewhere: that tab sends our events too; look again later.
          cancelTimer = deps._schedule(() => void flush(), deps._flushInterval)
        } else if (result) {
          const delay = retryDelay({ attempt: attempt++, _retryAfter: result._retryAfter, random: deps.random })
          backingOff = true
          if (result.status === 0 && !deps._isOnline()) waitingOnline = true
          cancelTimer = deps._schedule(() => void flush(), delay)
        } else attempt = 0
      } catch (cause) {
        _report({ code: 'internal', message: 'send failed', cause })
      } finally {
        draining = undefined
      }
      if (again && !backingOff) {
        again = false
        await flush()
      }
    })()
    return draining
  }

  return {
    push(event) {
      if (!alive) return
      pending.push(event)
      if (!persistQueued) {
        persistQueued = true
        queueMicrotask(() => persistQueued && persist())
      }
    },
    flush,
    _unload() {
      if (!alive) return
      if (persistQueued) persist()
      if (!deps._isOnline() || _lock._otherSending()) return
      const batch: QueuedEvent[] = []
      let budget = KEEPALIVE_BYTES - keepaliveBytes - 128
      for (const record of own.values()) {
        if (inFlight.has(record.k) || sent.has(record.k)) continue
        if (record.size > budget) break
        budget -= record.size
        batch.push(record)
        if (batch.length >= BATCH_EVENTS) break
      }
      if (!batch.length) return
      if (!deps._handoff(batch.map((r) => r.event))) return
      // Handed to the browser, which sends it after the page is gone. Deleting them now means the
      // next page does not send them again.
      forget(batch.map((r) => r.k))
      writing = writing.then(() => _store.remove(batch)).catch(() => {})
    },
    _online() {
      if (!waitingOnline && !backingOff) return
      waitingOnline = backingOff = false
      attempt = 0
      void flush()
    },
    _delivered(keys) {
      for (const k of keys) own.delete(k)
    },
    async clear() {
      pending = []
      own.clear()
      cancelTimer?.()
      cancelTimer = undefined
      backingOff = false
      const done = writing.then(() => _store.clear())
      writing = done.catch(() => {})
      await done
    },
    destroy() {
      alive = false
      cancelTimer?.()
    },
  }
}
