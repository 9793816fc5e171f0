import type { Content } from '@goyo/schema'
import type { SqlClient } from '../store/sql'
import type { ReportParams } from './params'

/**
 * What a report reads from: the store's SQL (rollups and state; raw events only through an index), the content,
 * the clock and the workspace time zone. A client rather than an executor: reports bring the day bitmaps up to date first.
 */
export interface ReportContext {
  sql: SqlClient
  content: Content
  now: Date
  /**
   * The workspace time zone (`GOYO_TIMEZONE`), an IANA name: where the period's days, weeks and
   * months begin. The rollups' days are cut in it too (the collector answers 503 while they are
   * being rebuilt for another one).
   */
  timeZone: string
}

/** One report: how to compute it and which table stands for it in CSV and on a terminal. */
export interface ReportDefinition<Result = unknown> {
  /** One line for `goyo-collector report --help`. */
  description: string
  /** Days in the period when the query gives no `from` (default: `DEFAULT_PERIOD_DAYS`). */
  defaultDays?: number
  run(context: ReportContext, params: ReportParams): Promise<Result>
  /** The report's main table, one flat object per row. */
  table(result: Result): Record<string, unknown>[]
}

/** Declares a report with its result type checked against `run` and `table`. */
export const defineReport = <Result>(definition: ReportDefinition<Result>): ReportDefinition<Result> => definition

/** JSON columns come back as text from some drivers. */
export const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)

/**
 * The tier filter as SQL over an account id column, appended to `params`. Accounts without a
 * computed tier never match a tier filter.
 */
export function tierFilter(params: unknown[], tier: string | undefined, accountColumn: string): string {
  if (!tier) return 'true'
  return `${accountColumn} IN (SELECT account_id FROM account_state WHERE tier = $${params.push(tier)})`
}
