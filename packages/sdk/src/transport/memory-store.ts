import type { QueuedEvent, QueueStore } from './types'

/**
 * A {@link QueueStore} in memory: the fallback when IndexedDB is missing, blocked or full. Same
 * semantics, but it lives only as long as the page and is not shared between tabs.
 *
 * @example
 * const store = createMemoryStore()
 * await store.add([record], { _maxEvents: 10_000, _maxBytes: 5 << 20 })
 */
export function createMemoryStore(): QueueStore {
  // Keys are time-ordered ids, so keeping the array sorted keeps send order.
  let records: QueuedEvent[] = []
  let bytes = 0
  let dropped = 0
  return {
    async add(batch, { _maxEvents: maxEvents, _maxBytes: maxBytes }) {
      for (const record of batch) bytes += record.size
      records = records.concat(batch).sort((a, b) => (a.k < b.k ? -1 : 1))
      let n = 0
      while (records.length && (records.length > maxEvents || bytes > maxBytes)) {
        bytes -= records.shift()!.size
        n++
      }
      dropped += n
      return n
    },
    async _peek(maxEvents, maxBytes) {
      return take(records, maxEvents, maxBytes)
    },
    async remove(batch) {
      const gone = new Set(batch.map((r) => r.k))
      records = records.filter((r) => !gone.has(r.k) || void (bytes -= r.size))
    },
    async _takeDropped() {
      const n = dropped
      dropped = 0
      return n
    },
    async clear() {
      records = []
      bytes = dropped = 0
    },
  }
}

/**
 * The longest prefix within both bounds; the first record always goes, even if it is bigger
 * than `maxBytes`, so that one large event cannot block the queue (the server judges it).
 */
export function take(records: QueuedEvent[], maxEvents: number, maxBytes: number): QueuedEvent[] {
  const out: QueuedEvent[] = []
  let bytes = 0
  for (const record of records) {
    if (out.length >= maxEvents || (out.length && bytes + record.size > maxBytes)) break
    out.push(record)
    bytes += record.size
  }
  return out
}
