import type { IdentityLink } from '../rollup/identity'
import { anonymousKey } from '../rollup/keys'
import { compare } from './append'
import type { SqlExecutor } from './sql'

/**
 * Moves what anonymous visitors did before they were linked to a user onto the user: usage,
 * firsts, memberships, timeline entries, conversions and the user's first time seen. After this
 * no rollup has rows under their `anon:` keys, and later events fold under the user directly.
 * Call it after the fold wrote `identities` and `users` for the links.
 * @returns the days whose usage rows changed.
 */
export async function mergeLinkedVisitors(tx: SqlExecutor, links: readonly IdentityLink[]): Promise<string[]> {
  if (links.length === 0) return []
  const pairs = JSON.stringify(
    [...links].sort((a, b) => compare(a.anonymousId, b.anonymousId)).map((link) => ({ k: anonymousKey(link.anonymousId), u: link.userId })),
  )
  const m = `json_to_recordset($1::json) AS m(k text, u text)`
  // The `LIKE 'anon:%'` terms let PostgreSQL use the partial indexes of migration 007.
  const days = await tx.query<{ day: string }>(
    `WITH moved AS (
       DELETE FROM usage_daily d USING ${m} WHERE d.user_key = m.k AND d.user_key LIKE 'anon:%'
       RETURNING d.day, d.account_id, m.u, d.kind, d.name, d.count)
     INSERT INTO usage_daily (day, account_id, user_key, kind, name, count)
     SELECT day, account_id, u, kind, name, sum(count) FROM moved GROUP BY 1, 2, 3, 4, 5
     ON CONFLICT (account_id, day, user_key, kind, name) DO UPDATE SET count = usage_daily.count + excluded.count
     RETURNING day::text AS day`,
    [pairs],
  )
  await tx.query(
    `INSERT INTO account_users (account_id, user_id, first_seen, last_seen)
     SELECT f.account_id, m.u, min(f.first_at), max(f.last_at) FROM user_firsts f JOIN ${m} ON f.user_key = m.k
     WHERE f.account_id <> '' GROUP BY 1, 2
     ON CONFLICT (account_id, user_id) DO UPDATE SET
       first_seen = least(account_users.first_seen, excluded.first_seen),
       last_seen = greatest(account_users.last_seen, excluded.last_seen)`,
    [pairs],
  )
  await tx.query(
    `WITH moved AS (
       DELETE FROM user_firsts f USING ${m} WHERE f.user_key = m.k
       RETURNING m.u, f.kind, f.name, f.account_id, f.first_at, f.last_at, f.count)
     INSERT INTO user_firsts (user_key, kind, name, account_id, first_at, last_at, count)
     SELECT u, kind, name, (array_agg(account_id ORDER BY last_at DESC))[1], min(first_at), max(last_at), sum(count)
     FROM moved GROUP BY 1, 2, 3
     ON CONFLICT (user_key, kind, name) DO UPDATE SET
       account_id = CASE WHEN excluded.account_id <> '' AND excluded.last_at >= user_firsts.last_at THEN excluded.account_id ELSE user_firsts.account_id END,
       first_at = least(user_firsts.first_at, excluded.first_at),
       last_at = greatest(user_firsts.last_at, excluded.last_at),
       count = user_firsts.count + excluded.count`,
    [pairs],
  )
  await tx.query(`UPDATE timeline t SET user_key = m.u FROM ${m} WHERE t.user_key = m.k AND t.user_key LIKE 'anon:%'`, [pairs])
  await tx.query(`UPDATE prompt_conversions c SET user_key = m.u FROM ${m} WHERE c.user_key = m.k`, [pairs])
  await tx.query(
    `UPDATE users u SET first_seen = least(u.first_seen, s.first_seen), last_seen = greatest(u.last_seen, s.last_seen)
     FROM (SELECT m.u, min(i.first_seen) AS first_seen, max(i.last_seen) AS last_seen
           FROM ${m} JOIN identities i ON i.anonymous_id = substr(m.k, 6) GROUP BY 1) s
     WHERE u.user_id = s.u`,
    [pairs],
  )
  return [...new Set(days.map((row) => row.day))]
}
