import type { Event } from '@goyo/schema'
import { describe, expect, it } from 'vitest'
import { correctTimestamp, normalizeEvents, utf8Length } from './normalize'

const receivedAt = new Date('2026-03-01T12:00:10.000Z')

describe('correctTimestamp', () => {
  it('shifts the client time by the gap between its clock and the server clock', () => {
    // The client clock is 1 h behind: it sent at 11:00:05 what it recorded at 11:00:00.
    const corrected = correctTimestamp(new Date('2026-03-01T11:00:00Z'), new Date('2026-03-01T11:00:05Z'), receivedAt)
    expect(corrected.toISOString()).toBe('2026-03-01T12:00:05.000Z')
  })

  it('keeps the client time without sentAt, and uses receivedAt without any client time', () => {
    const clientTime = new Date('2025-01-01T00:00:00Z')
    expect(correctTimestamp(clientTime, null, receivedAt)).toBe(clientTime)
    expect(correctTimestamp(null, new Date(), receivedAt)).toBe(receivedAt)
  })

  it('falls back to receivedAt when the correction leaves the calendar', () => {
    const corrected = correctTimestamp(new Date('9999-01-01T00:00:00Z'), new Date('0002-01-01T00:00:00Z'), receivedAt)
    expect(corrected).toBe(receivedAt)
  })
})

describe('normalizeEvents', () => {
  const normalize = (events: Record<string, unknown>[], envelope = {}) =>
    normalizeEvents(events as Event[], events, envelope, receivedAt)

  it('prefers the per-event sentAt over the batch one and originalTimestamp over timestamp', () => {
    const [event] = normalize(
      [{ type: 'track', event: 'A', userId: 'u', messageId: 'm', originalTimestamp: '2026-03-01T11:00:00Z', timestamp: '2020-01-01T00:00:00Z', sentAt: '2026-03-01T11:00:01Z' }],
      { sentAt: '2026-03-01T11:30:00Z' },
    )
    expect(event!.timestamp.toISOString()).toBe('2026-03-01T12:00:09.000Z')
    expect(event!.originalTimestamp!.toISOString()).toBe('2026-03-01T11:00:00.000Z')
    expect(event!.sentAt!.toISOString()).toBe('2026-03-01T11:00:01.000Z')
  })

  it('merges the batch context into each event, the event winning', () => {
    const [event] = normalize(
      [{ type: 'track', event: 'A', userId: 'u', messageId: 'm', context: { locale: 'de-DE' } }],
      { context: { locale: 'en-US', groupId: 'acct' }, integrations: { All: false } },
    )
    const payload = JSON.parse(event!.payloadJson)
    expect(payload.context).toEqual({ locale: 'de-DE', groupId: 'acct' })
    expect(payload.integrations).toEqual({ All: false })
    expect(event!.groupId).toBe('acct')
  })

  it('generates a messageId when the client sent none', () => {
    const [event] = normalize([{ type: 'page', anonymousId: 'a' }])
    expect(event!.messageId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('counts UTF-8 bytes, not UTF-16 units', () => {
    expect(utf8Length('é'.repeat(20_000))).toBe(40_000)
    expect(utf8Length('😀'.repeat(10_000))).toBe(40_000)
  })
})
