import { describe, expect, it } from 'vitest'
import { createTabLock, LEASE_MS } from './lock'
import { fakeLocks } from '../test-util/fakes'

function memoryStorage(): Storage {
  const map = new Map<string, string>()
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  } as Storage
}

describe('tab lock', () => {
  it('with Web Locks, runs senders one after the other, never together', async () => {
    const locks = fakeLocks()
    const storage = memoryStorage()
    const a = createTabLock('l', { locks, storage, tabId: 'a' })
    const b = createTabLock('l', { locks, storage, tabId: 'b' })
    const log: string[] = []
    const job = (name: string) => async () => {
      log.push(`${name}:start`)
      await new Promise((r) => setTimeout(r, 5))
      log.push(`${name}:end`)
      return name
    }
    expect(await Promise.all([a._run(job('a')), b._run(job('b'))])).toEqual(['a', 'b'])
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end'])
  })

  it('publishes a lease while sending, so another tab knows synchronously', async () => {
    const storage = memoryStorage()
    const a = createTabLock('l', { locks: fakeLocks(), storage, tabId: 'a' })
    const b = createTabLock('l', { locks: fakeLocks(), storage, tabId: 'b' })
    let seen: [boolean, boolean] = [false, false]
    await a._run(async () => {
      seen = [a._otherSending(), b._otherSending()]
    })
    expect(seen).toEqual([false, true])
    expect(b._otherSending()).toBe(false) // released
  })

  it('without Web Locks, a fresh lease elsewhere makes _run() skip; an expired one does not', async () => {
    const storage = memoryStorage()
    let now = 1000
    const a = createTabLock('l', { storage, tabId: 'a', now: () => now })
    const b = createTabLock('l', { storage, tabId: 'b', now: () => now })
    let release!: () => void
    const holding = a._run(() => new Promise<string>((r) => (release = () => r('a'))))
    expect(await b._run(async () => 'b')).toBeUndefined()
    // Tab A died: its lease is never renewed and expires.
    now += LEASE_MS + 1
    expect(await b._run(async () => 'b')).toBe('b')
    release()
    expect(await holding).toBe('a')
  })
})
