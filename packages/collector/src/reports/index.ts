import { adoption } from './adoption'
import { atRisk } from './at-risk'
import { checklists } from './checklists'
import type { ReportContext, ReportDefinition } from './context'
import { crossSell } from './cross-sell'
import { ReportError } from './errors'
import { nps } from './nps'
import { npsComments } from './nps-comments'
import { resolveParams } from './params'
import { prompts } from './prompts'
import { isRevenueReport, REVENUE_REPORTS, runRevenueReport } from './revenue-reports'
import { segments } from './segments'
import { stickiness } from './stickiness'
import { ttv } from './ttv'
import { ttvOverdue } from './ttv-overdue'

/** Every report by its URL name: `/v1/reports/<name>` and `goyo-collector report <name>`. */
export const REPORTS = {
  adoption,
  stickiness,
  ttv,
  'ttv-overdue': ttvOverdue,
  checklists,
  prompts,
  nps,
  'nps-comments': npsComments,
  segments,
  'at-risk': atRisk,
  'cross-sell': crossSell,
  // revenue, ltv, revenue-attribution, revenue-tiers: months and a margin instead of days (revenue-params.ts).
  ...REVENUE_REPORTS,
  // `any`: each report has its own result type, which runReport widens to unknown.
} satisfies Record<string, ReportDefinition<any>>

export type ReportName = keyof typeof REPORTS

export const isReportName = (name: string): name is ReportName => Object.hasOwn(REPORTS, name)

/**
 * Validates the query and runs one report: the single entry point of the HTTP route and the CLI.
 * Throws `ReportError` (`unknown_report`, or `invalid_parameter` naming the parameter); `http/`
 * answers it with 404 or 400 and the CLI with exit code 2.
 *
 * @example
 * const { result, table } = await runReport('adoption', { sql: store.sql, content, now: new Date(), timeZone: 'Asia/Tokyo' }, { from: '2026-05-01' })
 */
export async function runReport(name: string, context: ReportContext, query: Record<string, unknown>) {
  if (!isReportName(name)) {
    throw new ReportError('unknown_report', `no report "${name}"; reports: ${Object.keys(REPORTS).join(', ')}`)
  }
  if (isRevenueReport(name)) return runRevenueReport(name, context, query)
  const report = REPORTS[name] as ReportDefinition<unknown>
  const { format, ...params } = resolveParams(query, context.now, context.timeZone, context.content, report.defaultDays)
  const result = await report.run(context, params)
  return { result, table: () => report.table(result), format }
}

export type { ReportContext, ReportDefinition } from './context'
export { ReportError } from './errors'
export type { ReportParams } from './params'
