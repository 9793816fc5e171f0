import type { SqlClient, SqlExecutor } from './sql'

/**
 * The day bitmaps of migration 006 (`usage_sets`): for each UTC day and thing done, which users
 * and which accounts did it, one bit per unit number (`unit_ordinals`). Ingest only marks the
 * days it touched (`markUsageChanged`); `refreshUsageSets` rebuilds those days from usage_daily.
 * Reports refresh before they read, so an answer always includes everything committed.
 */

/** Days rebuilt per transaction: short transactions keep ingest from waiting on a long rebuild. */
const DAYS_PER_BATCH = 7
/** Rows per INSERT, so that one statement's JSON stays a few megabytes at most. */
const ROWS_PER_INSERT = 500
// Any fixed number works; it only has to be the same for every replica.
const BUILD_LOCK = 4_770_506

/**
 * Marks days whose usage_daily rows changed. Call it last in the writing transaction: the row
 * lock it takes is then held only for the commit.
 */
export async function markUsageChanged(tx: SqlExecutor, days: Iterable<string>): Promise<void> {
  const sorted = [...new Set(days)].sort()
  if (sorted.length === 0) return
  await tx.query(
    `INSERT INTO usage_changed_days (day, changes) SELECT d, 1 FROM unnest($1::date[]) AS d
     ON CONFLICT (day) DO UPDATE SET changes = usage_changed_days.changes + 1`,
    [sorted],
  )
}

/** A bitmap as the hex digits PostgreSQL reads as a bit string (`('x' || hex)::varbit`): bit n is unit n. */
export function bitmapHex(ordinals: readonly number[] | null): string {
  if (!ordinals || ordinals.length === 0) return ''
  let max = 0
  for (const ordinal of ordinals) if (ordinal > max) max = ordinal
  const bytes = new Uint8Array((max >> 3) + 1)
  for (const ordinal of ordinals) bytes[ordinal >> 3]! |= 0x80 >> (ordinal & 7)
  return Buffer.from(bytes).toString('hex')
}

/** The units whose bits are set in a bit string as PostgreSQL prints it ('0110…'). */
export function bitmapOrdinals(bits: string | null): number[] {
  const ordinals: number[] = []
  if (!bits) return ordinals
  for (let i = bits.indexOf('1'); i !== -1; i = bits.indexOf('1', i + 1)) ordinals.push(i)
  return ordinals
}

/**
 * Rebuilds the sets of every day marked as changed, a week of days per transaction, and returns
 * how many days it rebuilt. Replicas take turns through an advisory lock; a second caller that
 * waited finds the days already done.
 */
export async function refreshUsageSets(sql: SqlClient): Promise<number> {
  let rebuilt = 0
  for (;;) {
    const pending = await sql.query<{ day: string }>('SELECT day::text AS day FROM usage_changed_days ORDER BY day LIMIT $1', [DAYS_PER_BATCH])
    if (pending.length === 0) return rebuilt
    rebuilt += await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [BUILD_LOCK])
      const days = (await tx.query<{ day: string }>(
        'DELETE FROM usage_changed_days WHERE day = ANY($1::date[]) RETURNING day::text AS day',
        [pending.map((row) => row.day)],
      )).map((row) => row.day)
      if (days.length > 0) await rebuildDays(tx, days)
      return days.length
    })
  }
}

type SetRow = { day: string; kind: string; name: string; users: number[] | null; accounts: number[] | null; uses: string; account_uses: string }

async function rebuildDays(tx: SqlExecutor, days: string[]): Promise<void> {
  await numberNewUnits(tx, days)
  // One pass over the days' rows: a set per (day, kind, name) for uses, and one per day for any activity.
  const rows = await tx.query<SetRow>(
    `SELECT u.day::text AS day,
       CASE WHEN grouping(u.kind) = 1 THEN '*' ELSE u.kind END AS kind,
       CASE WHEN grouping(u.kind) = 1 THEN '*' ELSE u.name END AS name,
       array_agg(uo.ordinal) FILTER (WHERE uo.ordinal IS NOT NULL) AS users,
       array_agg(ao.ordinal) FILTER (WHERE ao.ordinal IS NOT NULL) AS accounts,
       sum(u.count)::int8 AS uses, coalesce(sum(u.count) FILTER (WHERE u.account_id <> ''), 0)::int8 AS account_uses
     FROM usage_daily u
     LEFT JOIN unit_ordinals uo ON uo.unit = 'user' AND uo.key = u.user_key
     LEFT JOIN unit_ordinals ao ON ao.unit = 'account' AND ao.key = u.account_id
     WHERE u.day = ANY($1::date[])
     GROUP BY GROUPING SETS ((u.day, u.kind, u.name), (u.day))
     HAVING grouping(u.kind) = 1 OR u.kind IN ('feature', 'event')`,
    [days],
  )
  await tx.query('DELETE FROM usage_sets WHERE day = ANY($1::date[])', [days])
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT).map((row) => ({
      d: row.day, k: row.kind, n: row.name, u: bitmapHex(row.users), a: bitmapHex(row.accounts), c: row.uses, ac: row.account_uses,
    }))
    await tx.query(
      `INSERT INTO usage_sets (day, kind, name, users, accounts, uses, account_uses)
       SELECT d, k, n, ('x' || u)::varbit, ('x' || a)::varbit, c, ac
       FROM json_to_recordset($1::json) AS r(d date, k text, n text, u text, a text, c int8, ac int8)`,
      [JSON.stringify(chunk)],
    )
  }
}

/** Gives the identified users and the accounts first seen on `days` the next free numbers. */
async function numberNewUnits(tx: SqlExecutor, days: string[]): Promise<void> {
  const units = [
    { unit: 'user', sequence: 'user_ordinals', column: 'user_key', where: "u.user_key <> '' AND u.user_key NOT LIKE 'anon:%'" },
    { unit: 'account', sequence: 'account_ordinals', column: 'account_id', where: "u.account_id <> ''" },
  ]
  for (const { unit, sequence, column, where } of units) {
    await tx.query(
      `INSERT INTO unit_ordinals (unit, key, ordinal)
       SELECT $2, n.key, nextval('${sequence}')
       FROM (SELECT DISTINCT u.${column} AS key FROM usage_daily u
             WHERE u.day = ANY($1::date[]) AND ${where}
               AND NOT EXISTS (SELECT 1 FROM unit_ordinals o WHERE o.unit = $2 AND o.key = u.${column})
             ORDER BY 1) n`,
      [days, unit],
    )
  }
}
