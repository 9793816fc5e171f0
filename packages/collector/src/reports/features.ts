import type { Content } from '@goyo/schema'

/**
 * The SQL source of feature uses (cs-metrics §2.1 "used"): a content feature's uses are its
 * `Feature Used` rollup rows (kind 'feature') plus the rows of the track events mapped to it
 * (kind 'event', name in `feature.events`) — the same rule as the engine's `featureUses`.
 * Yields `(feature, day, account_id, user_key, count)` for days in [$from, $to].
 *
 * @param params receives the mapping and the dates; placeholders are numbered from its length.
 */
export function featureUsesSql(params: unknown[], content: Content, from: string, to: string, extraWhere = 'true'): string {
  const mapping = Object.entries(content.features).flatMap(([feature, def]) => (def.events ?? []).map((event) => ({ feature, event })))
  const f = params.push(from)
  const t = params.push(to)
  const m = params.push(JSON.stringify(mapping))
  return `SELECT u.name AS feature, u.day, u.account_id, u.user_key, u.count FROM usage_daily u
      WHERE u.kind = 'feature' AND u.day BETWEEN $${f}::date AND $${t}::date AND ${extraWhere}
    UNION ALL
    SELECT m.feature, u.day, u.account_id, u.user_key, u.count FROM usage_daily u
      JOIN json_to_recordset($${m}::json) AS m(feature text, event text) ON u.name = m.event
      WHERE u.kind = 'event' AND u.day BETWEEN $${f}::date AND $${t}::date AND ${extraWhere}`
}

/** An identified user's rollup key: not empty and not an anonymous visitor's. */
export const IDENTIFIED = (column = 'user_key') => `(${column} <> '' AND ${column} NOT LIKE 'anon:%')`

/**
 * The key features breadth counts: the health `breadth` measure's keyFeatures when configured,
 * else every content feature.
 */
export function keyFeatures(content: Content): string[] {
  const breadth = content.health?.measures.find((measure) => measure.id === 'breadth')
  return breadth?.keyFeatures?.length ? [...breadth.keyFeatures] : Object.keys(content.features)
}
