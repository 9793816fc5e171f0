import type { QueueStore } from './types'
import { createMemoryStore } from './memory-store'

/**
 * Wraps the durable store so that any failure (private mode, blocked, quota exceeded, a browser
 * bug) switches to a memory store for the rest of the page's life, and retries the failed
 * operation there. An `add` that failed is re-done in memory, so no event is lost on the switch.
 *
 * @example
 * const store = createSafeStore(createIdbStore('goyo:wk'), (error) => log.warn('using memory', error))
 */
export function createSafeStore(primary: QueueStore | undefined, onFallback: (error: unknown) => void): QueueStore {
  let active: QueueStore = primary ?? createMemoryStore()
  let failed = !primary
  const guard =
    <A extends unknown[], R>(op: (store: QueueStore, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await op(active, ...args)
      } catch (error) {
        if (failed) throw error
        failed = true
        active = createMemoryStore()
        onFallback(error)
        return op(active, ...args)
      }
    }
  return {
    add: guard((s, records, limits) => s.add(records, limits)),
    peek: guard((s, maxEvents, maxBytes) => s.peek(maxEvents, maxBytes)),
    remove: guard((s, records) => s.remove(records)),
    takeDropped: guard((s) => s.takeDropped()),
    clear: guard((s) => s.clear()),
  }
}
