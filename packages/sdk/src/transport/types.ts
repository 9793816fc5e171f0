import type { WireEvent } from '../types'

/** One queued event with the bookkeeping the queue needs. */
export interface QueuedEvent {
  /** Queue key: time-ordered and unique, so key order is send order, across tabs too. */
  k: string
  /** UTF-8 size of the serialised event, for the batch and queue byte bounds. */
  size: number
  event: WireEvent
}

/** Queue bounds; past them the oldest events are dropped and counted. */
export interface StoreLimits {
  _maxEvents: number
  _maxBytes: number
}

/**
 * Durable queue storage, shared by every tab of the site when it is IndexedDB. Implementations
 * reject on storage failure; `createSafeStore` turns that into a fallback to memory.
 */
export interface QueueStore {
  /** Appends events and enforces the bounds; resolves how many old events were dropped. */
  add(records: QueuedEvent[], limits: StoreLimits): Promise<number>
  /** The oldest events, at most `maxEvents` and (unless the first alone exceeds it) `maxBytes`. */
  _peek(_maxEvents: number, _maxBytes: number): Promise<QueuedEvent[]>
  /** Deletes events; ones already gone are ignored. */
  remove(records: QueuedEvent[]): Promise<void>
  /** Returns the number of events dropped since the last call, and resets it. */
  _takeDropped(): Promise<number>
  /** Deletes every event and the dropped count. */
  clear(): Promise<void>
}

/** What happened to one request. */
export interface Outcome {
  ok: boolean
  /** Worth trying again later with the same events. */
  retry: boolean
  /** HTTP status; 0 for a network error. */
  status: number
  /** Milliseconds the server asked us to wait (`Retry-After`). */
  _retryAfter?: number
}
