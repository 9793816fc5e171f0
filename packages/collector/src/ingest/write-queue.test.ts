import { describe, expect, it } from 'vitest'
import type { NormalizedEvent } from './normalize'
import { createWriteQueue } from './write-queue'

const fake = (n: number) => Array.from({ length: n }, (_, i) => ({ messageId: String(i) }) as NormalizedEvent)

function deferred() {
  let resolve!: () => void
  let reject!: (error: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('createWriteQueue', () => {
  it('groups requests that arrive during a transaction into the next one', async () => {
    const calls: number[] = []
    const gates: ReturnType<typeof deferred>[] = []
    const queue = createWriteQueue({
      write: (events) => {
        calls.push(events.length)
        const gate = deferred()
        gates.push(gate)
        return gate.promise
      },
    })
    const first = queue.enqueue(fake(2))
    const second = queue.enqueue(fake(3))
    const third = queue.enqueue(fake(4))
    expect(calls).toEqual([2])
    gates[0]!.resolve()
    await first
    expect(calls).toEqual([2, 7])
    gates[1]!.resolve()
    await Promise.all([second, third])
  })

  it('fails every request of a failed transaction, and later ones still go through', async () => {
    let fail = true
    const queue = createWriteQueue({ write: async () => (fail ? Promise.reject(new Error('down')) : undefined) })
    const results = await Promise.allSettled([queue.enqueue(fake(1)), queue.enqueue(fake(1))])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    fail = false
    await expect(queue.enqueue(fake(1))).resolves.toBeUndefined()
  })

  it('never splits a request and caps a transaction at maxEventsPerTransaction', async () => {
    const sizes: number[] = []
    const gate = deferred()
    const queue = createWriteQueue({
      maxEventsPerTransaction: 5,
      write: async (events) => {
        sizes.push(events.length)
        if (sizes.length === 1) await gate.promise
      },
    })
    const all = [queue.enqueue(fake(1)), queue.enqueue(fake(3)), queue.enqueue(fake(3)), queue.enqueue(fake(8))]
    gate.resolve()
    await Promise.all(all)
    await queue.drain()
    expect(sizes).toEqual([1, 3, 3, 8])
  })

  it('runs up to `concurrency` transactions at once', async () => {
    let active = 0
    let peak = 0
    const queue = createWriteQueue({
      concurrency: 2,
      write: async () => {
        active++
        peak = Math.max(peak, active)
        await new Promise((resolve) => setTimeout(resolve, 5))
        active--
      },
    })
    await Promise.all(Array.from({ length: 6 }, () => queue.enqueue(fake(1))))
    expect(peak).toBe(2)
  })
})
