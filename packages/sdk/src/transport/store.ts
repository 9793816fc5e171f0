import type { QueuedEvent, QueueStore } from './types'
import { take } from './memory-store'

/** Bump with a new `case` in `upgrade`; never edit an old one (visitors keep old databases). */
const DB_VERSION = 1
/** Opening can hang forever when another tab blocks an upgrade; after this we use memory. */
const OPEN_TIMEOUT = 3000

/**
 * The database layout. `events` holds {@link QueuedEvent}s keyed by their time-ordered `k`, so a
 * key-order read is the send order; `meta` holds two counters, `bytes` (sum of `size` in
 * `events`, for the byte bound) and `dropped` (not yet reported).
 */
export interface QueueSchema {
  events: { key: string; value: QueuedEvent }
  meta: { key: 'bytes' | 'dropped'; value: number }
}

type StoreName = keyof QueueSchema

/**
 * Resolves with a request's result. Native promises run their callbacks in the microtask
 * checkpoint of the success event, while the transaction is still active, so awaiting a request
 * and then issuing the next one in the same transaction is safe (the `idb` library relies on the
 * same rule). Raw IndexedDB rather than `idb` to keep the script-tag bundle under its budget:
 * idb's proxies cost about 600 bytes gzipped, and these helpers are all we need of them.
 */
const req = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })

/** Resolves when the transaction commits; rejects when it aborts (quota exceeded, for one). */
const done = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = tx.onabort = () => reject(tx.error)
  })

/**
 * The IndexedDB queue, shared by every tab of the site (one database per write key). Each method
 * is one transaction, so bounds and byte counts stay right when tabs write at the same time.
 * Methods reject when IndexedDB is missing or fails; see `createSafeStore`.
 *
 * @example
 * const store = createIdbStore('goyo:wk_123')
 */
export function createIdbStore(name: string): QueueStore {
  let db: Promise<IDBDatabase> | undefined
  const open = (): Promise<IDBDatabase> =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      setTimeout(() => reject(new Error('IndexedDB open timed out')), OPEN_TIMEOUT)
      const request = indexedDB.open(name, DB_VERSION) // throws (and so rejects) where IndexedDB is missing
      request.onupgradeneeded = (event) => {
        switch (event.oldVersion) {
          case 0:
            request.result.createObjectStore('events', { keyPath: 'k' })
            request.result.createObjectStore('meta')
        }
      }
      request.onsuccess = () => {
        const database = request.result
        // Another tab wants a newer version: let it, and reopen on the next call.
        database.onversionchange = () => {
          database.close()
          db = undefined
        }
        database.onclose = () => (db = undefined)
        resolve(database)
      }
      request.onerror = () => reject(request.error)
    }).catch((error: unknown) => {
      db = undefined
      throw error
    }))

  const tx = async (mode: IDBTransactionMode = 'readwrite') => {
    const t = (await open()).transaction(['events', 'meta'] satisfies StoreName[], mode, { durability: 'relaxed' })
    return [t, t.objectStore('events'), t.objectStore('meta')] as const
  }

  return {
    async add(records, { _maxEvents: maxEvents, _maxBytes: maxBytes }) {
      const [t, events, meta] = await tx()
      let bytes: number = (await req(meta.get('bytes'))) ?? 0
      for (const record of records) {
        events.put(record)
        bytes += record.size
      }
      let count = await req(events.count())
      let dropped = 0
      if (count > maxEvents || bytes > maxBytes) {
        // Oldest first: keys are time-ordered, so the cursor walks from the oldest event.
        await new Promise<void>((resolve, reject) => {
          const cursor = events.openCursor()
          cursor.onerror = () => reject(cursor.error)
          cursor.onsuccess = () => {
            const at = cursor.result
            if (!at || (count <= maxEvents && bytes <= maxBytes)) return resolve()
            bytes -= (at.value as QueuedEvent).size
            count--
            dropped++
            at.delete()
            at.continue()
          }
        })
        meta.put(((await req(meta.get('dropped'))) ?? 0) + dropped, 'dropped')
      }
      meta.put(bytes, 'bytes')
      await done(t)
      return dropped
    },
    async _peek(maxEvents, maxBytes) {
      const [, events] = await tx('readonly')
      return take(await req(events.getAll(null, maxEvents)), maxEvents, maxBytes)
    },
    async remove(records) {
      // Only the tab holding the send lock removes, so every record is still there to remove.
      const [t, events, meta] = await tx()
      let bytes: number = (await req(meta.get('bytes'))) ?? 0
      for (const record of records) {
        events.delete(record.k)
        bytes -= record.size
      }
      meta.put(Math.max(0, bytes), 'bytes')
      await done(t)
    },
    async _takeDropped() {
      const [t, , meta] = await tx()
      const dropped: number = (await req(meta.get('dropped'))) ?? 0
      if (dropped) meta.put(0, 'dropped')
      await done(t)
      return dropped
    },
    async clear() {
      const [t, events, meta] = await tx()
      events.clear()
      meta.clear()
      await done(t)
    },
  }
}
