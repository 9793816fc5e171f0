import type { WireEvent } from '../types'
import type { Outcome } from './types'
import { nav } from '../lib/globals'
import { parseRetryAfter } from './backoff'

/**
 * Chrome and Safari refuse a keepalive request once the keepalive bodies in flight from one page
 * pass 64 KiB (Fetch standard, "keepalive"). We stay a little under to leave room for headers.
 */
export const KEEPALIVE_BYTES = 60 * 1024

/**
 * What to do with a batch after a response. 408, 429 and 5xx are transient; any other 4xx means
 * the batch itself is unacceptable and re-sending it can never succeed.
 *
 * @example
 * classify(503) // 'retry'
 * classify(400) // 'drop'
 */
export function classify(status: number): 'ok' | 'retry' | 'drop' {
  if (status >= 200 && status < 300) return 'ok'
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry'
  return 'drop'
}

/** The request body of `POST /v1/batch`; `sentAt` lets the collector correct clock skew. */
export function batchBody(batch: WireEvent[], writeKey?: string): string {
  const body: { batch: WireEvent[]; sentAt: string; writeKey?: string } = { batch, sentAt: new Date().toISOString() }
  if (writeKey) body.writeKey = writeKey
  return JSON.stringify(body)
}

/** UTF-8 length of a string: the collector's limits are in bytes, not UTF-16 units. */
export const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length

/** Options of {@link postBatch}. */
export interface PostOptions {
  url: string
  writeKey: string
  body: string
  keepalive: boolean
  fetch?: typeof fetch
}

/**
 * Sends one batch with HTTP Basic auth (write key as user name, Segment style) and classifies the
 * result. Never rejects: a network error is `{ ok: false, retry: true, status: 0 }`.
 *
 * @example
 * const outcome = await postBatch({ url, writeKey, body: batchBody(events), keepalive: true })
 * if (outcome.retry) scheduleRetry(outcome._retryAfter)
 */
export async function postBatch({ url, writeKey, body, keepalive, fetch: fetchImpl = fetch }: PostOptions): Promise<Outcome> {
  let status = 0
  let retryAfter: number | undefined
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${btoa(`${writeKey}:`)}` },
      body,
      keepalive,
      credentials: 'omit',
    })
    status = response.status
    retryAfter = parseRetryAfter(response.headers.get('Retry-After'))
    // Read the (tiny) body: until it is consumed, Chrome counts a keepalive request against the
    // page's 64 KiB keepalive quota, and the next keepalive send fails with "Failed to fetch".
    await response.text()
  } catch {
    // Network error, CORS failure or a blocker: status 0, retried like a 503.
  }
  const verdict = classify(status)
  return { ok: verdict === 'ok', retry: verdict === 'retry', status, ...(retryAfter === undefined ? {} : { _retryAfter: retryAfter }) }
}

/**
 * The page-unload path: `sendBeacon`, which the browser delivers after the page is gone. A beacon
 * cannot carry an Authorization header, so the write key travels in the URL and the body (the
 * collector accepts both), and the body is text/plain so that no CORS preflight is needed.
 * Returns whether the browser accepted the beacon (it refuses past its 64 KiB quota).
 *
 * @example
 * if (beaconBatch(url, writeKey, events)) forget(events)
 */
export function beaconBatch(url: string, writeKey: string, batch: WireEvent[]): boolean {
  try {
    const target = `${url}?writeKey=${encodeURIComponent(writeKey)}`
    return !!nav?.sendBeacon(target, new Blob([batchBody(batch, writeKey)], { type: 'text/plain' }))
  } catch {
    return false
  }
}
