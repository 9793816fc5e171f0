import { groupByAccount, type RevenueRow } from '../revenue/history'
import { addMonths, monthOf, monthStart, type Month } from '../revenue/months'
import { byTraitsTime, type TraitsRow } from '../revenue/tier-history'
import type { TierChange } from '../revenue/tiers'
import type { SqlExecutor } from '../store/sql'
import { readReportNumber, type ReportNumber } from '../trust/report-numbers'
import { json } from './context'

const time = (value: Date | string) => new Date(value).getTime()

// History written before ingest bounded these numbers may hold 1e308; one such row made every
// bridge sum Infinity and its identity check throw, so it reads as "no value" (issue 19).
const amount = (field: ReportNumber, value: number | null) => (value === null ? null : readReportNumber(field, Number(value)).value)

/** The accounts currently in `tier` as SQL over `column`, appended to `values`; `true` without a tier. */
const inTier = (values: unknown[], tier: string | undefined, column: string) =>
  tier ? `${column} IN (SELECT account_id FROM account_state WHERE tier = $${values.push(tier)})` : 'true'

/** Each account's revenue history up to the end of month `to` in the zone, rows sorted by time. */
export async function loadHistory(sql: SqlExecutor, to: Month, timeZone: string, tier?: string): Promise<Map<string, RevenueRow[]>> {
  const values: unknown[] = [new Date(monthStart(addMonths(to, 1), timeZone))]
  const rows = await sql.query<{ account_id: string; at: Date; message_id: string; mrr: number | null; arr: number | null; products: string[] | string | null }>(
    `SELECT account_id, at, message_id, mrr, arr, products FROM account_revenue_history
     WHERE at < $1::timestamptz AND ${inTier(values, tier, 'account_id')}`,
    values,
  )
  return groupByAccount(rows.map((r) => {
    const products = r.products === null ? null : json<unknown>(r.products)
    return {
      accountId: r.account_id, at: time(r.at), messageId: r.message_id,
      mrr: amount('mrr', r.mrr), arr: amount('arr', r.arr),
      products: Array.isArray(products) ? products.map(String) : null,
    }
  }))
}

/** What the revenue reports know of an account besides its revenue. */
export interface AccountFacts {
  /** Signup month in the workspace time zone: traits.createdAt, else first seen. */
  cohort: Month
  /** account_state.tier now. */
  tier: string | null
  /** `tier_changed` timeline entries, sorted by time. */
  tierChanges: TierChange[]
}

/** Cohort, current tier and tier history of every known account. */
export async function loadAccountFacts(sql: SqlExecutor, timeZone: string): Promise<Map<string, AccountFacts>> {
  const accounts = await sql.query<{ account_id: string; created_at: string | null; first_seen: Date; tier: string | null }>(
    `SELECT a.account_id, a.traits->>'createdAt' AS created_at, a.first_seen, s.tier
     FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id`,
  )
  const changes = await sql.query<{ account_id: string; at: Date; id: number; from: string | null; to: string | null; reason: string | null }>(
    `SELECT account_id, at, id, data->>'from' AS "from", data->>'to' AS "to", data->>'reason' AS reason
     FROM timeline WHERE kind = 'tier_changed' ORDER BY at, id`,
  )
  const facts = new Map<string, AccountFacts>()
  for (const a of accounts) {
    const created = a.created_at ? Date.parse(a.created_at) : NaN
    facts.set(a.account_id, { cohort: monthOf(Number.isFinite(created) ? created : time(a.first_seen), timeZone), tier: a.tier, tierChanges: [] })
  }
  for (const c of changes) {
    facts.get(c.account_id)?.tierChanges.push({ accountId: c.account_id, at: time(c.at), from: c.from, to: c.to, reason: c.reason })
  }
  return facts
}

/**
 * Every account's `group` calls up to the end of month `to` (their traits, by event time), for
 * the tier an account had in a past month. Read from the events through their partial index
 * (migration 010): group calls are few next to the rest of the history.
 */
export async function loadTraitHistory(sql: SqlExecutor, to: Month, timeZone: string): Promise<Map<string, TraitsRow[]>> {
  const rows = await sql.query<{ account_id: string; at: Date; message_id: string; traits: Record<string, unknown> | string | null }>(
    `SELECT account_id, "timestamp" AS at, message_id, payload->'traits' AS traits FROM events
     WHERE type = 'group' AND account_id IS NOT NULL AND "timestamp" < $1::timestamptz`,
    [new Date(monthStart(addMonths(to, 1), timeZone))],
  )
  const accounts = new Map<string, TraitsRow[]>()
  for (const row of rows) {
    const traits = row.traits === null ? null : json<unknown>(row.traits)
    if (!traits || typeof traits !== 'object' || Array.isArray(traits)) continue
    const list = accounts.get(row.account_id) ?? []
    list.push({ at: time(row.at), messageId: row.message_id, traits: traits as Record<string, unknown> })
    accounts.set(row.account_id, list)
  }
  for (const list of accounts.values()) list.sort(byTraitsTime)
  return accounts
}
