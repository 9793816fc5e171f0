import { describe, expect, it } from 'vitest'
import { createMemoryStore, take } from './memory-store'
import type { QueuedEvent } from './types'
import { trackEvent } from '../test-util/fakes'

const record = (k: string, size = 10): QueuedEvent => ({ k, size, event: trackEvent() })
const limits = { _maxEvents: 100, _maxBytes: 1000 }

describe('memory store', () => {
  it('returns events in key order whatever the insertion order (several tabs)', async () => {
    const store = createMemoryStore()
    await store.add([record('b'), record('d')], limits)
    await store.add([record('a'), record('c')], limits)
    expect((await store._peek(10, 1000)).map((r) => r.k)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('drops the oldest past the event bound and counts them until taken', async () => {
    const store = createMemoryStore()
    expect(await store.add([record('a'), record('b'), record('c')], { _maxEvents: 2, _maxBytes: 1000 })).toBe(1)
    expect((await store._peek(10, 1000)).map((r) => r.k)).toEqual(['b', 'c'])
    expect(await store._takeDropped()).toBe(1)
    expect(await store._takeDropped()).toBe(0)
  })

  it('drops the oldest past the byte bound, and removal frees bytes', async () => {
    const store = createMemoryStore()
    expect(await store.add([record('a', 400), record('b', 400), record('c', 400)], { _maxEvents: 10, _maxBytes: 1000 })).toBe(1)
    const [b] = await store._peek(1, 1000)
    await store.remove([b!])
    expect(await store.add([record('d', 400), record('e', 100)], { _maxEvents: 10, _maxBytes: 1000 })).toBe(0)
    expect((await store._peek(10, 10_000)).map((r) => r.k)).toEqual(['c', 'd', 'e'])
  })

  it('clear() forgets events and the dropped count', async () => {
    const store = createMemoryStore()
    await store.add([record('a'), record('b')], { _maxEvents: 1, _maxBytes: 1000 })
    await store.clear()
    expect(await store._peek(10, 1000)).toEqual([])
    expect(await store._takeDropped()).toBe(0)
  })
})

describe('take', () => {
  it('stops at the count or byte bound, but always takes a first oversized event', () => {
    const records = [record('a', 600), record('b', 300), record('c', 300)]
    expect(take(records, 10, 1000).map((r) => r.k)).toEqual(['a', 'b'])
    expect(take(records, 1, 1000).map((r) => r.k)).toEqual(['a'])
    expect(take([record('x', 5000)], 10, 1000).map((r) => r.k)).toEqual(['x'])
  })
})
