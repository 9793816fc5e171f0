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
  const safe = {} as Record<string, (...args: unknown[]) => Promise<unknown>>
  // Every method of the store, whatever the minifier renamed them to.
  for (const name of Object.keys(active) as Array<keyof QueueStore>) {
    safe[name] = async (...args) => {
      const op = (): Promise<unknown> => (active[name] as (...a: unknown[]) => Promise<unknown>)(...args)
      try {
        return await op()
      } catch (error) {
        if (failed) throw error
        failed = true
        active = createMemoryStore()
        onFallback(error)
        return op()
      }
    }
  }
  return safe as unknown as QueueStore
}
