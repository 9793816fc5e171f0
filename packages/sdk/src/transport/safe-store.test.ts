import { describe, expect, it, vi } from 'vitest'
import { createSafeStore } from './safe-store'
import { createMemoryStore } from './memory-store'
import type { QueueStore } from './types'
import { trackEvent } from '../test-util/fakes'

const limits = { _maxEvents: 100, _maxBytes: 100_000 }

describe('safe store', () => {
  it('falls back to memory when the durable store fails, re-doing the failed add there', async () => {
    const broken: QueueStore = {
      ...createMemoryStore(),
      add: () => Promise.reject(new DOMException('quota', 'QuotaExceededError')),
    }
    const onFallback = vi.fn()
    const store = createSafeStore(broken, onFallback)
    await store.add([{ k: 'a', size: 1, event: trackEvent() }], limits)
    expect(onFallback).toHaveBeenCalledOnce()
    expect((await store._peek(10, 1000)).map((r) => r.k)).toEqual(['a']) // not lost
    await store.add([{ k: 'b', size: 1, event: trackEvent() }], limits)
    expect(onFallback).toHaveBeenCalledOnce() // stays on memory for the page's life
    expect((await store._peek(10, 1000)).map((r) => r.k)).toEqual(['a', 'b'])
  })

  it('uses memory from the start without a durable store', async () => {
    const store = createSafeStore(undefined, () => {})
    await store.add([{ k: 'a', size: 1, event: trackEvent() }], limits)
    expect(await store._peek(10, 1000)).toHaveLength(1)
  })
})
