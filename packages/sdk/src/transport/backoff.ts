/** Options of {@link backoff}. */
export interface BackoffOptions {
  /** Zero-based number of failures so far. */
  attempt: number
  /** Delay ceiling of the first retry, ms. Default `1000`. */
  min?: number
  /** Ceiling of any delay, ms. Default `60000`. */
  max?: number
  /** Growth per attempt. Default `2`. */
  factor?: number
  /** `[0, 1)` source, injectable for tests. Default `Math.random`. */
  random?: () => number
}

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * a uniformly random delay between 0 and `min * factor^attempt`, capped at `max`. Full jitter
 * spreads the retries of thousands of pages that all failed at the same outage.
 *
 * @example
 * backoff({ attempt: 3, random: () => 0.5 }) // 4000: half of 1000 * 2^3
 */
export function backoff({ attempt, min = 1000, max = 60_000, factor = 2, random = Math.random }: BackoffOptions): number {
  return Math.floor(random() * Math.min(max, min * factor ** attempt))
}

/** Longest `Retry-After` we honour, so that a misconfigured server cannot park a queue for days. */
export const MAX_RETRY_AFTER = 10 * 60_000

/**
 * The delay before the next attempt: the server's `Retry-After` when it sent one (plus up to a
 * second of jitter so that rate-limited pages do not return in lockstep), else {@link backoff}.
 *
 * @example
 * retryDelay({ attempt: 0, _retryAfter: 5000, random: () => 0 }) // 5000
 */
export function retryDelay(options: BackoffOptions & { _retryAfter?: number | undefined }): number {
  const { _retryAfter: retryAfter, random = Math.random } = options
  if (retryAfter !== undefined) return Math.min(retryAfter, MAX_RETRY_AFTER) + Math.floor(random() * 1000)
  return backoff(options)
}

/**
 * Parses `Retry-After` as delta seconds (RFC 9110 §10.2.3), the form the collector sends. Returns
 * ms, or undefined when absent or in another form: an HTTP date (which no Goyo collector sends)
 * falls back to the backoff, which costs a retry a little early rather than bytes on every page.
 *
 * @example
 * parseRetryAfter('7') // 7000
 */
export function parseRetryAfter(value: string | null | undefined): number | undefined {
  return value && /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : undefined
}
