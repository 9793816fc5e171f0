import { randomHex } from '../lib/id'

/** How long a sender's lease lasts without renewal: a crashed tab blocks fallback senders this long. */
export const LEASE_MS = 10_000

/** Mutual exclusion between the tabs of one site, so that one event is never sent twice at once. */
export interface TabLock {
  /** Runs `fn` while holding the lock; resolves `undefined` without running it if another tab holds it. */
  _run<T>(fn: () => Promise<T>): Promise<T | undefined>
  /** Whether another tab is sending right now (read synchronously, for the unload path). */
  _otherSending(): boolean
}

/** Options of {@link createTabLock}; everything is injectable for tests. */
export interface TabLockOptions {
  locks?: LockManager | undefined
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined
  now?: () => number
  tabId?: string
}

/**
 * Web Locks when the browser has them (the lock is released by the browser even when a tab dies
 * mid-send, so its events stay queued for the others); otherwise a lease in localStorage renewed
 * while sending. Both write the lease, because the unload path must know synchronously whether
 * another tab is sending and Web Locks can only be queried asynchronously.
 *
 * @example
 * const lock = createTabLock('goyo:send:wk_1', { locks: navigator.locks, storage: localStorage })
 * await lock.run(() => drainQueue())
 */
export function createTabLock(name: string, { locks, storage, now = Date.now, tabId = randomHex(16) }: TabLockOptions): TabLock {
  const read = (): [string, number] | undefined => {
    try {
      const value = storage?.getItem(name)
      if (!value) return undefined
      const bar = value.lastIndexOf('|')
      return [value.slice(0, bar), Number(value.slice(bar + 1))]
    } catch {
      return undefined
    }
  }
  const write = (): void => {
    try {
      storage?.setItem(name, `${tabId}|${now() + LEASE_MS}`)
    } catch {
      // Without storage the lease is only a hint; Web Locks (if any) still exclude.
    }
  }
  const otherSending = (): boolean => {
    const lease = read()
    return !!lease && lease[0] !== tabId && lease[1] > now()
  }
  const hold = async <T>(fn: () => Promise<T>): Promise<T> => {
    write()
    const renew = setInterval(write, LEASE_MS / 3)
    try {
      return await fn()
    } finally {
      clearInterval(renew)
      try {
        if (read()?.[0] === tabId) storage?.removeItem(name)
      } catch {
        // The lease expires on its own.
      }
    }
  }
  return {
    _run(fn) {
      if (locks) return locks.request(name, () => hold(fn))
      if (otherSending()) return Promise.resolve(undefined)
      return hold(fn)
    },
    _otherSending: otherSending,
  }
}
