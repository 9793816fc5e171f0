import { EVENTS } from '@goyo/schema'
import { defaultText } from '../content/localize'
import { defineReport, tierFilter } from './context'
import { periodBounds } from './period'
import { quantile, sortedAscending } from './quantile'
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
  /** Median (linear interpolation, see quantile.ts) of first item → Checklist Completed, in hours, over completers. */
  medianHoursToComplete: number | null
  /** The funnel: items in content order, each step a subset of the one before. */
  items: Array<{
    item: string
    title: string | null
    /** Users of `started` who completed this item and every item before it. Never grows along the funnel. */
    users: number
    /** Users of `started` who completed this item, in whatever order. */
    completedAnyOrder: number
    /** users / started. */
    rate: number | null
    /** users / the previous step's users (the first item: / started); within [0, 1]. */
    stepRate: number | null
  }>
}

export interface ChecklistsReport {
  period: { from: string; to: string; days: number }
  tier: string | null
  checklists: ChecklistFunnel[]
}

const KINDS = [EVENTS.checklistItemCompleted, EVENTS.checklistCompleted, EVENTS.checklistDismissed]
const HOUR = 3_600_000

/**
 * Checklist funnels, item by item (README "Report definitions", Checklists).
 *
 * Definitions: there is no "checklist shown" event, so the denominator is the users who started
 * the checklist: their first `Checklist Item Completed`, `Checklist Completed` or `Checklist
 * Dismissed` for it falls in the period. An item counts when the user has a `Checklist Item
 * Completed` for it (at any time); step k of the funnel is the users who completed items 1..k
 * (content order; ids seen in events but missing from the content come after, by name), so a
 * step never holds more users than the one before, whatever order users work in. Completion
 * rate = users with `Checklist Completed` / started. Time to complete = `Checklist Completed` −
 * the user's first item completion (0 when it has none); its median is the quantile of
 * quantile.ts. `tier` keeps the rollup rows of accounts currently in the tier. Reads user_firsts
 * only: one row per started user, and one per item they completed.
 */
export const checklists = defineReport<ChecklistsReport>({
  description: 'Per checklist: the funnel item by item, completion rate and median time to complete',
  async run({ sql, content, timeZone }, params) {
    const { start, end } = periodBounds(params, timeZone)
    const values: unknown[] = [KINDS, start, end]
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
    const users = await sql.query<{ checklist: string; user_key: string; first_item_at: Date | string | null; completed_at: Date | string | null; dismissed: boolean }>(
      `${cte} SELECT checklist, user_key, first_item_at, completed_at, dismissed FROM cohort`,
      values,
    )
    const done = await sql.query<{ checklist: string; user_key: string; item: string }>(
      `${cte} SELECT DISTINCT a.checklist, a.user_key, split_part(a.name, '/', 2) AS item
       FROM acts a JOIN cohort c ON c.checklist = a.checklist AND c.user_key = a.user_key
       WHERE a.kind = '${EVENTS.checklistItemCompleted}'`,
      values,
    )

    const ids = [...new Set([...content.checklists.map((c) => c.id), ...users.map((r) => r.checklist)])]
    return {
      period: { from: params.from, to: params.to, days: params.days },
      tier: params.tier ?? null,
      checklists: ids.map((id): ChecklistFunnel => {
        const def = content.checklists.find((c) => c.id === id)
        // A title in several languages is named in the content's default one.
        const titleOf = (title: Parameters<typeof defaultText>[0] | undefined) => (title === undefined ? null : defaultText(title, content))
        const cohort = users.filter((r) => r.checklist === id)
        const completers = cohort.filter((r) => r.completed_at !== null)
        const hours = completers.map((r) => (time(r.completed_at!) - time(r.first_item_at ?? r.completed_at!)) / HOUR)
        const median = quantile(sortedAscending(hours), 0.5)
        const itemsOf = new Map<string, Set<string>>()
        for (const row of done) if (row.checklist === id) itemsOf.set(row.user_key, (itemsOf.get(row.user_key) ?? new Set()).add(row.item))
        const seen = [...new Set(done.filter((r) => r.checklist === id).map((r) => r.item))]
        const order = [...(def?.items.map((i) => i.id) ?? []), ...seen.filter((i) => !def?.items.some((d) => d.id === i)).sort()]
        // Users still in the funnel after each step: those who completed every item so far.
        let remaining = cohort.map((r) => r.user_key)
        let previous = cohort.length
        return {
          checklist: id, configured: def !== undefined, started: cohort.length, completed: completers.length,
          dismissed: cohort.filter((r) => r.dismissed).length,
          completionRate: ratio(completers.length, cohort.length),
          medianHoursToComplete: median === null ? null : round(median, 2),
          items: order.map((item) => {
            remaining = remaining.filter((user) => itemsOf.get(user)?.has(item))
            const step = {
              item, title: titleOf(def?.items.find((i) => i.id === item)?.title), users: remaining.length,
              completedAnyOrder: [...itemsOf.values()].filter((items) => items.has(item)).length,
              rate: ratio(remaining.length, cohort.length), stepRate: ratio(remaining.length, previous),
            }
            previous = remaining.length
            return step
          }),
        }
      }),
    }
  },
  table: (report) =>
    report.checklists.flatMap((c) =>
      c.items.map((i) => ({
        checklist: c.checklist, item: i.item, title: i.title, users: i.users, completedAnyOrder: i.completedAnyOrder, rate: i.rate, stepRate: i.stepRate,
        started: c.started, completed: c.completed, completionRate: c.completionRate, medianHoursToComplete: c.medianHoursToComplete,
      })),
    ),
})

const time = (value: Date | string) => new Date(value).getTime()
