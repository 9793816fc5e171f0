import { describe, expect, it } from 'vitest'
import { takeTokens, type Bucket } from './rate-limit'

const limit = { eventsPerSecond: 10, burst: 20 }

describe('takeTokens', () => {
  it('allows a burst, then asks to wait for the refill', () => {
    const bucket: Bucket = { tokens: 20, updatedAt: 0 }
    expect(takeTokens(bucket, 20, limit, 0)).toBe(0)
    expect(takeTokens(bucket, 5, limit, 0)).toBe(1)
    expect(takeTokens(bucket, 5, limit, 500)).toBe(0)
  })

  it('asks a request larger than the burst to wait for a full bucket, not forever', () => {
    const bucket: Bucket = { tokens: 0, updatedAt: 0 }
    expect(takeTokens(bucket, 100, limit, 0)).toBe(2)
  })

  it('never holds more than the burst', () => {
    const bucket: Bucket = { tokens: 0, updatedAt: 0 }
    takeTokens(bucket, 0, limit, 60_000)
    expect(bucket.tokens).toBe(20)
  })
})
