import { dateParameter, integerParameter, textParameter, type Content } from '@goyo/schema'
import { z } from 'zod'
import { addDays, daysBetween } from '../calendar/dates'
import { today } from '../calendar/zone'

// Calendar arithmetic lives in calendar/dates.ts; re-exported for the callers that import it from here.
export { addDays, daysBetween } from '../calendar/dates'
import { invalidParameter } from './errors'
import { parseReportQuery } from './query'

/** Longest period a report accepts: ten years of days keeps every series answer-sized. */
export const MAX_PERIOD_DAYS = 3660

/** The default period: the last 30 days, today (in the workspace time zone) included. */
export const DEFAULT_PERIOD_DAYS = 30

const name = textParameter(200)

/** The query parameters every report accepts (unknown ones are refused, so a typo is a 400). */
export const reportQuerySchema = z
  .strictObject({
    from: dateParameter.optional(),
    to: dateParameter.optional(),
    tier: textParameter(100).optional(),
    feature: name.optional(),
    milestone: name.optional(),
    interval: z.enum(['day', 'week', 'month']).optional(),
    format: z.enum(['json', 'csv']).optional(),
    // cross-sell: one product, a page of its ranking, and the backtest's horizon in days.
    product: textParameter(100).optional(),
    limit: integerParameter(1, 500).optional(),
    cursor: z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, 'is not a cursor from a previous page').optional(),
    horizon: integerParameter(1, 365).optional(),
    // nps-comments: one group of answers.
    group: z.enum(['promoters', 'passives', 'detractors']).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.cursor && !query.product) ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'pages one product: give product too' })
  })

export type ReportQuery = z.input<typeof reportQuerySchema>

/** The query of `overview` and `events`: an optional period (all time without one) and the format. */
export const periodQuerySchema = z
  .strictObject({ from: dateParameter.optional(), to: dateParameter.optional(), format: z.enum(['json', 'csv']).optional() })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.from > query.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' })
  })
export type Interval = 'day' | 'week' | 'month'

/** Validated parameters with the period resolved to inclusive calendar days of the workspace time zone. */
export interface ReportParams {
  /** First day of the period, YYYY-MM-DD (a calendar date in the workspace time zone). */
  from: string
  /** Last day of the period, included. */
  to: string
  /** Days in the period. */
  days: number
  tier?: string
  feature?: string
  milestone?: string
  interval: Interval
  product?: string
  limit?: number
  cursor?: string
  horizon?: number
  group?: 'promoters' | 'passives' | 'detractors'
}

/**
 * Checks that `tier` names a tier of the content, and `feature` and `milestone` a feature and a
 * milestone of it when the content defines any: a filter that can match nothing is a typo to
 * report, not an empty answer to trust.
 */
export function checkNamedFilters(query: { tier?: string; feature?: string; milestone?: string }, content: Content): void {
  const tiers = content.tiers.map((tier) => tier.id)
  if (query.tier !== undefined && !tiers.includes(query.tier)) {
    throw invalidParameter('tier', `no tier "${query.tier}" in the content file${tiers.length ? ` (tiers: ${tiers.join(', ')})` : ''}`)
  }
  const features = Object.keys(content.features)
  if (query.feature !== undefined && features.length > 0 && !features.includes(query.feature)) {
    throw invalidParameter('feature', `no feature "${query.feature}" in the content file`)
  }
  const milestones = Object.keys(content.milestones)
  if (query.milestone !== undefined && milestones.length > 0 && !milestones.includes(query.milestone)) {
    throw invalidParameter('milestone', `no milestone "${query.milestone}" in the content file`)
  }
}

/**
 * Validates a report's query (a `ReportError` naming the parameter) and resolves the period: `to`
 * defaults to today in `timeZone` (the workspace's) and is included; `from` defaults to `defaultDays` − 1 days before `to`
 * (the report's own default period, else 30 days). Dates lie in
 * the parameter window and the period spans at most {@link MAX_PERIOD_DAYS}, so no report loops
 * or allocates more than that many days whatever the query says.
 */
export function resolveParams(
  query: Record<string, unknown>,
  now: Date,
  timeZone: string,
  content?: Content,
  defaultDays = DEFAULT_PERIOD_DAYS,
): ReportParams & { format?: 'json' | 'csv' } {
  const parsed = parseReportQuery(reportQuerySchema, query)
  if (content) checkNamedFilters(parsed, content)
  const to = parsed.to ?? today(now, timeZone)
  const from = parsed.from ?? addDays(to, -(defaultDays - 1))
  if (from > to) throw invalidParameter('from', `must not be after to (${to})`)
  const days = daysBetween(from, to) + 1
  if (days > MAX_PERIOD_DAYS) throw invalidParameter('from', `the period may span at most ${MAX_PERIOD_DAYS} days`)
  return {
    from, to, days,
    tier: parsed.tier, feature: parsed.feature, milestone: parsed.milestone,
    interval: parsed.interval ?? 'week', format: parsed.format,
    product: parsed.product, limit: parsed.limit, cursor: parsed.cursor, horizon: parsed.horizon, group: parsed.group,
  }
}
