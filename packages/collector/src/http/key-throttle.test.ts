import { describe, expect, it } from 'vitest'
import { createKeyThrottle } from './key-throttle'

describe('key throttle', () => {
  it('lets an address fail freely, then makes it wait until its window ends', () => {
    const throttle = createKeyThrottle({ freeFailures: 3, windowMs: 10_000 })
    for (let i = 0; i < 3; i++) {
      expect(throttle.waitSeconds('a', 1000)).toBe(0)
      throttle.recordFailure('a', 1000)
    }
    expect(throttle.waitSeconds('a', 2000)).toBe(9)
    expect(throttle.waitSeconds('b', 2000)).toBe(0)
    expect(throttle.waitSeconds('a', 11_000)).toBe(0)
  })

  it('remembers at most maxAddresses, dropping the oldest', () => {
    const throttle = createKeyThrottle({ freeFailures: 1, windowMs: 60_000, maxAddresses: 2 })
    throttle.recordFailure('a', 0)
    throttle.recordFailure('b', 1)
    throttle.recordFailure('c', 2)
    expect(throttle.waitSeconds('a', 3)).toBe(0)
    expect(throttle.waitSeconds('b', 3)).toBeGreaterThan(0)
    expect(throttle.waitSeconds('c', 3)).toBeGreaterThan(0)
  })
})
