import { doc, getLocalStorage, win } from './globals'

/** A small string key-value store. */
export interface Kv {
  get(key: string): string | null
  set(key: string, value: string): void
  remove(key: string): void
}

/** Cookie-backed store, for pages where localStorage is blocked but cookies are not. */
export function cookieKv(document: Document | undefined = doc): Kv | undefined {
  if (!document) return undefined
  // Secure only on https: on http the browser would silently refuse the cookie.
  const write = (key: string, value: string, maxAge: number): void => {
    document.cookie = `${key}=${encodeURIComponent(value)};path=/;max-age=${maxAge};SameSite=Lax${win?.location.protocol === 'https:' ? ';Secure' : ''}`
  }
  return {
    get: (key) => {
      const match = document.cookie.match(new RegExp(`(?:^|; )${key}=([^;]*)`))
      return match ? decodeURIComponent(match[1]!) : null
    },
    set: (key, value) => write(key, value, 31536000), // a year
    remove: (key) => write(key, '', 0),
  }
}

/** Map-backed store: lives as long as the page (tests use it as a stand-in for the disk). */
export function memoryKv(): Kv {
  const map = new Map<string, string>()
  return {
    get: (key) => map.get(key) ?? null,
    set: (key, value) => void map.set(key, value),
    remove: (key) => void map.delete(key),
  }
}

/** A {@link Kv} that can move its memory to and from the disk as consent changes. */
export interface ConsentKv extends Kv {
  /** Writes every value held in memory to storage (consent granted). */
  _sync(): void
  /** Deletes every value from storage but keeps it in memory (consent withdrawn). */
  _wipe(): void
}

/**
 * First-party storage for identity and milestones: localStorage, else a cookie, else memory.
 * Every value is also kept in memory, and `persist()` is asked before each write so that
 * without consent nothing reaches the disk while the page still works. Storage errors (quota,
 * blocked cookies) are swallowed: memory still holds the value for this page.
 *
 * @example
 * const kv = createKv(() => consent.granted)
 * kv.set('goyo_aid', id)
 */
export function createKv(persist: () => boolean, backing: Kv | undefined = localStorageKv() ?? cookieKv()): ConsentKv {
  const memory = new Map<string, string>()
  const disk = (fn: (_store: Kv) => void): void => {
    try {
      if (backing) fn(backing)
    } catch {
      // Memory keeps the value for this page.
    }
  }
  return {
    get(key) {
      let value = memory.get(key) ?? null
      if (value === null && persist()) disk((_store) => (value = _store.get(key)))
      if (value !== null) memory.set(key, value)
      return value
    },
    set(key, value) {
      memory.set(key, value)
      if (persist()) disk((_store) => _store.set(key, value))
    },
    remove(key) {
      memory.delete(key)
      disk((_store) => _store.remove(key))
    },
    _sync: () => memory.forEach((value, key) => disk((_store) => _store.set(key, value))),
    _wipe: () => memory.forEach((_, key) => disk((_store) => _store.remove(key))),
  }
}

function localStorageKv(): Kv | undefined {
  const ls = getLocalStorage()
  return ls && { get: (key) => ls.getItem(key), set: (key, value) => ls.setItem(key, value), remove: (key) => ls.removeItem(key) }
}
