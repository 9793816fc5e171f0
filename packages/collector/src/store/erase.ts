import { lockFoldState } from './fold-state'
import type { SqlClient } from './sql'
import { markUsageChanged } from './usage-sets'

/** What an erasure removed, table by table. */
export type ErasureReport = Record<string, number>

/**
 * Erases a user (GDPR right to erasure): their events, profile, anonymous ids, memberships,
 * rollup rows and contributions, timeline entries and targeting records, in one transaction.
 * The user's anonymous ids are found through `identities` and the log, so events sent before
 * `identify` go too, and so do events no fold has applied yet. Account-level counters are decreased by the user's share rather than left as they were.
 * @returns rows removed per table, and the accounts whose numbers changed.
 */
export async function eraseUser(sql: SqlClient, userId: string): Promise<{ removed: ErasureReport; accounts: string[] }> {
  return sql.transaction(async (tx) => {
    // No fold runs meanwhile: it could write rows of events this erasure is about to delete.
    await lockFoldState(tx)
    // The user's anonymous ids: linked by folds, and linked by events no fold has read yet.
    const anonymous = (await tx.query<{ anonymous_id: string }>(
      `SELECT anonymous_id FROM identities WHERE user_id = $1
       UNION SELECT anonymous_id FROM events WHERE user_id = $1 AND anonymous_id IS NOT NULL
       UNION SELECT payload->>'previousId' FROM events WHERE user_id = $1 AND type = 'alias' AND payload->>'previousId' IS NOT NULL`,
      [userId],
    )).map((row) => row.anonymous_id)
    const keys = [userId, ...anonymous.map((id) => `anon:${id}`)]
    const removed: ErasureReport = {}
    const run = async (table: string, text: string, params: unknown[]) => {
      const rows = await tx.query(`${text} RETURNING 1`, params)
      removed[table] = (removed[table] ?? 0) + rows.length
    }
    const accounts = (await tx.query<{ account_id: string }>(
      `SELECT DISTINCT account_id FROM usage_daily WHERE user_key = ANY($1) AND account_id <> ''
       UNION SELECT account_id FROM account_users WHERE user_id = $2`,
      [keys, userId],
    )).map((row) => row.account_id)

    // Each track or page event counted once in account_days and once as kind 'event'/'page' in
    // usage_daily, so the user's usage rows say exactly how much to take back.
    await tx.query(
      `UPDATE account_days d SET events = d.events - u.events
       FROM (SELECT account_id, day, sum(count)::int AS events FROM usage_daily
             WHERE user_key = ANY($1) AND account_id <> '' AND kind IN ('event', 'page') GROUP BY account_id, day) u
       WHERE d.account_id = u.account_id AND d.day = u.day`,
      [keys],
    )
    await run('account_days', 'DELETE FROM account_days WHERE events <= 0', [])
    // The day bitmaps still have the user's bit: their days are rebuilt before the next report reads them.
    const days = (await tx.query<{ day: string }>('SELECT DISTINCT day::text AS day FROM usage_daily WHERE user_key = ANY($1)', [keys])).map((row) => row.day)
    await run('events', 'DELETE FROM events WHERE user_id = $1 OR anonymous_id = ANY($2)', [userId, anonymous])
    await run('usage_daily', 'DELETE FROM usage_daily WHERE user_key = ANY($1)', [keys])
    await run('user_firsts', 'DELETE FROM user_firsts WHERE user_key = ANY($1)', [keys])
    await run('timeline', 'DELETE FROM timeline WHERE user_key = ANY($1)', [keys])
    await run('prompt_eligibility', 'DELETE FROM prompt_eligibility WHERE user_key = ANY($1)', [keys])
    await run('prompt_conversions', 'DELETE FROM prompt_conversions WHERE user_key = ANY($1)', [keys])
    await run('account_users', 'DELETE FROM account_users WHERE user_id = $1', [userId])
    await run('identities', 'DELETE FROM identities WHERE user_id = $1 OR anonymous_id = ANY($2)', [userId, anonymous])
    await run('users', 'DELETE FROM users WHERE user_id = $1', [userId])
    await run('unit_ordinals', "DELETE FROM unit_ordinals WHERE unit = 'user' AND key = ANY($1)", [keys])
    await run('group_links', 'DELETE FROM group_links WHERE id = ANY($1)', [[`u:${userId}`, ...anonymous.map((id) => `a:${id}`)]])
    await markUsageChanged(tx, days)
    return { removed, accounts }
  })
}
