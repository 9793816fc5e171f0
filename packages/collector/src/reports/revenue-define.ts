import type { ReportContext, ReportDefinition } from './context'
import { fromReportParams, type RevenueParams } from './revenue-params'

/**
 * A revenue report: a report of the registry whose period is in months and which takes a gross
 * margin. `run` accepts the shared day-based parameters (their months, default margin), so any
 * caller of the registry gets an answer; `compute` takes the revenue parameters themselves.
 */
export interface RevenueReportDefinition<Result> extends ReportDefinition<Result> {
  compute(context: ReportContext, params: RevenueParams): Promise<Result>
}

/** Declares a revenue report. */
export function defineRevenueReport<Result>(definition: Omit<RevenueReportDefinition<Result>, 'run'>): RevenueReportDefinition<Result> {
  return { ...definition, run: (context, params) => definition.compute(context, fromReportParams(params, context.now, context.timeZone)) }
}

/** Cents to currency units. */
export const money = (cents: number) => cents / 100
