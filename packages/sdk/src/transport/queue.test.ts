import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import type { GoyoError, WireEvent } from '../types'
import { createQueue, type QueueDeps } from './queue'
import { createMemoryStore } from './memory-store'
import { createTabLock } from './lock'
import { batchBody, postBatch } from './send'
import type { QueueStore } from './types'
import { fakeLocks, fakeScheduler, tick, trackEvent } from '../test-util/fakes'

const URL = 'https://collector.test/v1/batch'

/** What the fake collector saw: every request's messageIds, and what it stored (deduplicated). */
const received: string[][] = []
const stored = new Set<string>()
let authHeaders: Array<string | null> = []
/** One response per request, in order; 200 when the script runs out. */
let script: Array<'ok' | 'cut' | number | [number, string]> = []

const server = setupServer(
  http.post(URL, async ({ request }) => {
    const body = (await request.json()) as { batch: WireEvent[]; sentAt: string }
    const ids = body.batch.map((e) => e.messageId)
    received.push(ids)
    authHeaders.push(request.headers.get('Authorization'))
    const step = script.shift() ?? 'ok'
    if (step === 'ok' || step === 'cut') for (const id of ids) stored.add(id)
    // The collector committed the batch, then the connection died before the answer arrived.
    if (step === 'cut') return HttpResponse.error()
    if (step === 'ok') return HttpResponse.json({ success: true })
    const [status, _retryAfter] = Array.isArray(step) ? step : [step, undefined]
    return new HttpResponse(null, { status, headers: _retryAfter ? { 'Retry-After': _retryAfter } : {} })
  }),
)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  received.length = 0
  stored.clear()
  authHeaders = []
  script = []
})
afterAll(() => server.close())

function harness(overrides: Partial<QueueDeps> = {}, shared?: { _store: QueueStore; locks: LockManager }) {
  const clock = fakeScheduler()
  const errors: GoyoError[] = []
  const dropped: number[] = []
  let online = true
  const queue = createQueue({
    _store: shared?._store ?? createMemoryStore(),
    _lock: createTabLock('send', { locks: shared?.locks ?? fakeLocks() }),
    _send: (batch, keepalive) => postBatch({ url: URL, writeKey: 'wk_test', body: batchBody(batch), keepalive }),
    _handoff: () => false,
    _schedule: clock._schedule,
    _isOnline: () => online,
    _report: (error) => errors.push(error),
    _onDropped: (count) => dropped.push(count),
    random: () => 0.5,
    _flushInterval: 1000,
    _maxEvents: 10_000,
    _maxBytes: 5 * 1024 * 1024,
    ...overrides,
  })
  /** Runs timers and lets I/O settle until nothing is pending (bounded, so a bug cannot hang). */
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 200; i++) {
      await tick(2)
      if (!clock.pending()) {
        await tick(5)
        if (!clock.pending()) return
      }
      clock.runNext()
    }
    throw new Error('queue did not settle')
  }
  return { queue, clock, errors, dropped, settle, setOnline: (value: boolean) => (online = value) }
}

function pushAll(queue: ReturnType<typeof createQueue>, count: number): string[] {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const event = trackEvent()
    ids.push(event.messageId)
    queue.push(event)
  }
  return ids
}

/** Every event stored exactly once, and no request after the one that delivered the last of them. */
function expectExactlyOnce(ids: string[]): void {
  expect([...stored].sort()).toEqual([...ids].sort())
}

const allSent = (): string[] => received.flat()

describe('queue delivery', () => {
  it('batches by time: one request 1 s after the first event, with Basic auth and sentAt', async () => {
    const { queue, clock, settle } = harness()
    const ids = pushAll(queue, 3)
    await tick(5)
    expect(received).toHaveLength(0) // nothing is sent before the batch timer fires
    expect(clock.delays).toEqual([1000])
    await settle()
    expect(received).toEqual([ids])
    expect(authHeaders[0]).toBe(`Basic ${btoa('wk_test:')}`)
    expectExactlyOnce(ids)
  })

  it('batches by count: 250 events go as 100 + 100 + 50 without waiting for the timer', async () => {
    const { queue, settle } = harness()
    const ids = pushAll(queue, 250)
    await settle()
    expect(received.map((r) => r.length)).toEqual([100, 100, 50])
    expect(allSent()).toEqual(ids) // in order
    expectExactlyOnce(ids)
  })

  it('batches by bytes: a batch stays under the 500 KB body limit', async () => {
    const { queue, settle } = harness()
    const big = 'x'.repeat(30 * 1024)
    const ids: string[] = []
    for (let i = 0; i < 40; i++) {
      const event = trackEvent('Big', { big })
      ids.push(event.messageId)
      queue.push(event)
    }
    await settle()
    expect(received.length).toBeGreaterThan(2)
    for (const r of received) expect(r.length * 30 * 1024).toBeLessThan(500 * 1024)
    expectExactlyOnce(ids)
  })

  it.each([500, 503, 408])('retries %i with backoff, keeping messageIds, then delivers once', async (status) => {
    script = [status, status]
    const { queue, clock, errors, settle } = harness()
    const ids = pushAll(queue, 5)
    await settle()
    expect(received).toEqual([ids, ids, ids]) // same ids every attempt
    // Batch timer, then full-jitter backoff with random() = 0.5: 500 ms, then 1000 ms.
    expect(clock.delays).toEqual([1000, 500, 1000])
    expect(errors).toEqual([])
    expectExactlyOnce(ids)
  })

  it('honours Retry-After on 429', async () => {
    script = [[429, '7']]
    const { queue, clock, settle } = harness()
    const ids = pushAll(queue, 2)
    await settle()
    expect(clock.delays).toEqual([1000, 7000 + 500]) // Retry-After plus up to 1 s of jitter
    expect(received).toEqual([ids, ids])
    expectExactlyOnce(ids)
  })

  it('retries network errors', async () => {
    let failures = 2
    server.use(
      http.post(URL, async ({ request }) => {
        if (failures-- > 0) return HttpResponse.error()
        const body = (await request.json()) as { batch: WireEvent[] }
        received.push(body.batch.map((e) => e.messageId))
        body.batch.forEach((e) => stored.add(e.messageId))
        return HttpResponse.json({ success: true })
      }),
    )
    const { queue, settle } = harness()
    const ids = pushAll(queue, 4)
    await settle()
    expect(received).toEqual([ids])
    expectExactlyOnce(ids)
  })

  it('re-sends a batch whose response was cut after the collector stored it, and nothing after success', async () => {
    script = ['cut']
    const { queue, settle } = harness()
    const ids = pushAll(queue, 3)
    await settle()
    // The only duplicate on the wire is the cut batch; the collector's dedupe keeps one copy.
    expect(received).toEqual([ids, ids])
    expectExactlyOnce(ids)
    const later = pushAll(queue, 2)
    await settle()
    expect(received).toEqual([ids, ids, later]) // the _delivered batch is never sent again
  })

  it('waits for online instead of retrying while offline, then delivers once', async () => {
    const { queue, clock, settle, setOnline } = harness()
    setOnline(false)
    const ids = pushAll(queue, 3)
    await settle()
    expect(received).toEqual([])
    expect(clock.pending()).toBe(0) // no polling while offline
    setOnline(true)
    queue._online()
    await settle()
    expect(received).toEqual([ids])
    expectExactlyOnce(ids)
  })

  it('drops a batch the collector rejects with 400 and reports it, then carries on', async () => {
    script = [400]
    const { queue, errors, settle } = harness()
    const bad = pushAll(queue, 2)
    await settle()
    const good = pushAll(queue, 2)
    await settle()
    expect(received).toEqual([bad, good])
    expect(errors).toEqual([expect.objectContaining({ code: 'rejected', status: 400, count: 2 })])
    expectExactlyOnce(good)
  })

  it('halves a batch on 413, then drops only the single event that is still too large', async () => {
    script = [413, 413, 413]
    const { queue, errors, settle } = harness()
    const ids = pushAll(queue, 4)
    await settle()
    // 4 rejected, its first half (2) rejected, its first event alone rejected and dropped; then the
    // remaining 3 go together again.
    expect(received.map((r) => r.length)).toEqual([4, 2, 1, 3])
    expect(errors).toEqual([expect.objectContaining({ code: 'rejected', status: 413, count: 1 })])
    expectExactlyOnce(ids.slice(1))
  })

  it('refuses events over 32 KB without blocking the others', async () => {
    const { queue, errors, settle } = harness()
    queue.push(trackEvent('Huge', { blob: 'x'.repeat(33 * 1024) }))
    const ids = pushAll(queue, 1)
    await settle()
    expect(errors).toEqual([expect.objectContaining({ code: 'invalid', count: 1 })])
    expectExactlyOnce(ids)
  })

  it('bounds the queue: drops the oldest, then reports the count once delivery resumes', async () => {
    const { queue, errors, dropped, settle, setOnline } = harness({ _maxEvents: 5 })
    setOnline(false)
    const ids = pushAll(queue, 8)
    await settle()
    setOnline(true)
    queue._online()
    await settle()
    expectExactlyOnce(ids.slice(3))
    expect(dropped).toEqual([3])
    expect(errors).toEqual([expect.objectContaining({ code: 'dropped', count: 3 })])
  })

  it('two tabs sharing one _store and _lock never _send an event twice', async () => {
    const shared = { _store: createMemoryStore(), locks: fakeLocks() }
    const a = harness({}, shared)
    const b = harness({}, shared)
    const ids = [...pushAll(a.queue, 120), ...pushAll(b.queue, 90)]
    await Promise.all([a.queue.flush(), b.queue.flush(), a.queue.flush()])
    await Promise.all([a.settle(), b.settle()])
    expect(allSent()).toHaveLength(ids.length) // no duplicates on the wire at all
    expectExactlyOnce(ids)
  })

  it('a tab that dies mid-send leaves its events to the other tab', async () => {
    const shared = { _store: createMemoryStore(), locks: fakeLocks() }
    // Tab A's request never completes: the tab was closed while it was in flight.
    let hang = true
    const a = harness(
      { _send: (batch, keepalive) => (hang ? new Promise(() => {}) : postBatch({ url: URL, writeKey: 'wk', body: batchBody(batch), keepalive })) },
      { _store: shared._store, locks: fakeLocks() }, // its _lock dies with it
    )
    const ids = pushAll(a.queue, 3)
    await tick(5)
    void a.queue.flush()
    await tick(5)
    a.queue.destroy()
    hang = false
    const b = harness({}, shared)
    await b.queue.flush()
    await b.settle()
    expectExactlyOnce(ids)
  })

  it('clear() (consent withdrawn) deletes everything queued', async () => {
    const { queue, settle } = harness()
    pushAll(queue, 5)
    await tick(5)
    await queue.clear()
    await queue.flush()
    await settle()
    expect(received).toEqual([])
  })

  it('unload hands what fits to the beacon and does not _send it again', async () => {
    const beacons: WireEvent[][] = []
    const { queue, settle } = harness({ _handoff: (batch) => (beacons.push(batch), true) })
    const ids = pushAll(queue, 3)
    queue._unload()
    expect(beacons.map((b) => b.map((e) => e.messageId))).toEqual([ids])
    await queue.flush()
    await settle()
    expect(received).toEqual([])
  })

  it('unload keeps events queued when the beacon is refused, and leaves them to a sending tab', async () => {
    const { queue, settle } = harness({ _handoff: () => false })
    const ids = pushAll(queue, 2)
    queue._unload()
    await settle()
    expectExactlyOnce(ids)
  })
})
