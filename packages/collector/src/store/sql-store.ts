import { BARE_POLICY } from '../rollup/policy'
import { appendToLog } from './append'
import { isUnavailable, StoreUnavailableError } from './errors'
import { foldPending } from './fold'
import { keepRecent, type RecentAppends } from './fold-tail'
import { migrate } from './migrate'
import type { SqlClient } from './sql'
import type { NormalizedEvent, Profile, Store, StoredEvent } from './store'

/**
 * The one `Store` implementation: the same SQL on PGlite and on PostgreSQL. Driver errors that
 * mean "the database is not there" are rethrown as `StoreUnavailableError`.
 */
export function createSqlStore(sql: SqlClient): Store {
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      if (isUnavailable(error)) throw new StoreUnavailableError('the database is unavailable', { cause: error })
      throw error
    }
  }

  // What this process appended, kept for the fold that reads it next (see RecentAppends).
  const recent: RecentAppends = new Map()
  const append = async (events: readonly NormalizedEvent[]) => {
    const appended = await sql.transaction((tx) => appendToLog(tx, events, sql.dialect))
    // Another replica may fold these; what no fold here reads is dropped, oldest first.
    if (appended.inserted > 0) keepRecent(recent, appended.transaction, appended.events)
    return appended.inserted
  }

  return {
    dialect: sql.dialect,
    sql,
    migrate: () => guard(() => migrate(sql)),
    ping: () => guard(async () => void (await sql.query('SELECT 1'))),
    append: (events) => guard(async () => ({ inserted: await append(events) })),
    fold: (policy) => guard(() => foldPending(sql, policy, { recent })),
    appendEvents: (events, options) =>
      guard(async () => {
        const inserted = await append(events)
        const { accounts } = await foldPending(sql, options?.policy ?? BARE_POLICY, { recent })
        return { inserted, accounts }
      }),

    getSetting: (key) =>
      guard(async () => {
        const rows = await sql.query<{ value: string }>('SELECT value FROM goyo_settings WHERE key = $1', [key])
        return rows[0]?.value ?? null
      }),

    setSettingOnce: (key, value) =>
      guard(async () => {
        // Two replicas that start together may both try; the first one's value is the one kept.
        await sql.query('INSERT INTO goyo_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value])
        const rows = await sql.query<{ value: string }>('SELECT value FROM goyo_settings WHERE key = $1', [key])
        return rows[0]!.value
      }),

    getUser: (userId) =>
      guard(async () => {
        const [row] = await sql.query<ProfileRow & { account_id: string | null }>(
          'SELECT user_id AS id, traits, first_seen, last_seen, account_id FROM users WHERE user_id = $1',
          [userId],
        )
        return row ? { ...toProfile(row), accountId: row.account_id } : null
      }),

    getAccount: (accountId) =>
      guard(async () => {
        const [row] = await sql.query<ProfileRow>(
          'SELECT account_id AS id, traits, first_seen, last_seen FROM accounts WHERE account_id = $1',
          [accountId],
        )
        return row ? toProfile(row) : null
      }),

    listEvents: ({ afterSeq = 0, limit = 1000 } = {}) =>
      guard(async () => {
        const rows = await sql.query<Record<string, unknown>>(
          `SELECT seq, message_id, type, event, name, user_id, anonymous_id, account_id, "timestamp",
                  original_timestamp, sent_at, received_at, payload
           FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`,
          [afterSeq, limit],
        )
        return rows.map(toStoredEvent)
      }),

    close: () => sql.close(),
  }
}

interface ProfileRow {
  id: string
  traits: Record<string, unknown> | string
  first_seen: Date | string
  last_seen: Date | string
}

function toProfile(row: ProfileRow): Profile {
  return {
    id: row.id,
    traits: typeof row.traits === 'string' ? JSON.parse(row.traits) : row.traits,
    firstSeen: new Date(row.first_seen),
    lastSeen: new Date(row.last_seen),
  }
}

function toStoredEvent(row: Record<string, unknown>): StoredEvent {
  const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string))
  return {
    seq: Number(row.seq),
    messageId: row.message_id as string,
    type: row.type as string,
    event: (row.event as string | null) ?? null,
    name: (row.name as string | null) ?? null,
    userId: (row.user_id as string | null) ?? null,
    anonymousId: (row.anonymous_id as string | null) ?? null,
    accountId: (row.account_id as string | null) ?? null,
    timestamp: date(row.timestamp)!,
    originalTimestamp: date(row.original_timestamp),
    sentAt: date(row.sent_at),
    receivedAt: date(row.received_at)!,
    payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>,
  }
}
