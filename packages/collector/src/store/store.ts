import type { EventType } from '@goyo/schema'
import type { FoldPolicy } from '../rollup/policy'
import type { SqlClient } from './sql'

/** An event ready to be written: the columns the store indexes, plus the payload as JSON text. */
export interface NormalizedEvent {
  messageId: string
  type: EventType
  /** The `track` event name; null for other types. */
  event: string | null
  /** The `page`/`screen` name. */
  name: string | null
  userId: string | null
  anonymousId: string | null
  /** `context.groupId`, or the `groupId` of a group call: the account this event names itself. */
  groupId: string | null
  /** Properties of a track, page or screen call. */
  properties: Record<string, unknown> | null
  /** Traits of an identify or group call. */
  traits: Record<string, unknown> | null
  /** The id an alias call links to `userId`. */
  previousId: string | null
  /** The client's time corrected for clock skew (Segment's `timestamp`). */
  timestamp: Date
  /** The client's own time, as sent. */
  originalTimestamp: Date | null
  sentAt: Date | null
  /** The collector's time. */
  receivedAt: Date
  /** The event as received, batch context merged in, serialised once. */
  payloadJson: string
}

/** What a fold did. */
export interface FoldOutcome {
  folded: number
  /** Accounts whose rollups changed, for the customer-success engine. */
  accounts: string[]
}

/** A stored event as read back. */
export interface StoredEvent {
  seq: number
  messageId: string
  type: string
  event: string | null
  name: string | null
  userId: string | null
  anonymousId: string | null
  accountId: string | null
  timestamp: Date
  originalTimestamp: Date | null
  sentAt: Date | null
  receivedAt: Date
  payload: Record<string, unknown>
}

/** A user or an account with its merged traits. */
export interface Profile {
  id: string
  traits: Record<string, unknown>
  firstSeen: Date
  lastSeen: Date
  /** For users: the account of their last group call. */
  accountId?: string | null
}

/**
 * Everything the collector keeps. One implementation runs the same SQL on PGlite and on a
 * PostgreSQL server; see `createSqlStore`.
 */
export interface Store {
  readonly dialect: 'pglite' | 'postgres'
  /**
   * The SQL client, for the engine and reports (`overview` and `events` included), which keep
   * their queries next to their logic.
   * Errors from it are the driver's; wrap calls with `isUnavailable` where a 503 matters.
   */
  readonly sql: SqlClient
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>
  /** Resolves when the database answers; throws `StoreUnavailableError` otherwise. */
  ping(): Promise<void>
  /**
   * Appends events to the log in one transaction, all or nothing: the request path. An event whose
   * messageId is stored already, or repeated earlier in `events`, is skipped (the first one wins).
   * Rollups are not touched; `fold` applies them.
   * @returns how many events were new.
   */
  append(events: readonly NormalizedEvent[]): Promise<{ inserted: number }>
  /**
   * Applies every committed event not yet folded to the rollups (users, identities, accounts,
   * usage, firsts, timeline, revenue, derived conversions), exactly once, in coalesced chunks.
   * @returns how many events were folded, and the accounts whose rollups changed.
   */
  fold(policy: FoldPolicy): Promise<FoldOutcome>
  /**
   * `append`, then `fold`: events stored and counted before it resolves. For seeding, the CLI and
   * tests; the collector appends on the request path and folds in the background.
   */
  appendEvents(events: readonly NormalizedEvent[], options?: { policy?: FoldPolicy }): Promise<{ inserted: number; accounts: string[] }>
  getSetting(key: string): Promise<string | null>
  /** Stores `value` unless the key exists already; returns the value now stored. */
  setSettingOnce(key: string, value: string): Promise<string>
  getUser(userId: string): Promise<Profile | null>
  getAccount(accountId: string): Promise<Profile | null>
  /** Events in storage order, for export and tests. */
  listEvents(options?: { afterSeq?: number; limit?: number }): Promise<StoredEvent[]>
  close(): Promise<void>
}
