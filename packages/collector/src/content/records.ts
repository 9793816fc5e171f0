import { ROLLUP_ZONE_SETTING } from '../store/fold-state'
import type { SqlClient } from '../store/sql'
import type { TargetingRecord } from './deliver'

/** Enough to remember every eligibility of a busy day without growing without bound. */
const MAX_REMEMBERED = 100_000

/**
 * Writes what content delivery observed: the first eligibility of each user for each prompt (the
 * base of eligible → shown funnels and of holdout lift) and the shows that caps held back.
 * Eligibility already written is remembered, so a page view costs no write after the first.
 */
export function createTargetingRecorder(sql: SqlClient, now: () => Date) {
  const remembered = new Set<string>()
  return async function record(records: readonly TargetingRecord[]): Promise<void> {
    const eligible = records.filter((r): r is Extract<TargetingRecord, { type: 'eligible' }> => r.type === 'eligible')
      .filter((r) => !remembered.has(`${r.promptId}\u0000${r.accountId}\u0000${r.userKey}`))
    const suppressed = records.filter((r): r is Extract<TargetingRecord, { type: 'suppressed' }> => r.type === 'suppressed')
    if (eligible.length === 0 && suppressed.length === 0) return
    const at = now()
    if (eligible.length > 0) {
      await sql.query(
        `INSERT INTO prompt_eligibility (prompt_id, account_id, user_key, holdout, first_eligible_at)
         SELECT p, a, u, h, $2 FROM json_to_recordset($1::json) AS r(p text, a text, u text, h boolean)
         ON CONFLICT (prompt_id, account_id, user_key) DO NOTHING`,
        [JSON.stringify(eligible.map((r) => ({ p: r.promptId, a: r.accountId, u: r.userKey, h: r.holdout }))), at],
      )
      if (remembered.size + eligible.length > MAX_REMEMBERED) remembered.clear()
      for (const r of eligible) remembered.add(`${r.promptId}\u0000${r.accountId}\u0000${r.userKey}`)
    }
    for (const r of suppressed) {
      await sql.query(
        // The day in the workspace time zone (the rollups'), as the prompts report reads it.
        `INSERT INTO prompt_suppressions (prompt_id, day, reason, count)
         VALUES ($1, ($2::timestamptz AT TIME ZONE coalesce((SELECT value FROM goyo_settings WHERE key = $4), 'UTC'))::date, $3, 1)
         ON CONFLICT (prompt_id, day, reason) DO UPDATE SET count = prompt_suppressions.count + 1`,
        [r.promptId, at, r.reason, ROLLUP_ZONE_SETTING],
      )
    }
  }
}
