import { describe, expect, it } from 'vitest'
import { backoff, parseRetryAfter, retryDelay, MAX_RETRY_AFTER } from './backoff'

describe('backoff', () => {
  it('grows exponentially under full jitter', () => {
    const top = (attempt: number) => backoff({ attempt, random: () => 0.999999 })
    expect([0, 1, 2, 3].map(top)).toEqual([999, 1999, 3999, 7999])
    expect(backoff({ attempt: 3, random: () => 0 })).toBe(0) // full jitter reaches down to zero
    expect(backoff({ attempt: 3, random: () => 0.5 })).toBe(4000)
  })

  it('is capped at 60 s however many attempts failed', () => {
    expect(backoff({ attempt: 50, random: () => 0.999999 })).toBe(59999)
    expect(backoff({ attempt: 1000, random: () => 0.999999 })).toBe(59999) // no Infinity / NaN
  })

  it('spreads delays between 0 and the ceiling with the default random', () => {
    const samples = Array.from({ length: 200 }, () => backoff({ attempt: 4 }))
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...samples)).toBeLessThan(16000)
    expect(new Set(samples).size).toBeGreaterThan(50)
  })
})

describe('retryDelay', () => {
  it('uses Retry-After when the server sent one, with up to 1 s of jitter', () => {
    expect(retryDelay({ attempt: 5, _retryAfter: 7000, random: () => 0 })).toBe(7000)
    expect(retryDelay({ attempt: 5, _retryAfter: 7000, random: () => 0.5 })).toBe(7500)
  })

  it('caps an absurd Retry-After', () => {
    expect(retryDelay({ attempt: 0, _retryAfter: 86_400_000, random: () => 0 })).toBe(MAX_RETRY_AFTER)
  })

  it('falls back to backoff without Retry-After', () => {
    expect(retryDelay({ attempt: 2, random: () => 0.5 })).toBe(2000)
  })
})

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('7')).toBe(7000)
    expect(parseRetryAfter(' 0 ')).toBe(0)
  })

  // The collector only ever sends seconds; an HTTP date falls back to the backoff (bytes saved on every page).
  it('leaves an HTTP date to the backoff', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT')).toBeUndefined()
  })

  it('ignores absent or garbage values', () => {
    expect(parseRetryAfter(null)).toBeUndefined()
    expect(parseRetryAfter('')).toBeUndefined()
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter('-5')).toBeUndefined()
    expect(parseRetryAfter('1.5')).toBeUndefined()
  })
})
