import { z } from 'zod'
import { HttpError } from '../http/errors'
import { parseWith } from '../http/query'
import { DEFAULT_GROSS_MARGIN } from '../revenue/ltv'
import { addMonths, monthOf, monthRange, monthsBetween, type Month } from '../revenue/months'
import type { ReportParams } from './params'

/** Longest period a revenue report accepts: ten years of months. */
export const MAX_REVENUE_MONTHS = 120
/** The default period: the last 12 months, the current one included. */
export const DEFAULT_REVENUE_MONTHS = 12

/** A month as YYYY-MM; a YYYY-MM-DD date stands for its month, so the dashboard's date pickers work too. */
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'must be a month as YYYY-MM (or a date YYYY-MM-DD)')
  .transform((value) => value.slice(0, 7))

/** The query of the revenue reports (unknown parameters are refused, so a typo is a 400). */
export const revenueQuerySchema = z.strictObject({
  from: month.optional(),
  to: month.optional(),
  tier: z.string().min(1).max(100).optional(),
  margin: z.coerce
    .number({ error: 'must be a number' })
    .gt(0, 'must be a fraction above 0, e.g. 0.8 for 80 %')
    .max(1, 'must be a fraction of at most 1, e.g. 0.8 for 80 %')
    .optional(),
  format: z.enum(['json', 'csv']).optional(),
})

/** Validated parameters of the revenue reports. */
export interface RevenueParams {
  /** First and last month of the period, both included (UTC calendar months). */
  from: Month
  to: Month
  months: Month[]
  /** Accounts currently in this tier (account_state.tier), as in the other reports. */
  tier?: string
  /** Gross margin for LTV, a fraction (default 0.8). */
  margin: number
}

function resolve(from: Month | undefined, to: Month | undefined, now: Date): Pick<RevenueParams, 'from' | 'to' | 'months'> {
  const end = to ?? monthOf(now)
  const start = from ?? addMonths(end, -(DEFAULT_REVENUE_MONTHS - 1))
  if (start > end) throw new HttpError(400, 'invalid_query', `from: must not be after to (${end})`)
  if (monthsBetween(start, end) + 1 > MAX_REVENUE_MONTHS) {
    throw new HttpError(400, 'invalid_query', `from: the period may span at most ${MAX_REVENUE_MONTHS} months`)
  }
  return { from: start, to: end, months: monthRange(start, end) }
}

/**
 * Validates a revenue report's query (a 400 `invalid_query` naming each problem) and resolves the
 * period: `to` defaults to the current month (UTC), `from` to 11 months before `to`.
 */
export function resolveRevenueParams(query: Record<string, unknown>, now: Date): RevenueParams & { format?: 'json' | 'csv' } {
  const parsed = parseWith(revenueQuerySchema, query)
  return { ...resolve(parsed.from, parsed.to, now), tier: parsed.tier, margin: parsed.margin ?? DEFAULT_GROSS_MARGIN, format: parsed.format }
}

/** The months of the shared report parameters (days), for callers that run a report directly. */
export function fromReportParams(params: ReportParams, now: Date): RevenueParams {
  return { ...resolve(params.from.slice(0, 7), params.to.slice(0, 7), now), tier: params.tier, margin: DEFAULT_GROSS_MARGIN }
}
