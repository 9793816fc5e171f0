/**
 * Test doubles shared by the SDK's unit tests: a manual scheduler (no real waiting, delays are
 * recorded), an in-process mutex standing in for Web Locks (two queues sharing it behave like two
 * tabs), and an event factory.
 */
import type { WireEvent } from '../types'

export interface FakeScheduler {
  _schedule(fn: () => void, ms: number): () => void
  /** Delays passed to `schedule`, in order. */
  delays: number[]
  pending(): number
  /** Runs the earliest pending timer; false when none is pending. */
  runNext(): boolean
}

export function fakeScheduler(): FakeScheduler {
  let seq = 0
  let timers: Array<{ id: number; at: number; fn: () => void }> = []
  let now = 0
  const delays: number[] = []
  return {
    delays,
    _schedule(fn, ms) {
      const id = ++seq
      delays.push(ms)
      timers.push({ id, at: now + ms, fn })
      return () => {
        timers = timers.filter((t) => t.id !== id)
      }
    },
    pending: () => timers.length,
    runNext() {
      timers.sort((a, b) => a.at - b.at || a.id - b.id)
      const next = timers.shift()
      if (!next) return false
      now = next.at
      next.fn()
      return true
    },
  }
}

/** A FIFO mutex with the shape of `navigator.locks`. */
export function fakeLocks(): LockManager {
  const chains = new Map<string, Promise<unknown>>()
  return {
    request(name: string, callback: () => Promise<unknown>) {
      const previous = chains.get(name) ?? Promise.resolve()
      const run = previous.then(() => callback())
      chains.set(
        name,
        run.catch(() => {}),
      )
      return run
    },
    query: async () => ({ held: [], pending: [] }),
  } as unknown as LockManager
}

let n = 0

/** A valid `track` event with a unique messageId. */
export function trackEvent(event = 'Test Event', properties: Record<string, unknown> = {}): WireEvent {
  n++
  return {
    type: 'track',
    event,
    properties,
    messageId: `m-${String(n).padStart(6, '0')}`,
    timestamp: new Date(0).toISOString(),
    anonymousId: 'anon-1',
    context: { page: { url: '', path: '/', referrer: '', title: '', search: '' }, library: { name: 'goyo', version: 'test' } },
  }
}

/** Lets pending promise callbacks and I/O (msw answers) run. */
export const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
