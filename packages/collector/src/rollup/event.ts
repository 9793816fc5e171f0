import type { EventType } from '@goyo/schema'

/**
 * An event as the fold reads it back from the log: the columns and the parts of the payload that
 * rollups depend on, nothing more. Every rollup is a function of these events (see `summarize`).
 */
export interface LoggedEvent {
  messageId: string
  type: EventType
  /** The `track` event name; null for other types. */
  event: string | null
  /** The `page`/`screen` name. */
  name: string | null
  userId: string | null
  anonymousId: string | null
  /** The account ingest gave the event: its own group, else the last group its user joined. */
  accountId: string | null
  /** The client's time corrected for clock skew. */
  timestamp: Date
  /** Properties of a track, page or screen call. */
  properties: Record<string, unknown> | null
  /** Traits of an identify or group call. */
  traits: Record<string, unknown> | null
  /** The id an alias call links to `userId`. */
  previousId: string | null
}
