import type { ReportContext } from './context'
import { ReportError } from './errors'
import { ltv } from './ltv'
import { revenue } from './revenue'
import { revenueAttribution } from './revenue-attribution'
import type { RevenueReportDefinition } from './revenue-define'
import { resolveRevenueParams } from './revenue-params'
import { revenueTiers } from './revenue-tiers'

/** The revenue reports (cs-metrics §5), by URL name; their parameters are months and a margin. */
export const REVENUE_REPORTS = {
  revenue,
  ltv,
  'revenue-attribution': revenueAttribution,
  'revenue-tiers': revenueTiers,
  // `any`: each report has its own result type.
} satisfies Record<string, RevenueReportDefinition<any>>

export const isRevenueReport = (name: string): name is keyof typeof REVENUE_REPORTS => Object.hasOwn(REVENUE_REPORTS, name)

/**
 * Runs a revenue report from a raw query: `from`/`to` months (YYYY-MM), `tier`, `margin`, `format`.
 * Same answer shape as the registry's `runReport`; a bad query is a `ReportError` naming the parameter.
 *
 * @example
 * await runRevenueReport('ltv', { sql, content, now, timeZone }, { from: '2026-01', to: '2026-12', margin: '0.75' })
 */
export async function runRevenueReport(name: string, context: ReportContext, query: Record<string, unknown>) {
  if (!isRevenueReport(name)) throw new ReportError('unknown_report', `no revenue report "${name}"`)
  const { format, ...params } = resolveRevenueParams(query, context.now, context.timeZone, context.content)
  const report = REVENUE_REPORTS[name] as RevenueReportDefinition<unknown>
  const result = await report.compute(context, params)
  return { result, table: () => report.table(result), format }
}
