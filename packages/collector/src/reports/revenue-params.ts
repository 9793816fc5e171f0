import { monthParameter, textParameter, type Content } from '@goyo/schema'
import { z } from 'zod'
import { DEFAULT_GROSS_MARGIN } from '../revenue/ltv'
import { addMonths, monthOf, monthRange, monthsBetween, type Month } from '../revenue/months'
import { invalidParameter } from './errors'
import { checkNamedFilters, type ReportParams } from './params'
import { parseReportQuery } from './query'

/** Longest period a revenue report accepts: ten years of months. */
export const MAX_REVENUE_MONTHS = 120
/** The default period: the last 12 months, the current one included. */
export const DEFAULT_REVENUE_MONTHS = 12

/** The query of the revenue reports (unknown parameters are refused, so a typo is a 400). */
export const revenueQuerySchema = z.strictObject({
  // A YYYY-MM-DD date stands for its month, so the dashboard's date pickers work too.
  from: monthParameter.optional(),
  to: monthParameter.optional(),
  tier: textParameter(100).optional(),
  margin: z
    .string()
    .regex(/^(\d{1,3}(\.\d{1,6})?|\.\d{1,6})$/, 'must be a number, e.g. 0.8 for 80 %')
    .transform(Number)
    .pipe(z.number().gt(0, 'must be a fraction above 0, e.g. 0.8 for 80 %').max(1, 'must be a fraction of at most 1, e.g. 0.8 for 80 %'))
    .optional(),
  format: z.enum(['json', 'csv']).optional(),
})

/** Validated parameters of the revenue reports. */
export interface RevenueParams {
  /** First and last month of the period, both included (calendar months of the workspace time zone). */
  from: Month
  to: Month
  months: Month[]
  /** Accounts currently in this tier (account_state.tier), as in the other reports. */
  tier?: string
  /** Gross margin for LTV, a fraction (default 0.8). */
  margin: number
}

function resolve(from: Month | undefined, to: Month | undefined, now: Date, timeZone: string): Pick<RevenueParams, 'from' | 'to' | 'months'> {
  const end = to ?? monthOf(now, timeZone)
  const start = from ?? addMonths(end, -(DEFAULT_REVENUE_MONTHS - 1))
  if (start > end) throw invalidParameter('from', `must not be after to (${end})`)
  if (monthsBetween(start, end) + 1 > MAX_REVENUE_MONTHS) throw invalidParameter('from', `the period may span at most ${MAX_REVENUE_MONTHS} months`)
  return { from: start, to: end, months: monthRange(start, end) }
}

/**
 * Validates a revenue report's query (a `ReportError` naming the parameter) and resolves the
 * period: `to` defaults to the current month in `timeZone` (the workspace's), `from` to 11 months before `to`; months lie in
 * the parameter window and the period spans at most {@link MAX_REVENUE_MONTHS}.
 */
export function resolveRevenueParams(query: Record<string, unknown>, now: Date, timeZone: string, content?: Content): RevenueParams & { format?: 'json' | 'csv' } {
  const parsed = parseReportQuery(revenueQuerySchema, query)
  if (content) checkNamedFilters(parsed, content)
  return { ...resolve(parsed.from, parsed.to, now, timeZone), tier: parsed.tier, margin: parsed.margin ?? DEFAULT_GROSS_MARGIN, format: parsed.format }
}

/** The months of the shared report parameters (days), for callers that run a report directly. */
export function fromReportParams(params: ReportParams, now: Date, timeZone: string): RevenueParams {
  return { ...resolve(params.from.slice(0, 7), params.to.slice(0, 7), now, timeZone), tier: params.tier, margin: DEFAULT_GROSS_MARGIN }
}
