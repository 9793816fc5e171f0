import { MAX_EVENT_BYTES, type Batch, type Event } from '@goyo/schema'
import { HttpError } from '../http/errors'
import type { NormalizedEvent } from '../store/store'
import { cleanString, cleanValue, needsCleaning } from './sanitize'

export type { NormalizedEvent } from '../store/store'

type Envelope = Pick<Batch, 'sentAt' | 'context' | 'integrations'>

/**
 * Segment's clock-skew correction: `timestamp = receivedAt − (sentAt − originalTimestamp)`.
 * Clients differ in which fields they send (see the analytics anchors, C.8): the per-event
 * `sentAt` wins over the batch's, and `timestamp` stands in for a missing `originalTimestamp`.
 */
export function correctTimestamp(clientTime: Date | null, sentAt: Date | null, receivedAt: Date): Date {
  if (!clientTime) return receivedAt
  if (!sentAt) return clientTime
  const corrected = receivedAt.getTime() - (sentAt.getTime() - clientTime.getTime())
  // Two wildly wrong client clocks can push the result out of any calendar; the server's time is
  // then the best estimate left.
  return corrected >= EARLIEST && corrected <= LATEST ? new Date(corrected) : receivedAt
}

const EARLIEST = Date.parse('0001-01-01T00:00:00Z')
const LATEST = Date.parse('9999-12-31T23:59:59.999Z')

const optional = (value: string | number | undefined | null): string | null =>
  value === undefined || value === null ? null : cleanString(String(value))

const toDate = (value: string | undefined): Date | null => (value === undefined ? null : new Date(value))

/** UTF-8 length without allocating; JSON text is mostly ASCII, so the loop is short-circuited. */
export function utf8Length(text: string): number {
  if (text.length * 3 <= MAX_EVENT_BYTES) return text.length * 3
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

/**
 * Turns validated events into rows. `raw` are the same events as parsed from JSON, kept whole so
 * that fields Goyo does not model (`_metadata`, `channel`, ...) are stored too.
 * @throws HttpError 413 when one event is larger than {@link MAX_EVENT_BYTES}.
 */
export function normalizeEvents(
  parsed: readonly Event[],
  raw: readonly Record<string, unknown>[],
  envelope: Envelope,
  receivedAt: Date,
): NormalizedEvent[] {
  const batchSentAt = toDate(envelope.sentAt)
  return parsed.map((event, index) => {
    const messageId = event.messageId ?? crypto.randomUUID()
    const source = raw[index] ?? {}
    const payload: Record<string, unknown> = { ...source, messageId }
    if (envelope.context) payload.context = { ...envelope.context, ...(source.context as object | undefined) }
    if (envelope.integrations && source.integrations === undefined) payload.integrations = envelope.integrations
    let payloadJson = JSON.stringify(payload)
    const unsafe = needsCleaning(payloadJson)
    if (unsafe) payloadJson = JSON.stringify(cleanValue(payload))
    if (utf8Length(payloadJson) > MAX_EVENT_BYTES) {
      throw new HttpError(413, 'payload_too_large', `batch[${index}] is larger than ${MAX_EVENT_BYTES} bytes`)
    }
    const originalTimestamp = toDate(event.originalTimestamp ?? event.timestamp)
    const sentAt = toDate(event.sentAt) ?? batchSentAt
    const contextGroupId = event.context?.groupId ?? (envelope.context?.groupId as string | number | undefined)
    const traits = event.type === 'identify' || event.type === 'group' ? (event.traits ?? {}) : null
    const properties = 'properties' in event && event.properties ? (event.properties as Record<string, unknown>) : null
    return {
      messageId: cleanString(messageId),
      type: event.type,
      event: event.type === 'track' ? cleanString(event.event) : null,
      name: event.type === 'page' || event.type === 'screen' ? optional(event.name) : null,
      userId: optional(event.userId),
      anonymousId: optional(event.anonymousId),
      groupId: event.type === 'group' ? cleanString(event.groupId) : optional(contextGroupId),
      traits: unsafe && traits ? (cleanValue(traits) as Record<string, unknown>) : traits,
      properties: unsafe && properties ? (cleanValue(properties) as Record<string, unknown>) : properties,
      previousId: event.type === 'alias' ? cleanString(event.previousId) : null,
      timestamp: correctTimestamp(originalTimestamp, sentAt, receivedAt),
      originalTimestamp,
      sentAt,
      receivedAt,
      payloadJson,
    }
  })
}
