import { arrOf } from '../trust/sql-numbers'
import type { Content } from '@goyo/schema'
import type { UsageProfile } from '../cs/propensity'
import type { SqlExecutor } from '../store/sql'
import { json } from './context'
import { addDays } from '../calendar/dates'
import { endOfDay } from '../calendar/zone'

/** What cross-sell knows of the accounts on one day: who existed, what each used and owned. */
export interface Snapshot {
  /** The last day the data reaches (included). */
  asOf: string
  /** The usage window: `windowDays` days ending `asOf`. */
  from: string
  /** Accounts with any activity in the window, with their feature uses there. */
  profiles: UsageProfile[]
  /** Products each account held at the end of `asOf` (its latest `products` before then). */
  products: Map<string, Set<string>>
}

/**
 * Reads one snapshot from the rollups: the population (account_days in the window: an account
 * created after `asOf`, or silent through the window, is not part of it), each one's uses of every
 * content feature (its `Feature Used` rows plus the track events mapped to it, summed over the
 * window's days of usage_daily), and products as of `asOf` from the revenue history (so a
 * backtest sees ownership as it was, not as it is).
 */
export async function loadSnapshot(sql: SqlExecutor, content: Content, asOf: string, windowDays: number, timeZone: string): Promise<Snapshot> {
  const from = addDays(asOf, -(windowDays - 1))
  const population = await sql.query<{ account_id: string }>(
    `SELECT DISTINCT account_id FROM account_days WHERE day BETWEEN $1::date AND $2::date AND account_id <> '' ORDER BY account_id`,
    [from, asOf],
  )
  const features = Object.keys(content.features)
  const mapped = new Map<string, string[]>()
  for (const [feature, definition] of Object.entries(content.features)) {
    for (const event of definition.events ?? []) mapped.set(event, [...(mapped.get(event) ?? []), feature])
  }
  const usage = await sql.query<{ account_id: string; kind: string; name: string; uses: number }>(
    `SELECT account_id, kind, name, sum(count)::int8 AS uses FROM usage_daily
     WHERE day BETWEEN $1::date AND $2::date AND account_id <> ''
       AND ((kind = 'feature' AND name = ANY($3)) OR (kind = 'event' AND name = ANY($4)))
     GROUP BY 1, 2, 3`,
    [from, asOf, features, [...mapped.keys()]],
  )
  const uses = new Map<string, Record<string, number>>(population.map((row) => [row.account_id, {}]))
  for (const row of usage) {
    const profile = uses.get(row.account_id)
    if (!profile) continue
    for (const feature of row.kind === 'feature' ? [row.name] : mapped.get(row.name) ?? []) profile[feature] = (profile[feature] ?? 0) + Number(row.uses)
  }
  const owned = await sql.query<{ account_id: string; products: unknown }>(
    `SELECT DISTINCT ON (account_id) account_id, products FROM account_revenue_history
     WHERE products IS NOT NULL AND at < $1 ORDER BY account_id, at DESC, message_id DESC`,
    [endOfDay(asOf, timeZone)],
  )
  const products = new Map<string, Set<string>>()
  for (const row of owned) {
    const list = json<unknown>(row.products as string)
    if (Array.isArray(list)) products.set(row.account_id, new Set(list.map(String)))
  }
  return { asOf, from, profiles: [...uses].map(([accountId, u]) => ({ accountId, uses: u })), products }
}

/** Name, tier, band and ARR of the given accounts, for the candidate list. */
export async function loadAccountInfo(sql: SqlExecutor, ids: readonly string[]) {
  const rows = await sql.query<{ account_id: string; name: string | null; tier: string | null; band: string | null; arr: number | null }>(
    `SELECT a.account_id, a.traits->>'name' AS name, s.tier, s.health_band AS band,
       ${arrOf()} AS arr
     FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id WHERE a.account_id = ANY($1)`,
    [ids],
  )
  return new Map(rows.map((row) => [row.account_id, { ...row, arr: row.arr === null ? null : Number(row.arr) }]))
}
