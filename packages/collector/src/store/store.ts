import type { NormalizedEvent } from '../ingest/normalize'
import type { ConversionRule } from './conversions'
import type { SqlClient } from './sql'

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
   * Writes events in one transaction, all or nothing. Events whose messageId is already stored
   * are skipped, and so are their side effects on users and accounts.
   * `conversions` derive `Prompt Converted` in the same transaction (see `deriveConversions`).
   * @returns how many events were new, and the accounts they belong to.
   */
  appendEvents(
    events: readonly NormalizedEvent[],
    options?: { conversions?: readonly ConversionRule[] },
  ): Promise<{ inserted: number; accounts: string[] }>
  getSetting(key: string): Promise<string | null>
  /** Stores `value` unless the key exists already; returns the value now stored. */
  setSettingOnce(key: string, value: string): Promise<string>
  getUser(userId: string): Promise<Profile | null>
  getAccount(accountId: string): Promise<Profile | null>
  /** Events in storage order, for export and tests. */
  listEvents(options?: { afterSeq?: number; limit?: number }): Promise<StoredEvent[]>
  close(): Promise<void>
}
