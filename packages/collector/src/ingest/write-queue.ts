import type { NormalizedEvent } from './normalize'

/** Options of {@link createWriteQueue}. */
export interface WriteQueueOptions {
  /** Writes events in one transaction, all or nothing. */
  write(events: readonly NormalizedEvent[]): Promise<unknown>
  /** Transactions in flight at once: 1 for the embedded store, a few for a server. Default 1. */
  concurrency?: number
  /** Upper bound of events per transaction; a request's events are never split. Default 5000. */
  maxEventsPerTransaction?: number
}

/** Hands batches to the store, grouping concurrent requests into one transaction. */
export interface WriteQueue {
  /** Resolves once `events` are committed; rejects with the store's error otherwise. */
  enqueue(events: readonly NormalizedEvent[]): Promise<void>
  /** Resolves when nothing is pending or in flight. */
  drain(): Promise<void>
}

interface Pending {
  events: readonly NormalizedEvent[]
  resolve(): void
  reject(error: unknown): void
}

/**
 * Group commit: while a transaction is in flight, requests that arrive wait together and go into
 * the next transaction. Under load a commit (and its fsync) serves many requests; when idle a
 * request is written at once. A failed transaction fails every request in it, so each client
 * retries and nothing is half-written.
 *
 * @example
 * const queue = createWriteQueue({ write: (events) => store.appendEvents(events), concurrency: 2 })
 * await queue.enqueue(events) // committed
 */
export function createWriteQueue(options: WriteQueueOptions): WriteQueue {
  const concurrency = options.concurrency ?? 1
  const maxEvents = options.maxEventsPerTransaction ?? 5000
  const pending: Pending[] = []
  let inFlight = 0
  let idle: Array<() => void> = []

  const takeGroup = (): Pending[] => {
    const group: Pending[] = []
    let size = 0
    while (pending.length > 0) {
      const next = pending[0]!
      if (group.length > 0 && size + next.events.length > maxEvents) break
      group.push(pending.shift()!)
      size += next.events.length
    }
    return group
  }

  const pump = (): void => {
    while (inFlight < concurrency && pending.length > 0) {
      const group = takeGroup()
      inFlight++
      const events = group.length === 1 ? group[0]!.events : group.flatMap((item) => item.events)
      // The next group starts before this one's callers resume, so a commit is never left idle.
      run(events).then(
        () => {
          settle()
          group.forEach((item) => item.resolve())
        },
        (error: unknown) => {
          settle()
          group.forEach((item) => item.reject(error))
        },
      )
    }
  }

  const run = (events: readonly NormalizedEvent[]): Promise<unknown> => {
    try {
      return Promise.resolve(options.write(events))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  const settle = (): void => {
    inFlight--
    pump()
    if (inFlight === 0 && pending.length === 0) {
      const waiting = idle
      idle = []
      waiting.forEach((resolve) => resolve())
    }
  }

  return {
    enqueue(events) {
      if (events.length === 0) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        pending.push({ events, resolve, reject })
        pump()
      })
    },
    drain() {
      if (inFlight === 0 && pending.length === 0) return Promise.resolve()
      return new Promise<void>((resolve) => idle.push(resolve))
    },
  }
}
