import type { Content } from '@goyo/schema'
import { bitmapHex, refreshUsageSets } from '../store/usage-sets'
import type { ReportContext } from './context'

export type Unit = 'users' | 'accounts'

/**
 * How a report reads the day bitmaps (`usage_sets`, store/usage-sets.ts) in SQL: every bitmap is
 * cast to one width so that `bit_or` can combine days, and a tier filter is one more AND.
 */
export interface UnitSets {
  /** The OR of a group's `s.users` or `s.accounts` bitmaps, kept to the tier; `filter` narrows the rows. */
  union(unit: Unit, filter?: string, column?: string): string
  /** How many units are in that OR (0 for a group without rows). */
  count(unit: Unit, filter?: string, column?: string): string
  /** The cast that gives a bitmap the common width. */
  widen(unit: Unit, column: string): string
}

/**
 * Brings the day bitmaps up to date with everything committed, then returns the SQL builders.
 *
 * With a tier, accounts are those currently in the tier and users those who belong to one of
 * them (account memberships), whichever account their usage was recorded in.
 */
export async function openUnitSets({ sql }: ReportContext, tier: string | undefined): Promise<UnitSets> {
  await refreshUsageSets(sql)
  const widths = { users: 8, accounts: 8 }
  for (const row of await sql.query<{ unit: string; max: number }>('SELECT unit, max(ordinal)::int AS max FROM unit_ordinals GROUP BY unit')) {
    // Whole bytes, so that a bitmap's hex and its width agree.
    widths[row.unit === 'user' ? 'users' : 'accounts'] = Math.max(8, (Math.floor(Number(row.max) / 8) + 1) * 8)
  }
  const masks: Record<Unit, string | null> = { users: null, accounts: null }
  if (tier) {
    const members = await sql.query<{ ordinal: number }>(
      `SELECT DISTINCT o.ordinal FROM account_state s JOIN account_users m ON m.account_id = s.account_id
       JOIN unit_ordinals o ON o.unit = 'user' AND o.key = m.user_id WHERE s.tier = $1`,
      [tier],
    )
    const accounts = await sql.query<{ ordinal: number }>(
      `SELECT o.ordinal FROM account_state s JOIN unit_ordinals o ON o.unit = 'account' AND o.key = s.account_id WHERE s.tier = $1`,
      [tier],
    )
    // Only hex digits come from bitmapHex, so the mask is safe to write into the SQL text.
    const mask = (unit: Unit, rows: Array<{ ordinal: number }>) => `('x${bitmapHex(rows.map((r) => Number(r.ordinal)))}'::varbit::bit(${widths[unit]}))`
    masks.users = mask('users', members)
    masks.accounts = mask('accounts', accounts)
  }
  const widen = (unit: Unit, column: string) => `${column}::bit(${widths[unit]})`
  const union = (unit: Unit, filter?: string, column = `s.${unit}`) => {
    const or = `bit_or(${widen(unit, column)})${filter ? ` FILTER (WHERE ${filter})` : ''}`
    return masks[unit] ? `(${or} & ${masks[unit]})` : or
  }
  return {
    union,
    count: (unit, filter, column) => `coalesce(bit_count(${union(unit, filter, column)}), 0)::int`,
    widen,
  }
}

/**
 * The day bitmaps of each feature in [$from, $to] as rows `(feature, day, users, accounts, uses,
 * account_uses)`: a feature's `Feature Used` sets plus those of the track events mapped to it —
 * the same rule as `featureUsesSql` over usage_daily.
 *
 * @param params receives the mapping and the dates; placeholders are numbered from its length.
 */
export function featureSetsSql(params: unknown[], content: Content, from: string, to: string): string {
  const mapping = Object.entries(content.features).flatMap(([feature, def]) => (def.events ?? []).map((event) => ({ feature, event })))
  const f = params.push(from)
  const t = params.push(to)
  const m = params.push(JSON.stringify(mapping))
  return `SELECT coalesce(m.feature, s.name) AS feature, s.day, s.users, s.accounts, s.uses, s.account_uses
    FROM usage_sets s LEFT JOIN json_to_recordset($${m}::json) AS m(feature text, event text) ON s.kind = 'event' AND s.name = m.event
    WHERE s.day BETWEEN $${f}::date AND $${t}::date AND s.kind IN ('feature', 'event') AND (s.kind = 'feature' OR m.feature IS NOT NULL)`
}
