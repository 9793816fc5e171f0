/** Options of {@link createKeyThrottle}. */
export interface KeyThrottleOptions {
  /** Wrong keys an address may send within `windowMs` before it has to wait. Default 10. */
  freeFailures: number
  /** How long failures count, from the first one (ms). Default 60,000. */
  windowMs: number
  /** Most addresses remembered at once; beyond it the oldest are forgotten. Default 10,000. */
  maxAddresses: number
}

export const DEFAULT_KEY_THROTTLE: KeyThrottleOptions = { freeFailures: 10, windowMs: 60_000, maxAddresses: 10_000 }

/** Slows down guessing of the secret key, per client address. */
export interface KeyThrottle {
  /** Seconds `address` must wait before its next key is even looked at; 0 when it may try now. */
  waitSeconds(address: string, now: number): number
  /** Counts one wrong key from `address`. */
  recordFailure(address: string, now: number): void
}

interface Failures {
  count: number
  since: number
}

/**
 * After `freeFailures` wrong keys within a window, an address gets 429 with `Retry-After` until the
 * window ends, whatever key it sends. An address is remembered only while its window runs (one
 * minute by default) and only after a failure; the map is bounded, so a flood of addresses cannot
 * grow it.
 *
 * @example
 * const throttle = createKeyThrottle()
 * if (throttle.waitSeconds(ip, Date.now()) > 0) return tooMany()
 * if (!correct) throttle.recordFailure(ip, Date.now())
 */
export function createKeyThrottle(options: Partial<KeyThrottleOptions> = {}): KeyThrottle {
  const { freeFailures, windowMs, maxAddresses } = { ...DEFAULT_KEY_THROTTLE, ...options }
  const failures = new Map<string, Failures>()

  const current = (address: string, now: number): Failures | undefined => {
    const entry = failures.get(address)
    if (entry && now - entry.since >= windowMs) {
      failures.delete(address)
      return undefined
    }
    return entry
  }

  // Insertion order is age order: when full, the addresses whose failures are oldest go first.
  const makeRoom = () => {
    for (const address of failures.keys()) {
      if (failures.size < maxAddresses) return
      failures.delete(address)
    }
  }

  return {
    waitSeconds(address, now) {
      const entry = current(address, now)
      if (!entry || entry.count < freeFailures) return 0
      return Math.max(1, Math.ceil((entry.since + windowMs - now) / 1000))
    },
    recordFailure(address, now) {
      const entry = current(address, now)
      if (entry) entry.count++
      else {
        makeRoom()
        failures.set(address, { count: 1, since: now })
      }
    },
  }
}
