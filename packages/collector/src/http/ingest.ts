import {
  batchSchema,
  describeIssues,
  eventSchema,
  validate,
  type Event,
  type EventType,
  type ValidationIssue,
} from '@goyo/schema'
import type { Context } from 'hono'
import { z } from 'zod'
import { normalizeEvents, type NormalizedEvent } from '../ingest/normalize'
import type { WriteQueue } from '../ingest/write-queue'
import { isUnavailable } from '../store/errors'
import { trustedFields, type IgnoredValue } from '../trust/trusted-fields'
import { requireWriteKey, writeKeyOf, type Keys } from './auth'
import { readJsonBody } from './body'
import { HttpError } from './errors'
import { parseWith } from './query'
import { takeTokens, type Bucket, type RateLimit } from './rate-limit'

/** What the ingest handlers need. */
export interface IngestDeps {
  keys: Keys
  writes: WriteQueue
  rateLimit: RateLimit | false
  /** Seconds a client should wait after a 503. */
  retryAfterSeconds: number
  /** Longest wait for a commit before answering 503 (ms); the client retries, dedupe does the rest. */
  writeTimeoutMs: number
  now(): number
}

/** Segment's short paths used by analytics.js, and the long ones, mapped to event types. */
export const SINGLE_EVENT_PATHS: Record<string, EventType> = {
  track: 'track', t: 'track',
  identify: 'identify', i: 'identify',
  group: 'group', g: 'group',
  page: 'page', p: 'page',
  screen: 'screen', s: 'screen',
  alias: 'alias', a: 'alias',
}

/** Ingest's query: the write key, if a client puts it there; other parameters are bounded and ignored. */
const ingestQuery = z.object({ writeKey: z.string().max(200).optional() }).catchall(z.string().max(2000))

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Builds the handler for `POST /v1/batch` (`kind` = 'batch') or one single-event path.
 * It answers 200 `{"success":true}` only after the events are committed.
 */
export function ingestHandler(deps: IngestDeps, kind: 'batch' | EventType) {
  const bucket: Bucket = { tokens: deps.rateLimit ? deps.rateLimit.burst : 0, updatedAt: deps.now() }

  return async (c: Context) => {
    const receivedAt = new Date(deps.now())
    parseWith(ingestQuery, c.req.query())
    // A key in the header or query is checked before the body is read, so a flood without the
    // key costs nothing but the headers.
    const early = writeKeyOf(c)
    if (early) requireWriteKey(early, deps.keys)

    const body = await readJsonBody(c.req.raw)
    if (!early) requireWriteKey(writeKeyOf(c, body), deps.keys)
    if (!isObject(body)) throw new HttpError(400, 'invalid_batch', 'the body must be a JSON object')

    const { parsed, raw, envelope } = kind === 'batch' ? parseBatch(body) : parseSingle(body, kind)

    if (deps.rateLimit) {
      const wait = takeTokens(bucket, parsed.length, deps.rateLimit, deps.now())
      if (wait > 0) {
        throw new HttpError(429, 'rate_limited', `too many events; retry in ${wait} s`, {}, { 'Retry-After': String(wait) })
      }
    }

    const { events, ignored } = applyTrustPolicy(normalizeEvents(parsed, raw, envelope, receivedAt), kind === 'batch' ? 'batch' : '')
    await commit(deps, () => deps.writes.enqueue(events))
    // Segment clients read only `success`; `ignored` tells a developer which values were stored
    // in the raw event but not used (CS-owned traits, numbers out of range).
    return c.json(ignored.length > 0 ? { success: true, ignored } : { success: true })
  }
}

/**
 * Applies the trust policy (trust/trusted-fields.ts) to events sent with the public write key:
 * what the write path applies leaves out CS-owned traits and unusable report numbers, while each
 * event's raw payload keeps them.
 */
function applyTrustPolicy(events: NormalizedEvent[], prefix: 'batch' | ''): { events: NormalizedEvent[]; ignored: IgnoredValue[] } {
  const ignored: IgnoredValue[] = []
  const trusted = events.map((event, index) => {
    const result = trustedFields(event)
    if (result.ignored.length === 0) return event
    for (const item of result.ignored) ignored.push({ path: prefix ? `${prefix}[${index}].${item.path}` : item.path, reason: item.reason })
    return { ...event, traits: result.traits, properties: result.properties }
  })
  return { events: trusted, ignored }
}

function parseBatch(body: Record<string, unknown>) {
  const result = validate(batchSchema, body)
  if (!result.ok) throw invalid(result.issues)
  return {
    parsed: result.value.batch as Event[],
    raw: body.batch as Record<string, unknown>[],
    envelope: result.value,
  }
}

function parseSingle(body: Record<string, unknown>, type: EventType) {
  // The path names the type; Segment's single-event endpoints do not require it in the body.
  const event: Record<string, unknown> = { ...body, type }
  delete event.writeKey
  const result = validate(eventSchema, event)
  if (!result.ok) throw invalid(result.issues)
  return { parsed: [result.value], raw: [event], envelope: {} }
}

function invalid(issues: ValidationIssue[]): HttpError {
  return new HttpError(400, 'invalid_batch', describeIssues(issues), { issues })
}

/**
 * Waits for the commit. A store that is down, or that does not answer within the timeout, gets
 * 503 with Retry-After: the client keeps the events and sends them again, and the messageId makes
 * that safe even if the slow commit did land after all.
 */
export async function commit(deps: Pick<IngestDeps, 'retryAfterSeconds' | 'writeTimeoutMs'>, write: () => Promise<void>) {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('write timeout')), deps.writeTimeoutMs)
  })
  try {
    await Promise.race([write(), timeout])
  } catch (error) {
    const reason = isUnavailable(error) ? 'the store is unavailable' : 'the store did not accept the write'
    throw new HttpError(503, 'unavailable', `${reason}; retry later`, {}, { 'Retry-After': String(deps.retryAfterSeconds) }, error)
  } finally {
    clearTimeout(timer)
  }
}
