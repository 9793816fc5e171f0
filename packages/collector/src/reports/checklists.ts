import { EVENTS } from '@goyo/schema'
import { defineReport, tierFilter } from './context'
import { addDays, startOf } from './params'
import { ratio, round } from './stats'

export interface ChecklistFunnel {
  checklist: string
  configured: boolean
  /** Users whose first checklist activity (an item, completion or dismissal) is in the period. */
  started: number
  completed: number
  dismissed: number
  /** completed / started. */
  completionRate: number | null
  /** Nearest-rank median of first item → Checklist Completed, in hours, over completers. */
  medianHoursToComplete: number | null
  items: Array<{
    item: string
    title: string | null
    /** Users of `started` who completed the item. */
    users: number
    /** users / started. */
    rate: number | null
    /** users / the previous item's users (the first item: / started). */
    stepRate: number | null
  }>
}

export interface ChecklistsReport {
  period: { from: string; to: string; days: number }
  tier: string | null
  checklists: ChecklistFunnel[]
}

const KINDS = [EVENTS.checklistItemCompleted, EVENTS.checklistCompleted, EVENTS.checklistDismissed]

/**
 * Checklist funnels, item by item.
 *
 * Definitions: there is no "checklist shown" event, so the denominator is the users who started
 * the checklist: their first `Checklist Item Completed`, `Checklist Completed` or `Checklist
 * Dismissed` for it falls in the period. An item counts when the user has a `Checklist Item
 * Completed` for it (at any time). Completion rate = users with `Checklist Completed` / started.
 * Time to complete = `Checklist Completed` − the user's first item completion (0 when it has
 * none), median by nearest rank. Items are in content order; ids seen in events but missing from
 * the content are listed after. `tier` keeps users whose rollup account is in the tier.
 * Reads user_firsts only, grouped in SQL.
 */
export const checklists = defineReport<ChecklistsReport>({
  description: 'Per checklist: the funnel item by item, completion rate and median time to complete',
  async run({ sql, content }, params) {
    const values: unknown[] = [KINDS, startOf(params.from), startOf(addDays(params.to, 1))]
    const tier = tierFilter(values, params.tier, 'f.account_id')
    const cte = `WITH acts AS (
        SELECT f.user_key, f.kind, f.name, f.first_at,
          CASE WHEN f.kind = '${EVENTS.checklistItemCompleted}' THEN split_part(f.name, '/', 1) ELSE f.name END AS checklist
        FROM user_firsts f WHERE f.kind = ANY($1::text[]) AND ${tier}),
      per_user AS (
        SELECT checklist, user_key, min(first_at) AS started_at,
          min(first_at) FILTER (WHERE kind = '${EVENTS.checklistItemCompleted}') AS first_item_at,
          min(first_at) FILTER (WHERE kind = '${EVENTS.checklistCompleted}') AS completed_at,
          bool_or(kind = '${EVENTS.checklistDismissed}') AS dismissed
        FROM acts GROUP BY 1, 2),
      cohort AS (SELECT * FROM per_user WHERE started_at >= $2::timestamptz AND started_at < $3::timestamptz)`
    const summary = await sql.query<{ checklist: string; started: number; completed: number; dismissed: number; median_hours: number | null }>(
      `${cte} SELECT checklist, count(*)::int AS started, count(completed_at)::int AS completed,
         count(*) FILTER (WHERE dismissed)::int AS dismissed,
         percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - coalesce(first_item_at, completed_at)) / 3600)::float8 AS median_hours
       FROM cohort GROUP BY checklist`,
      values,
    )
    const items = await sql.query<{ checklist: string; item: string; users: number }>(
      `${cte} SELECT a.checklist, split_part(a.name, '/', 2) AS item, count(DISTINCT a.user_key)::int AS users
       FROM acts a JOIN cohort c ON c.checklist = a.checklist AND c.user_key = a.user_key
       WHERE a.kind = '${EVENTS.checklistItemCompleted}' GROUP BY 1, 2`,
      values,
    )

    const ids = [...new Set([...content.checklists.map((c) => c.id), ...summary.map((r) => r.checklist)])]
    return {
      period: { from: params.from, to: params.to, days: params.days },
      tier: params.tier ?? null,
      checklists: ids.map((id): ChecklistFunnel => {
        const def = content.checklists.find((c) => c.id === id)
        const row = summary.find((r) => r.checklist === id)
        const started = Number(row?.started ?? 0)
        const completed = Number(row?.completed ?? 0)
        const seen = items.filter((r) => r.checklist === id)
        const order = [...(def?.items.map((i) => i.id) ?? []), ...seen.map((r) => r.item).filter((i) => !def?.items.some((d) => d.id === i)).sort()]
        let previous = started
        return {
          checklist: id, configured: def !== undefined, started, completed, dismissed: Number(row?.dismissed ?? 0),
          completionRate: ratio(completed, started),
          medianHoursToComplete: row?.median_hours === null || row?.median_hours === undefined ? null : round(Number(row.median_hours), 2),
          items: order.map((item) => {
            const users = Number(seen.find((r) => r.item === item)?.users ?? 0)
            const step = { item, title: def?.items.find((i) => i.id === item)?.title ?? null, users, rate: ratio(users, started), stepRate: ratio(users, previous) }
            previous = users
            return step
          }),
        }
      }),
    }
  },
  table: (report) =>
    report.checklists.flatMap((c) =>
      c.items.map((i) => ({
        checklist: c.checklist, item: i.item, title: i.title, users: i.users, rate: i.rate, stepRate: i.stepRate,
        started: c.started, completed: c.completed, completionRate: c.completionRate, medianHoursToComplete: c.medianHoursToComplete,
      })),
    ),
})
