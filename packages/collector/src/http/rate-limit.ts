/** A token bucket: `rate` tokens per second, holding at most `burst`. */
export interface Bucket {
  tokens: number
  updatedAt: number
}

/** Rate limit settings: events per second per write key, and the burst allowed above it. */
export interface RateLimit {
  eventsPerSecond: number
  burst: number
}

/** Generous by default: well above what one workspace's browsers send, low enough to stop a flood. */
export const DEFAULT_RATE_LIMIT: RateLimit = { eventsPerSecond: 100_000, burst: 200_000 }

/**
 * Takes `cost` tokens from the bucket if it has them. Pure: the caller keeps the bucket.
 * @returns 0 when allowed, else the seconds to wait before the same request would pass.
 */
export function takeTokens(bucket: Bucket, cost: number, limit: RateLimit, now: number): number {
  const elapsed = Math.max(0, now - bucket.updatedAt) / 1000
  bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsed * limit.eventsPerSecond)
  bucket.updatedAt = now
  if (bucket.tokens >= cost) {
    bucket.tokens -= cost
    return 0
  }
  const needed = Math.min(cost, limit.burst) - bucket.tokens
  return Math.max(1, Math.ceil(needed / limit.eventsPerSecond))
}
