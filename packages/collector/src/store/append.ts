import type { NormalizedEvent } from '../ingest/normalize'
import { deriveConversions, type ConversionRule } from './conversions'
import { recordRevenue } from './revenue'
import { applyRollups } from './rollups'
import type { SqlExecutor } from './sql'
import { markUsageChanged } from './usage-sets'

/**
 * The write path of ingest: events first (deduplicated by messageId), then the users, anonymous
 * ids, accounts and memberships they touch. Runs inside the caller's transaction.
 */
export async function appendEvents(
  tx: SqlExecutor,
  events: readonly NormalizedEvent[],
  options: { conversions?: readonly ConversionRule[] } = {},
): Promise<{ inserted: number; accounts: string[] }> {
  const changedDays = new Set<string>()
  const result = await appendWithRollups(tx, events, options, changedDays)
  // Last, so the lock on the changed-day row is held only until commit (see usage-sets.ts).
  await markUsageChanged(tx, changedDays)
  return result
}

async function appendWithRollups(
  tx: SqlExecutor,
  events: readonly NormalizedEvent[],
  options: { conversions?: readonly ConversionRule[] },
  changedDays: Set<string>,
): Promise<{ inserted: number; accounts: string[] }> {
  if (events.length === 0) return { inserted: 0, accounts: [] }
  const ordered = [...events].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())
  const accountOf = await resolveAccounts(tx, ordered)
  const inserted = await insertEvents(tx, ordered, accountOf)
  const fresh = ordered.filter((event) => inserted.has(event.messageId))
  if (fresh.length > 0) {
    await applyProfiles(tx, fresh, accountOf)
    for (const day of await applyRollups(tx, fresh, accountOf)) changedDays.add(day)
    await recordRevenue(tx, fresh, accountOf)
    if (options.conversions?.length) {
      const derived = await deriveConversions(tx, fresh, accountOf, options.conversions)
      // Derived events go through the same path (dedupe, rollups, timeline); they derive nothing.
      if (derived.length > 0) await appendWithRollups(tx, derived, {}, changedDays)
    }
  }
  const accounts = new Set<string>()
  for (const event of fresh) {
    const account = accountOf.get(event)
    if (account) accounts.add(account)
  }
  return { inserted: fresh.length, accounts: [...accounts] }
}

/**
 * An event's account is its own `context.groupId` (or the group call's id), else the last group
 * its user (or anonymous id) joined, earlier in this batch or before it.
 */
async function resolveAccounts(tx: SqlExecutor, ordered: readonly NormalizedEvent[]) {
  const userIds = unique(ordered.map((event) => event.userId))
  const anonymousIds = unique(ordered.map((event) => event.anonymousId))
  const current = new Map<string, string>()
  if (userIds.length > 0) {
    const rows = await tx.query<{ user_id: string; account_id: string | null }>(
      'SELECT user_id, account_id FROM users WHERE user_id = ANY($1) AND account_id IS NOT NULL',
      [userIds],
    )
    for (const row of rows) if (row.account_id) current.set(`u:${row.user_id}`, row.account_id)
  }
  if (anonymousIds.length > 0) {
    const rows = await tx.query<{ anonymous_id: string; account_id: string | null }>(
      'SELECT anonymous_id, account_id FROM identities WHERE anonymous_id = ANY($1) AND account_id IS NOT NULL',
      [anonymousIds],
    )
    for (const row of rows) if (row.account_id) current.set(`a:${row.anonymous_id}`, row.account_id)
  }
  const accountOf = new Map<NormalizedEvent, string | null>()
  for (const event of ordered) {
    const userKey = event.userId === null ? null : `u:${event.userId}`
    const anonKey = event.anonymousId === null ? null : `a:${event.anonymousId}`
    if (event.type === 'group' && event.groupId !== null) {
      if (userKey) current.set(userKey, event.groupId)
      if (anonKey) current.set(anonKey, event.groupId)
    }
    const account =
      event.groupId ?? (userKey && current.get(userKey)) ?? (anonKey && current.get(anonKey)) ?? null
    accountOf.set(event, account)
  }
  return accountOf
}

async function insertEvents(
  tx: SqlExecutor,
  ordered: readonly NormalizedEvent[],
  accountOf: Map<NormalizedEvent, string | null>,
): Promise<Set<string>> {
  // One statement for the whole batch: the rows travel as one JSON parameter, which both drivers
  // pass as text. The payload is spliced in as already-serialised JSON instead of parsed again.
  let rows = '['
  for (let i = 0; i < ordered.length; i++) {
    const event = ordered[i]!
    if (i > 0) rows += ','
    rows +=
      `{"m":${JSON.stringify(event.messageId)},"t":"${event.type}","e":${json(event.event)},"n":${json(event.name)}` +
      `,"u":${json(event.userId)},"a":${json(event.anonymousId)},"g":${json(accountOf.get(event) ?? null)}` +
      `,"ts":"${event.timestamp.toISOString()}","ot":${jsonDate(event.originalTimestamp)},"sa":${jsonDate(event.sentAt)}` +
      `,"ra":"${event.receivedAt.toISOString()}","p":${event.payloadJson}}`
  }
  rows += ']'
  const inserted = await tx.query<{ message_id: string }>(
    `INSERT INTO events (message_id, type, event, name, user_id, anonymous_id, account_id,
       "timestamp", original_timestamp, sent_at, received_at, payload)
     SELECT m, t, e, n, u, a, g, ts, ot, sa, ra, p
     FROM json_to_recordset($1::json) AS r(m text, t text, e text, n text, u text, a text, g text,
       ts timestamptz, ot timestamptz, sa timestamptz, ra timestamptz, p jsonb)
     ON CONFLICT (message_id) DO NOTHING
     RETURNING message_id`,
    [rows],
  )
  return new Set(inserted.map((row) => row.message_id))
}

interface Seen {
  first: Date
  last: Date
}

interface Profile extends Seen {
  traits: Record<string, unknown> | null
  traitsAt: Date | null
  account: string | null
  link: string | null
}

/** Folds the new events into one row per user, anonymous id, account and membership. */
async function applyProfiles(
  tx: SqlExecutor,
  fresh: readonly NormalizedEvent[],
  accountOf: Map<NormalizedEvent, string | null>,
): Promise<void> {
  const users = new Map<string, Profile>()
  const anonymous = new Map<string, Profile>()
  const accounts = new Map<string, Profile>()
  const memberships = new Map<string, Seen & { account: string; user: string }>()

  for (const event of fresh) {
    const at = event.timestamp
    const account = accountOf.get(event) ?? null
    if (event.userId !== null) {
      const user = touch(users, event.userId, at)
      if (event.type === 'identify') mergeTraits(user, event.traits, at)
      if (event.type === 'group') user.account = event.groupId
    }
    if (event.anonymousId !== null) {
      const anon = touch(anonymous, event.anonymousId, at)
      if (event.userId !== null) anon.link = event.userId
      if (event.type === 'group') anon.account = event.groupId
    }
    if (event.type === 'alias' && event.previousId !== null && event.userId !== null) {
      touch(anonymous, event.previousId, at).link = event.userId
    }
    if (account !== null) {
      const row = touch(accounts, account, at)
      if (event.type === 'group') mergeTraits(row, event.traits, at)
      if (event.userId !== null) {
        const key = `${account}\u0000${event.userId}`
        const membership = memberships.get(key)
        if (membership) membership.last = at
        else memberships.set(key, { account, user: event.userId, first: at, last: at })
      }
    }
  }

  // Rows are written in key order so that concurrent replicas lock them in the same order and
  // cannot deadlock each other.
  if (users.size > 0) {
    await tx.query(
      `INSERT INTO users (user_id, traits, traits_at, account_id, first_seen, last_seen)
       SELECT k, coalesce(tr, '{}'), ta, acc, f, l
       FROM json_to_recordset($1::json) AS r(k text, tr jsonb, ta timestamptz, acc text, f timestamptz, l timestamptz)
       ORDER BY k
       ON CONFLICT (user_id) DO UPDATE SET
         traits = ${mergedTraits('users')},
         traits_at = greatest(users.traits_at, excluded.traits_at),
         account_id = coalesce(excluded.account_id, users.account_id),
         first_seen = least(users.first_seen, excluded.first_seen),
         last_seen = greatest(users.last_seen, excluded.last_seen)`,
      [profileRows(users)],
    )
  }
  if (anonymous.size > 0) {
    await tx.query(
      `INSERT INTO identities (anonymous_id, user_id, account_id, first_seen, last_seen)
       SELECT k, link, acc, f, l
       FROM json_to_recordset($1::json) AS r(k text, link text, acc text, f timestamptz, l timestamptz)
       ORDER BY k
       ON CONFLICT (anonymous_id) DO UPDATE SET
         user_id = coalesce(excluded.user_id, identities.user_id),
         account_id = coalesce(excluded.account_id, identities.account_id),
         first_seen = least(identities.first_seen, excluded.first_seen),
         last_seen = greatest(identities.last_seen, excluded.last_seen)`,
      [profileRows(anonymous)],
    )
  }
  if (accounts.size > 0) {
    await tx.query(
      `INSERT INTO accounts (account_id, traits, traits_at, first_seen, last_seen)
       SELECT k, coalesce(tr, '{}'), ta, f, l
       FROM json_to_recordset($1::json) AS r(k text, tr jsonb, ta timestamptz, f timestamptz, l timestamptz)
       ORDER BY k
       ON CONFLICT (account_id) DO UPDATE SET
         traits = ${mergedTraits('accounts')},
         traits_at = greatest(accounts.traits_at, excluded.traits_at),
         first_seen = least(accounts.first_seen, excluded.first_seen),
         last_seen = greatest(accounts.last_seen, excluded.last_seen)`,
      [profileRows(accounts)],
    )
  }
  if (memberships.size > 0) {
    const rows = [...memberships.values()]
      .sort((a, b) => (a.account === b.account ? compare(a.user, b.user) : compare(a.account, b.account)))
      .map((row) => ({ a: row.account, u: row.user, f: row.first, l: row.last }))
    await tx.query(
      `INSERT INTO account_users (account_id, user_id, first_seen, last_seen)
       SELECT a, u, f, l FROM json_to_recordset($1::json) AS r(a text, u text, f timestamptz, l timestamptz)
       ON CONFLICT (account_id, user_id) DO UPDATE SET
         first_seen = least(account_users.first_seen, excluded.first_seen),
         last_seen = greatest(account_users.last_seen, excluded.last_seen)`,
      [JSON.stringify(rows)],
    )
  }
}

/**
 * Newer traits overwrite older ones key by key; traits older than what is stored only fill the
 * keys that are missing (an offline client's identify can arrive after a newer one).
 */
function mergedTraits(table: 'users' | 'accounts'): string {
  return `CASE WHEN excluded.traits_at IS NULL THEN ${table}.traits
    WHEN ${table}.traits_at IS NULL OR excluded.traits_at >= ${table}.traits_at THEN ${table}.traits || excluded.traits
    ELSE excluded.traits || ${table}.traits END`
}

function touch(map: Map<string, Profile>, key: string, at: Date): Profile {
  const found = map.get(key)
  if (found) {
    if (at < found.first) found.first = at
    if (at > found.last) found.last = at
    return found
  }
  const created: Profile = { first: at, last: at, traits: null, traitsAt: null, account: null, link: null }
  map.set(key, created)
  return created
}

function mergeTraits(profile: Profile, traits: Record<string, unknown> | null, at: Date): void {
  if (!traits) return
  profile.traits = { ...profile.traits, ...traits }
  profile.traitsAt = at
}

function profileRows(map: Map<string, Profile>): string {
  const keys = [...map.keys()].sort(compare)
  return JSON.stringify(
    keys.map((key) => {
      const p = map.get(key)!
      return { k: key, tr: p.traits, ta: p.traitsAt, acc: p.account, link: p.link, f: p.first, l: p.last }
    }),
  )
}

export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))]
const json = (value: string | null) => (value === null ? 'null' : JSON.stringify(value))
const jsonDate = (value: Date | null) => (value === null ? 'null' : `"${value.toISOString()}"`)
