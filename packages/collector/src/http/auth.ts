import type { Context } from 'hono'
import { HttpError } from './errors'
import type { KeyThrottle } from './key-throttle'
import { clientAddress } from './transport'

/** The workspace's two keys: the public write key and the secret key for reports and admin. */
export interface Keys {
  writeKey: string
  secretKey: string
}

/**
 * Compares two strings in time that depends only on the length of `expected`, so that response
 * times reveal nothing about how much of a guessed key was right.
 */
export function constantTimeEqual(actual: string, expected: string): boolean {
  let difference = actual.length ^ expected.length
  for (let i = 0; i < expected.length; i++) {
    difference |= (actual.charCodeAt(i % Math.max(actual.length, 1)) || 0) ^ expected.charCodeAt(i)
  }
  return difference === 0
}

/** The username of `Authorization: Basic`, which is where Segment clients put the write key. */
export function basicUsername(header: string | null | undefined): string | null {
  if (!header || !/^basic /i.test(header)) return null
  try {
    const decoded = atob(header.slice(6).trim())
    const colon = decoded.indexOf(':')
    return colon === -1 ? decoded : decoded.slice(0, colon)
  } catch {
    return null
  }
}

/** The token of `Authorization: Bearer`. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header || !/^bearer /i.test(header)) return null
  return header.slice(7).trim() || null
}

/**
 * Finds the write key of an ingest or content request: Basic username, then `?writeKey=`, then
 * `writeKey` in the body.
 */
export function writeKeyOf(c: Context, body?: unknown): string | null {
  const fromHeader = basicUsername(c.req.header('authorization'))
  if (fromHeader) return fromHeader
  const fromQuery = c.req.query('writeKey')
  if (fromQuery) return fromQuery
  if (body && typeof body === 'object' && typeof (body as { writeKey?: unknown }).writeKey === 'string') {
    return (body as { writeKey: string }).writeKey
  }
  return null
}

const unauthorized = (message: string) =>
  new HttpError(401, 'unauthorized', message, {}, { 'WWW-Authenticate': 'Basic realm="goyo"' })

/** Throws 401 unless `key` is the write key. */
export function requireWriteKey(key: string | null, keys: Keys): void {
  if (!key) throw unauthorized('missing write key: send it as the Basic auth username, ?writeKey= or "writeKey" in the body')
  if (!constantTimeEqual(key, keys.writeKey)) throw unauthorized('wrong write key')
}

/**
 * Throws unless the request carries the secret key as `Authorization: Bearer`: 401 when it is
 * missing or wrong, 403 when it is the write key (which is public and may only ingest).
 */
export function requireSecretKey(token: string | null, keys: Keys): void {
  if (!token) throw new HttpError(401, 'unauthorized', 'missing secret key: send Authorization: Bearer <secret key>')
  if (constantTimeEqual(token, keys.secretKey)) return
  if (constantTimeEqual(token, keys.writeKey)) {
    throw new HttpError(403, 'forbidden', 'the write key can only send events; use the secret key here')
  }
  throw new HttpError(401, 'unauthorized', 'wrong secret key')
}

/** What {@link guardSecretKey} needs: the keys, and the throttle of wrong keys per address. */
export interface SecretKeyGate {
  keys: Keys
  keyThrottle?: KeyThrottle
  trustProxy?: boolean
  now(): number
}

/**
 * {@link requireSecretKey} for a request, throttled per client address: an address that sent too
 * many wrong keys gets 429 with `Retry-After` before its key is even compared, so the secret key
 * cannot be guessed at network speed. A missing key or the write key is not a guess and is not
 * counted.
 */
export function guardSecretKey(c: Context, gate: SecretKeyGate, token: string | null = bearerToken(c.req.header('authorization'))): void {
  const address = gate.keyThrottle ? clientAddress(c, gate.trustProxy ?? false) : undefined
  if (address !== undefined && gate.keyThrottle) {
    const wait = gate.keyThrottle.waitSeconds(address, gate.now())
    if (wait > 0) throw new HttpError(429, 'too_many_wrong_keys', `too many wrong keys from this address; retry in ${wait} s`, {}, { 'Retry-After': String(wait) })
  }
  try {
    requireSecretKey(token, gate.keys)
  } catch (error) {
    if (address !== undefined && token !== null && error instanceof HttpError && error.status === 401) gate.keyThrottle?.recordFailure(address, gate.now())
    throw error
  }
}
