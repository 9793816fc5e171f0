import type { Rollups, ProfileDelta } from '../rollup/summarize'
import type { SqlExecutor } from './sql'

/**
 * Writes what `summarize` computed: one statement per rollup table, every row of a fold in it.
 * Rows go in no particular order: folds take turns on the fold state, and the only other writers
 * of these tables (erasure, which takes the same turn; a CS trait edit, one account row) cannot
 * hold one of these rows while waiting for another, so no lock cycle can form.
 */
export async function writeRollups(tx: SqlExecutor, rollups: Rollups): Promise<void> {
  if (rollups.users.size > 0) {
    await tx.query(
      `INSERT INTO users (user_id, traits, traits_at, account_id, first_seen, last_seen)
       SELECT k, coalesce(tr, '{}'), ta, acc, f, l
       FROM json_to_recordset($1::json) AS r(k text, tr jsonb, ta timestamptz, acc text, f timestamptz, l timestamptz)
       ON CONFLICT (user_id) DO UPDATE SET
         traits = ${mergedTraits('users')},
         traits_at = greatest(users.traits_at, excluded.traits_at),
         account_id = coalesce(excluded.account_id, users.account_id),
         first_seen = least(users.first_seen, excluded.first_seen),
         last_seen = greatest(users.last_seen, excluded.last_seen)`,
      [profileRows(rollups.users)],
    )
  }
  if (rollups.accounts.size > 0) {
    await tx.query(
      `INSERT INTO accounts (account_id, traits, traits_at, first_seen, last_seen)
       SELECT k, coalesce(tr, '{}'), ta, f, l
       FROM json_to_recordset($1::json) AS r(k text, tr jsonb, ta timestamptz, f timestamptz, l timestamptz)
       ON CONFLICT (account_id) DO UPDATE SET
         traits = ${mergedTraits('accounts')},
         traits_at = greatest(accounts.traits_at, excluded.traits_at),
         first_seen = least(accounts.first_seen, excluded.first_seen),
         last_seen = greatest(accounts.last_seen, excluded.last_seen)`,
      [profileRows(rollups.accounts)],
    )
  }
  if (rollups.memberships.size > 0) {
    await tx.query(
      `INSERT INTO account_users (account_id, user_id, first_seen, last_seen)
       SELECT a, u, f, l FROM json_to_recordset($1::json) AS r(a text, u text, f timestamptz, l timestamptz)
       ON CONFLICT (account_id, user_id) DO UPDATE SET
         first_seen = least(account_users.first_seen, excluded.first_seen),
         last_seen = greatest(account_users.last_seen, excluded.last_seen)`,
      [rowsOf(rollups.memberships, (m) => ({ a: m.account, u: m.user, f: m.first, l: m.last }))],
    )
  }
  if (rollups.usage.size > 0) {
    await tx.query(
      `INSERT INTO usage_daily (day, account_id, user_key, kind, name, count)
       SELECT d, a, u, k, n, c FROM json_to_recordset($1::json) AS r(d date, a text, u text, k text, n text, c int)
       ON CONFLICT (account_id, day, user_key, kind, name) DO UPDATE SET count = usage_daily.count + excluded.count`,
      [rowsOf(rollups.usage, (u) => ({ d: u.day, a: u.account, u: u.user, k: u.kind, n: u.name, c: u.count }))],
    )
  }
  if (rollups.firsts.size > 0) {
    await tx.query(
      `INSERT INTO user_firsts (user_key, kind, name, account_id, first_at, last_at, count)
       SELECT u, k, n, a, f, l, c FROM json_to_recordset($1::json)
         AS r(u text, k text, n text, a text, f timestamptz, l timestamptz, c int)
       ON CONFLICT (user_key, kind, name) DO UPDATE SET
         first_at = least(user_firsts.first_at, excluded.first_at),
         last_at = greatest(user_firsts.last_at, excluded.last_at),
         count = user_firsts.count + excluded.count,
         account_id = CASE WHEN excluded.account_id <> '' THEN excluded.account_id ELSE user_firsts.account_id END`,
      [rowsOf(rollups.firsts, (f) => ({ u: f.user, k: f.kind, n: f.name, a: f.account, f: f.first, l: f.last, c: f.count }))],
    )
  }
  if (rollups.accountDays.size > 0) {
    await tx.query(
      `INSERT INTO account_days (account_id, day, events)
       SELECT a, d, e FROM json_to_recordset($1::json) AS r(a text, d date, e int)
       ON CONFLICT (account_id, day) DO UPDATE SET events = account_days.events + excluded.events`,
      [rowsOf(rollups.accountDays, (d) => ({ a: d.account, d: d.day, e: d.events }))],
    )
  }
  if (rollups.timeline.length > 0) {
    await tx.query(
      `INSERT INTO timeline (account_id, at, kind, title, user_key, data, message_id)
       SELECT a, t, k, ti, u, d, m FROM json_to_recordset($1::json) AS r(a text, t timestamptz, k text, ti text, u text, d jsonb, m text)
       ON CONFLICT (message_id) DO NOTHING`,
      [JSON.stringify(rollups.timeline.map((e) => ({ a: e.account, t: e.at, k: e.kind, ti: e.title, u: e.user, d: e.data, m: e.messageId })))],
    )
  }
  if (rollups.revenue.length > 0) {
    await tx.query(
      `INSERT INTO account_revenue_history (message_id, account_id, at, source, mrr, arr, plan, products, seats)
       SELECT m, a, t, s, mrr, arr, p, pr, se FROM json_to_recordset($1::json)
         AS r(m text, a text, t timestamptz, s text, mrr float8, arr float8, p text, pr jsonb, se float8)
       ON CONFLICT (message_id) DO NOTHING`,
      [JSON.stringify(rollups.revenue.map((r) => ({ m: r.messageId, a: r.account, t: r.at, s: r.source, mrr: r.mrr, arr: r.arr, p: r.plan, pr: r.products, se: r.seats })))],
    )
  }
}

/** Anonymous ids: when seen, the user each is linked to, its last group. */
export async function writeIdentities(tx: SqlExecutor, rollups: Rollups): Promise<void> {
  if (rollups.identities.size === 0) return
  await tx.query(
    `INSERT INTO identities (anonymous_id, user_id, account_id, first_seen, last_seen)
     SELECT k, link, acc, f, l
     FROM json_to_recordset($1::json) AS r(k text, link text, acc text, f timestamptz, l timestamptz)
     ON CONFLICT (anonymous_id) DO UPDATE SET
       user_id = coalesce(excluded.user_id, identities.user_id),
       account_id = coalesce(excluded.account_id, identities.account_id),
       first_seen = least(identities.first_seen, excluded.first_seen),
       last_seen = greatest(identities.last_seen, excluded.last_seen)`,
    [rowsOf(rollups.identities, (row, k) => ({ k, link: row.userId, acc: row.account, f: row.first, l: row.last }))],
  )
}

/** A `Feature Used` counted by an earlier fold that the one-action rule now absorbs. */
export interface Retraction {
  day: string
  account: string
  user: string
  feature: string
}

/** Takes back the feature use of each retracted click, where that fold put it. */
export async function retractUses(tx: SqlExecutor, retractions: readonly Retraction[]): Promise<void> {
  if (retractions.length === 0) return
  const rows = JSON.stringify(retractions.map((r) => ({ d: r.day, a: r.account, u: r.user, n: r.feature })))
  await tx.query(
    `UPDATE usage_daily u SET count = u.count - r.c
     FROM (SELECT d, a, u, n, count(*)::int AS c FROM json_to_recordset($1::json) AS r(d date, a text, u text, n text) GROUP BY 1, 2, 3, 4) r
     WHERE u.day = r.d AND u.account_id = r.a AND u.user_key = r.u AND u.kind = 'feature' AND u.name = r.n`,
    [rows],
  )
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

function profileRows(map: Map<string, ProfileDelta>): string {
  return rowsOf(map, (p, k) => ({ k, tr: p.traits, ta: p.traitsAt, acc: p.account, f: p.first, l: p.last }))
}

function rowsOf<T>(map: Map<string, T>, row: (value: T, key: string) => Record<string, unknown>): string {
  const rows: Record<string, unknown>[] = []
  for (const [key, value] of map) rows.push(row(value, key))
  return JSON.stringify(rows)
}
