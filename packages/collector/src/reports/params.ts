import { z } from 'zod'
import { HttpError } from '../http/errors'
import { parseWith } from '../http/query'

const DAY = 86_400_000

/** Longest period a report accepts: ten years of days keeps every series answer-sized. */
export const MAX_PERIOD_DAYS = 3660

/** The default period: the last 30 days, today (UTC) included. */
export const DEFAULT_PERIOD_DAYS = 30

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => {
    const time = Date.parse(`${value}T00:00:00Z`)
    return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === value
  }, 'is not a calendar date')

const name = z.string().min(1).max(200)

/** The query parameters every report accepts (unknown ones are refused, so a typo is a 400). */
export const reportQuerySchema = z
  .strictObject({
    from: isoDate.optional(),
    to: isoDate.optional(),
    tier: z.string().min(1).max(100).optional(),
    feature: name.optional(),
    milestone: name.optional(),
    interval: z.enum(['day', 'week', 'month']).optional(),
    format: z.enum(['json', 'csv']).optional(),
    // cross-sell: one product, a page of its ranking, and the backtest's horizon in days.
    product: z.string().min(1).max(100).optional(),
    limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(500).optional(),
    cursor: z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, 'is not a cursor from a previous page').optional(),
    horizon: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(365).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.from > query.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' })
    if (query.cursor && !query.product) ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'pages one product: give product too' })
  })

export type ReportQuery = z.input<typeof reportQuerySchema>

/** The query of `overview` and `events`: an optional period (all time without one) and the format. */
export const periodQuerySchema = z
  .strictObject({ from: isoDate.optional(), to: isoDate.optional(), format: z.enum(['json', 'csv']).optional() })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.from > query.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' })
  })
export type Interval = 'day' | 'week' | 'month'

/** Validated parameters with the period resolved to inclusive UTC days. */
export interface ReportParams {
  /** First day of the period, YYYY-MM-DD (UTC). */
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
}

/** `date` plus `days` days, as YYYY-MM-DD. */
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)
/** Whole days from `a` to `b` (both YYYY-MM-DD). */
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY)
/** The instant a UTC day starts. */
export const startOf = (date: string) => new Date(`${date}T00:00:00Z`)

/**
 * Validates a report's query (a 400 `invalid_query` listing every problem) and resolves the
 * period: `to` defaults to today (UTC) and is included; `from` defaults to `defaultDays` − 1 days
 * before `to` (the report's own default period, else 30 days).
 */
export function resolveParams(query: Record<string, unknown>, now: Date, defaultDays = DEFAULT_PERIOD_DAYS): ReportParams & { format?: 'json' | 'csv' } {
  const parsed = parseWith(reportQuerySchema, query)
  const to = parsed.to ?? now.toISOString().slice(0, 10)
  const from = parsed.from ?? addDays(to, -(defaultDays - 1))
  if (from > to) throw new HttpError(400, 'invalid_query', `from: must not be after to (${to})`)
  const days = daysBetween(from, to) + 1
  if (days > MAX_PERIOD_DAYS) throw new HttpError(400, 'invalid_query', `from: the period may span at most ${MAX_PERIOD_DAYS} days`)
  return {
    from, to, days,
    tier: parsed.tier, feature: parsed.feature, milestone: parsed.milestone,
    interval: parsed.interval ?? 'week', format: parsed.format,
    product: parsed.product, limit: parsed.limit, cursor: parsed.cursor, horizon: parsed.horizon,
  }
}
